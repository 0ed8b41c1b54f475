// The searches a viewer can pick from in the cluster panel: the model keeps only the latest
// completed search's shards (ClusterModel::last_search), so the GUI records what it saw frame
// by frame. Newest first, at most kCapacity; a rebuilt run (seek back, restart, injection:
// a new generation) starts a new history. With a search selected, the panel shows that one
// until it falls out of the history; with none selected, it follows the latest.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>

#include "models/cluster/search_coordinator.h"

namespace ringsim::viz {

class SearchHistory {
 public:
  static constexpr std::size_t kCapacity = 16;

  // Called once a frame with the model's latest search (nullptr without vectors).
  void observe(std::uint64_t generation, const SearchTouch* latest);
  const std::deque<SearchTouch>& searches() const { return searches_; }
  // Selects the search at `index` of searches(); nullopt follows the latest.
  void select(std::optional<std::size_t> index);
  // The search to show: the selected one, else the latest; nullptr when there is none.
  const SearchTouch* shown() const;
  bool following_latest() const { return !selected_ns_; }

 private:
  std::deque<SearchTouch> searches_;
  std::optional<std::uint64_t> generation_;
  std::optional<TimeNs> selected_ns_;  // completion time of the selected search
};

}  // namespace ringsim::viz
