#include "viz/search_history.h"

#include <algorithm>

namespace ringsim::viz {

void SearchHistory::observe(std::uint64_t generation, const SearchTouch* latest) {
  if (generation_ != generation) {
    searches_.clear();
    selected_ns_.reset();
    generation_ = generation;
  }
  if (latest == nullptr || latest->completed_ns < 0) return;
  // Completion times only grow within a run: an equal one is the search already recorded.
  if (!searches_.empty() && searches_.front().completed_ns >= latest->completed_ns) return;
  searches_.push_front(*latest);
  if (searches_.size() > kCapacity) searches_.pop_back();
}

void SearchHistory::select(std::optional<std::size_t> index) {
  if (!index || *index >= searches_.size()) {
    selected_ns_.reset();
    return;
  }
  selected_ns_ = searches_[*index].completed_ns;
}

const SearchTouch* SearchHistory::shown() const {
  if (searches_.empty()) return nullptr;
  if (!selected_ns_) return &searches_.front();
  const auto found = std::find_if(searches_.begin(), searches_.end(),
                                  [&](const SearchTouch& touch) { return touch.completed_ns == *selected_ns_; });
  // The selected search aged out of the history: show nothing rather than another one.
  return found == searches_.end() ? nullptr : &*found;
}

}  // namespace ringsim::viz
