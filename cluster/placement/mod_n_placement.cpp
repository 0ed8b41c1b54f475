#include "cluster/placement/mod_n_placement.h"

#include "cluster/placement/strategies.h"
#include "sim/assert.h"

namespace ringsim {

void ModNPlacement::replicas_for(std::uint64_t key_hash, std::uint32_t rf,
                                 ReplicaList& out) const {
  RINGSIM_ASSERT(rf >= 1 && rf <= kReplicationFactorMax);
  const std::uint32_t wanted = detail::replica_count(rf, members_.size());
  out.count = 0;
  if (wanted == 0) return;
  const std::size_t slot_count = members_.size();
  const std::size_t primary_slot = static_cast<std::size_t>(key_hash % slot_count);
  for (std::uint32_t offset = 0; offset < wanted; ++offset) {
    out.nodes[out.count++] = members_[(primary_slot + offset) % slot_count];
  }
}

PlacementEntry placement_entries::mod_n() {
  PlacementEntry entry;
  entry.name = "mod_n";
  entry.make = [](const PlacementConfig& config, std::uint64_t seed) -> std::unique_ptr<Placement> {
    (void)config, (void)seed;
    return std::make_unique<ModNPlacement>();
  };
  return entry;
}

}  // namespace ringsim
