#include "cluster/placement/rendezvous_placement.h"

#include "cluster/placement/strategies.h"

#include <string_view>

#include "sim/assert.h"
#include "sim/random.h"

namespace ringsim {

namespace {
constexpr std::string_view kRendezvousStream = "placement.rendezvous";

// True when (score_a, node_a) ranks before (score_b, node_b): higher score first, then the
// lower node id, so equal scores still give one answer whatever the member order.
bool ranks_before(std::uint64_t score_a, NodeId node_a, std::uint64_t score_b, NodeId node_b) {
  return score_a > score_b || (score_a == score_b && node_a < node_b);
}
}  // namespace

RendezvousPlacement::RendezvousPlacement(std::uint64_t seed) {
  Rng rng(seed, kRendezvousStream);
  for (std::uint64_t& salt : salts_) salt = rng.next_u64();
}

void RendezvousPlacement::replicas_for(std::uint64_t key_hash, std::uint32_t rf,
                                       ReplicaList& out) const {
  RINGSIM_ASSERT(rf >= 1 && rf <= kReplicationFactorMax);
  const std::uint32_t wanted = detail::replica_count(rf, members_.size());
  // The best `wanted` so far, kept sorted by rank: insertion into at most 7 slots.
  std::array<std::uint64_t, kReplicationFactorMax> best_scores{};
  out.count = 0;
  if (wanted == 0) return;
  for (const NodeId node : members_) {
    const std::uint64_t node_score = score(key_hash, node);
    std::uint32_t position = out.count;
    if (position == wanted) {
      if (!ranks_before(node_score, node, best_scores[wanted - 1], out.nodes[wanted - 1])) {
        continue;
      }
      position -= 1;  // Evict the last.
    } else {
      out.count += 1;
    }
    while (position > 0 &&
           ranks_before(node_score, node, best_scores[position - 1], out.nodes[position - 1])) {
      best_scores[position] = best_scores[position - 1];
      out.nodes[position] = out.nodes[position - 1];
      position -= 1;
    }
    best_scores[position] = node_score;
    out.nodes[position] = node;
  }
}

PlacementEntry placement_entries::rendezvous() {
  PlacementEntry entry;
  entry.name = "rendezvous";
  entry.make = [](const PlacementConfig& config, std::uint64_t seed) -> std::unique_ptr<Placement> {
    (void)config;
    return std::make_unique<RendezvousPlacement>(seed);
  };
  return entry;
}

}  // namespace ringsim
