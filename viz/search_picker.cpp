#include "viz/search_picker.h"

#include <algorithm>

namespace ringsim::viz {

void SearchPicker::set_generation(std::uint64_t generation) {
  if (generation_ == generation) return;
  generation_ = generation;
  selected_.reset();
}

void SearchPicker::select(const std::vector<SearchTouch>& searches, std::optional<std::size_t> index) {
  if (!index || *index >= searches.size()) {
    selected_.reset();
    return;
  }
  selected_ = searches[*index].sequence;
}

const SearchTouch* SearchPicker::shown(const std::vector<SearchTouch>& searches) const {
  if (searches.empty()) return nullptr;
  if (!selected_) return &searches.front();
  const auto found = std::find_if(searches.begin(), searches.end(),
                                  [&](const SearchTouch& touch) { return touch.sequence == *selected_; });
  return found == searches.end() ? nullptr : &*found;
}

}  // namespace ringsim::viz
