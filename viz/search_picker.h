// The cluster panel's picker of recent searches. The model keeps the latest completed
// searches itself (ClusterView::recent_searches, newest first), so the picker holds only
// which one the viewer chose: its sequence number, within one run generation. A rebuilt run
// (seek back, restart, injection: a new generation) drops the choice. With a search chosen,
// the panel shows that one until it ages out of the model's list (then nothing, never
// another search); with none chosen, it follows the latest.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "models/cluster/cluster_view.h"

namespace ringsim::viz {

class SearchPicker {
 public:
  // Called before use in each frame: a new generation forgets the choice.
  void set_generation(std::uint64_t generation);
  // Chooses `searches[index]`; nullopt (or an index past the end) follows the latest.
  void select(const std::vector<SearchTouch>& searches, std::optional<std::size_t> index);
  // The search to show among `searches` (newest first): the chosen one, else the latest;
  // nullptr when there is none or the chosen one aged out.
  const SearchTouch* shown(const std::vector<SearchTouch>& searches) const;
  bool following_latest() const { return !selected_; }

 private:
  std::optional<std::uint64_t> generation_;
  std::optional<std::uint64_t> selected_;  // SearchTouch::sequence of the chosen search
};

}  // namespace ringsim::viz
