#include "cluster/placement/placement.h"

#include <algorithm>
#include <cmath>

#include "cluster/placement/bounded_load_placement.h"
#include "cluster/placement/jump_placement.h"
#include "cluster/placement/mod_n_placement.h"
#include "cluster/placement/rendezvous_placement.h"
#include "cluster/placement/ring_placement.h"
#include "cluster/placement/shard_balancer_placement.h"
#include "sim/assert.h"

namespace ringsim {

std::uint64_t key_hash(std::uint64_t key_id) { return detail::placement_mix64(key_id); }

const char* strategy_name(PlacementConfig::Strategy strategy) {
  switch (strategy) {
    case PlacementConfig::Strategy::kRing: return "ring";
    case PlacementConfig::Strategy::kRendezvous: return "rendezvous";
    case PlacementConfig::Strategy::kJump: return "jump";
    case PlacementConfig::Strategy::kBoundedLoad: return "bounded_load";
    case PlacementConfig::Strategy::kModN: return "mod_n";
    case PlacementConfig::Strategy::kShardBalancer: return "shard_balancer";
  }
  RINGSIM_ASSERT(false && "unknown placement strategy");
  return "";
}

std::optional<PlacementConfig::Strategy> parse_strategy(std::string_view name) {
  for (const PlacementConfig::Strategy strategy :
       {PlacementConfig::Strategy::kRing, PlacementConfig::Strategy::kRendezvous,
        PlacementConfig::Strategy::kJump, PlacementConfig::Strategy::kBoundedLoad,
        PlacementConfig::Strategy::kModN, PlacementConfig::Strategy::kShardBalancer}) {
    if (name == strategy_name(strategy)) return strategy;
  }
  return std::nullopt;
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
  switch (config.strategy) {
    case PlacementConfig::Strategy::kRing:
      return std::make_unique<RingPlacement>(seed, config.vnodes_per_node);
    case PlacementConfig::Strategy::kRendezvous:
      return std::make_unique<RendezvousPlacement>(seed);
    case PlacementConfig::Strategy::kJump:
      return std::make_unique<JumpPlacement>();
    case PlacementConfig::Strategy::kBoundedLoad:
      return std::make_unique<BoundedLoadPlacement>(seed, config.vnodes_per_node,
                                                    config.load_epsilon);
    case PlacementConfig::Strategy::kModN:
      return std::make_unique<ModNPlacement>();
    case PlacementConfig::Strategy::kShardBalancer:
      return std::make_unique<ShardBalancerPlacement>(seed, config.balancer, config.rebalance_auto);
  }
  RINGSIM_ASSERT(false && "unknown placement strategy");
  return nullptr;
}

}  // namespace ringsim
