#include "cluster/placement/shard_balancer_placement.h"

#include <algorithm>
#include <cmath>

#include "cluster/placement/strategies.h"
#include "sim/assert.h"
#include "sim/json_reader.h"

namespace ringsim {

namespace {
void remove_at(ReplicaList& list, std::size_t index) {
  for (std::size_t i = index; i + 1 < list.count; ++i) list.nodes[i] = list.nodes[i + 1];
  list.count -= 1;
}
}  // namespace

ShardBalancerPlacement::ShardBalancerPlacement(std::uint64_t seed, PlacementConfig::Balancer balancer,
                                               bool rebalance_auto)
    : balancer_(balancer), rebalance_auto_(rebalance_auto) {
  for (std::size_t node = 0; node < kNodesMax; ++node) {
    salts_[node] = detail::placement_mix64(detail::placement_mix64(seed ^ 0x5a4dba1a5ce5ULL) + node);
  }
}

void ShardBalancerPlacement::set_unit_weights(std::vector<double> weights) {
  for (const double weight : weights) RINGSIM_ASSERT(std::isfinite(weight) && weight >= 0);
  weights_ = std::move(weights);
}

std::optional<NodeId> ShardBalancerPlacement::preferred_source(std::uint64_t unit) const {
  return unit < source_hints_.size() ? source_hints_[unit] : std::nullopt;
}

void ShardBalancerPlacement::replicas_for(std::uint64_t key_hash, std::uint32_t rf, ReplicaList& out) const {
  out.count = 0;
  if (table_.empty()) return;
  // Equal arcs, one per shard: unit = floor(hash / 2^64 * units), in integers.
  const auto unit = static_cast<std::size_t>(((key_hash >> 32) * table_.size()) >> 32);
  const ReplicaList& replicas = table_[unit];
  for (std::uint8_t i = 0; i < replicas.count && out.count < rf; ++i) out.nodes[out.count++] = replicas.nodes[i];
}

std::uint32_t ShardBalancerPlacement::replicas_on(NodeId node) const {
  std::uint32_t count = 0;
  for (const ReplicaList& replicas : table_) count += replicas.contains(node) ? 1 : 0;
  return count;
}

std::array<double, kNodesMax> ShardBalancerPlacement::loads() const {
  std::array<double, kNodesMax> load{};
  const bool by_size = balancer_ == PlacementConfig::Balancer::kBySize;
  for (std::size_t unit = 0; unit < table_.size(); ++unit) {
    for (const NodeId node : table_[unit]) load[node] += by_size ? weight(unit) : 1.0;
  }
  return load;
}

bool ShardBalancerPlacement::lighter(NodeId a, NodeId b, const std::array<double, kNodesMax>& load) const {
  if (load[a] != load[b]) return load[a] < load[b];
  if (salts_[a] != salts_[b]) return salts_[a] < salts_[b];
  return a < b;
}

std::optional<NodeId> ShardBalancerPlacement::least_loaded_without(std::size_t unit,
                                                                   const std::array<double, kNodesMax>& load) const {
  std::optional<NodeId> best;
  for (const NodeId node : members_) {
    if (table_[unit].contains(node)) continue;
    if (!best || lighter(node, *best, load)) best = node;
  }
  return best;
}

std::vector<std::size_t> ShardBalancerPlacement::unit_order() const {
  std::vector<std::size_t> order(table_.size());
  for (std::size_t unit = 0; unit < order.size(); ++unit) order[unit] = unit;
  if (balancer_ == PlacementConfig::Balancer::kBySize) {
    // Largest first: the greedy (LPT) rule that keeps sums even.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return weight(a) > weight(b); });
  }
  return order;
}

void ShardBalancerPlacement::place_initial(std::uint32_t wanted) const {
  std::array<double, kNodesMax> load{};
  std::array<std::uint32_t, kNodesMax> primaries{};
  const bool by_size = balancer_ == PlacementConfig::Balancer::kBySize;
  for (const std::size_t unit : unit_order()) {
    ReplicaList& replicas = table_[unit];
    for (std::uint32_t copy = 0; copy < wanted; ++copy) {
      const std::optional<NodeId> node = least_loaded_without(unit, load);
      RINGSIM_ASSERT(node.has_value());
      replicas.nodes[replicas.count++] = *node;
      load[*node] += by_size ? weight(unit) : 1.0;
    }
    // The same nodes tie for lightest shard after shard, so without this the primaries
    // (what read_policy "primary" reads) would all land on the first rf-th of the nodes.
    std::uint8_t first = 0;
    for (std::uint8_t i = 1; i < replicas.count; ++i) {
      if (primaries[replicas.nodes[i]] < primaries[replicas.nodes[first]]) first = i;
    }
    if (replicas.count > 0) {
      std::swap(replicas.nodes[0], replicas.nodes[first]);
      primaries[replicas.nodes[0]] += 1;
    }
  }
}

void ShardBalancerPlacement::repair(std::uint32_t rf, std::uint32_t wanted) const {
  const bool lowered = rf < rf_;
  for (ReplicaList& replicas : table_) {
    for (std::size_t i = replicas.count; i-- > 0;) {
      if (!is_member(replicas.nodes[i])) remove_at(replicas, i);
    }
    if (lowered && replicas.count > wanted) replicas.count = static_cast<std::uint8_t>(wanted);
  }
  std::array<double, kNodesMax> load = loads();
  const bool by_size = balancer_ == PlacementConfig::Balancer::kBySize;
  for (const std::size_t unit : unit_order()) {
    while (table_[unit].count < wanted) {
      const std::optional<NodeId> node = least_loaded_without(unit, load);
      RINGSIM_ASSERT(node.has_value());
      table_[unit].nodes[table_[unit].count++] = *node;
      load[*node] += by_size ? weight(unit) : 1.0;
    }
  }
}

void ShardBalancerPlacement::rebalance() const {
  const bool by_size = balancer_ == PlacementConfig::Balancer::kBySize;
  std::array<double, kNodesMax> load = loads();
  // Each move strictly lowers the sum of squared loads, so this ends; the cap is a guard.
  const std::size_t moves_max = table_.size() * kReplicationFactorMax + 1;
  for (std::size_t move = 0; move < moves_max && members_.size() > 1; ++move) {
    NodeId heavy = members_.front();
    NodeId light = members_.front();
    for (const NodeId node : members_) {
      if (lighter(heavy, node, load)) heavy = node;
      if (lighter(node, light, load)) light = node;
    }
    const double gap = load[heavy] - load[light];
    // The replica on `heavy` to hand to `light`: one it lacks, smaller than the gap; by
    // size the one nearest half the gap, by count the lowest shard id.
    std::optional<std::size_t> chosen;
    double chosen_score = 0;
    for (std::size_t unit = 0; unit < table_.size(); ++unit) {
      if (!table_[unit].contains(heavy) || table_[unit].contains(light)) continue;
      const double w = by_size ? weight(unit) : 1.0;
      if (!(w < gap) || (!by_size && gap < 2)) continue;
      const double score = std::abs(gap / 2 - w);
      if (!chosen || score < chosen_score) chosen = unit, chosen_score = score;
      if (!by_size) break;
    }
    if (!chosen) return;
    ReplicaList& replicas = table_[*chosen];
    for (std::uint8_t i = 0; i < replicas.count; ++i) {
      if (replicas.nodes[i] == heavy) replicas.nodes[i] = light;
    }
    const double w = by_size ? weight(*chosen) : 1.0;
    load[heavy] -= w;
    load[light] += w;
  }
}

void ShardBalancerPlacement::assign(std::uint64_t unit_count, std::uint32_t rf, std::vector<ReplicaList>& out) const {
  RINGSIM_ASSERT(rf >= 1 && rf <= kReplicationFactorMax);
  RINGSIM_ASSERT(weights_.empty() || weights_.size() == unit_count);
  const std::uint32_t wanted = detail::replica_count(rf, members_.size());
  if (table_.size() != unit_count) {
    table_.assign(unit_count, ReplicaList{});
    rf_ = rf;
    place_initial(wanted);
  }
  repair(rf, wanted);
  rf_ = rf;
  if (rebalance_auto_) rebalance();
  out = table_;
}

bool ShardBalancerPlacement::move_replica(std::uint32_t unit, NodeId from, NodeId to) {
  if (unit >= table_.size() || !table_[unit].contains(from) || table_[unit].contains(to) || !is_member(to)) {
    return false;
  }
  ReplicaList& replicas = table_[unit];
  for (std::uint8_t i = 0; i < replicas.count; ++i) {
    if (replicas.nodes[i] == from) replicas.nodes[i] = to;
  }
  if (source_hints_.size() < table_.size()) source_hints_.resize(table_.size());
  source_hints_[unit] = from;
  return true;
}

bool ShardBalancerPlacement::add_replica(std::uint32_t unit, NodeId from, NodeId to) {
  if (unit >= table_.size() || !table_[unit].contains(from) || table_[unit].contains(to) || !is_member(to) ||
      table_[unit].count >= kReplicationFactorMax) {
    return false;
  }
  table_[unit].nodes[table_[unit].count++] = to;
  if (source_hints_.size() < table_.size()) source_hints_.resize(table_.size());
  source_hints_[unit] = from;
  return true;
}

// "balancer" (by_count | by_size) and "rebalance" (auto | manual): docs/shards.md.
PlacementEntry placement_entries::shard_balancer() {
  PlacementEntry entry;
  entry.name = "shard_balancer";
  entry.own_keys = {"balancer", "rebalance"};
  entry.read = [](ObjectReader& reader, PlacementConfig& config) {
    config.balancer = reader.optional_choice("balancer", {"by_count", "by_size"}, "by_count") == "by_size"
                          ? PlacementConfig::Balancer::kBySize
                          : PlacementConfig::Balancer::kByCount;
    config.rebalance_auto = reader.optional_choice("rebalance", {"auto", "manual"}, "auto") == "auto";
  };
  entry.make = [](const PlacementConfig& config, std::uint64_t seed) -> std::unique_ptr<Placement> {
    return std::make_unique<ShardBalancerPlacement>(seed, config.balancer, config.rebalance_auto);
  };
  entry.places_shards = true;
  return entry;
}

}  // namespace ringsim
