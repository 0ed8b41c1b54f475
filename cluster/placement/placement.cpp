#include "cluster/placement/placement.h"

#include <algorithm>
#include <cmath>

#include "cluster/placement/strategies.h"
#include "sim/assert.h"

namespace ringsim {

std::uint64_t key_hash(std::uint64_t key_id) { return detail::placement_mix64(key_id); }

const std::vector<PlacementEntry>& placement_strategies() {
#define RINGSIM_LIST_PLACEMENT(name) placement_entries::name(),
  static const std::vector<PlacementEntry> entries = {RINGSIM_PLACEMENT_STRATEGIES(RINGSIM_LIST_PLACEMENT)};
#undef RINGSIM_LIST_PLACEMENT
  return entries;
}

const PlacementEntry* find_placement(std::string_view name) {
  for (const PlacementEntry& entry : placement_strategies()) {
    if (name == entry.name) return &entry;
  }
  return nullptr;
}

void Placement::assign(std::uint64_t key_count, std::uint32_t rf,
                       std::vector<ReplicaList>& out) const {
  out.resize(key_count);
  for (std::uint64_t key_id = 0; key_id < key_count; ++key_id) {
    replicas_for(key_hash(key_id), rf, out[key_id]);
  }
}

bool Placement::is_member(NodeId node) const {
  return std::find(members_.begin(), members_.end(), node) != members_.end();
}

std::size_t Placement::append_member(NodeId node) {
  RINGSIM_ASSERT(node < kNodesMax);
  RINGSIM_ASSERT(!is_member(node));
  members_.push_back(node);
  return members_.size() - 1;
}

std::size_t Placement::erase_member(NodeId node) {
  const auto it = std::find(members_.begin(), members_.end(), node);
  RINGSIM_ASSERT(it != members_.end());
  const std::size_t slot = static_cast<std::size_t>(it - members_.begin());
  members_.erase(it);
  return slot;
}

std::unique_ptr<Placement> make_placement(const PlacementConfig& config, std::uint64_t seed) {
  RINGSIM_ASSERT(config.vnodes_per_node >= 1 && config.vnodes_per_node <= kVnodesPerNodeMax);
  RINGSIM_ASSERT(std::isfinite(config.load_epsilon) && config.load_epsilon > 0);
  const PlacementEntry* entry = find_placement(config.strategy);
  RINGSIM_ASSERT(entry != nullptr && "unknown placement strategy");
  return entry->make(config, seed);
}

}  // namespace ringsim
