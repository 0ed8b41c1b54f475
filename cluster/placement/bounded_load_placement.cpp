#include "cluster/placement/bounded_load_placement.h"

#include "cluster/placement/strategies.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "sim/assert.h"

namespace ringsim {

namespace {

// Whether the keys not yet placed can still all be placed within capacity, and what the
// current key must do to keep it so.
//
// k keys remain, each needing w distinct nodes; node i can take spare_i more replicas. That
// is possible if and only if  sum_i min(spare_i, k) >= k * w : necessary because a node
// holds at most one replica of each key; sufficient by McNaughton's wrap-around rule (lay
// the k * w slots out key-major, let each node fill min(spare_i, k) consecutive slots
// column by column: a run of <= k consecutive slots never hits one key twice).
//
// Let slack = sum_i min(spare_i, k) - k * w >= 0, and call a node "big" if spare_i >= k.
// Placing the current key on a set C, then dropping to k - 1 keys, lowers the sum by one
// for every big node (its min drops from k to k - 1 whatever happens) and by one for every
// small node in C, while the right side drops by w. So the rest stays feasible exactly
// when |C ∩ small| <= slack + w - big, i.e. when C holds at least big - slack big nodes.
// Big nodes are below capacity, so a key can always meet this; it costs nothing when
// slack >= big, which holds for all but the tail of a tight pass.
//
// Kept incrementally (O(1) per replica) through a histogram of spare capacities, and
// checked against a recount under RINGSIM_EXPENSIVE_CHECKS.
class Feasibility {
 public:
  Feasibility(const std::vector<NodeId>& members, std::uint64_t capacity, std::uint64_t keys,
              std::uint32_t replicas_per_key)
      : members_(members),
        replicas_per_key_(replicas_per_key),
        keys_left_(keys),
        nodes_with_spare_(capacity + 1, 0) {
    for (const NodeId node : members) spare_[node] = capacity;
    nodes_with_spare_[capacity] = members.size();
    big_ = capacity >= keys ? members.size() : 0;
    sum_min_ = members.size() * std::min(capacity, keys);
    RINGSIM_ASSERT(sum_min_ >= keys_left_ * replicas_per_key_);  // Capacity >= average.
  }

  bool has_spare(NodeId node) const { return spare_[node] > 0; }
  // Spare capacity >= keys left (this one included): could take every remaining key.
  bool is_big(NodeId node) const { return spare_[node] >= keys_left_; }
  // How many big nodes the current key must include.
  std::uint64_t big_nodes_required() const {
    const std::uint64_t slack = sum_min_ - keys_left_ * replicas_per_key_;
    return big_ > slack ? big_ - slack : 0;
  }

  void take(NodeId node) {
    const std::uint64_t spare = spare_[node];
    RINGSIM_ASSERT(spare > 0);
    nodes_with_spare_[spare] -= 1;
    nodes_with_spare_[spare - 1] += 1;
    spare_[node] = spare - 1;
    if (spare == keys_left_) big_ -= 1;
    if (spare <= keys_left_) sum_min_ -= 1;
  }

  void finish_key() {
    RINGSIM_ASSERT(keys_left_ > 0);
    sum_min_ -= big_;  // Every big node's min(spare, k) drops with k.
    keys_left_ -= 1;
    if (keys_left_ < nodes_with_spare_.size()) big_ += nodes_with_spare_[keys_left_];
    RINGSIM_ASSERT(sum_min_ >= keys_left_ * replicas_per_key_);
    RINGSIM_EXPENSIVE_ASSERT(matches_recount());
  }

 private:
  bool matches_recount() const {
    std::uint64_t big = 0;
    std::uint64_t sum_min = 0;
    for (const NodeId node : members_) {
      big += spare_[node] >= keys_left_;
      sum_min += std::min(spare_[node], keys_left_);
    }
    return big == big_ && sum_min == sum_min_;
  }

  const std::vector<NodeId>& members_;
  std::uint32_t replicas_per_key_;
  std::uint64_t keys_left_;
  std::array<std::uint64_t, kNodesMax> spare_{};
  std::vector<std::uint64_t> nodes_with_spare_;  // Indexed by spare capacity 0..capacity.
  std::uint64_t big_ = 0;      // Members with spare >= keys_left_.
  std::uint64_t sum_min_ = 0;  // Sum over members of min(spare, keys_left_).
};

}  // namespace

BoundedLoadPlacement::BoundedLoadPlacement(std::uint64_t seed, std::uint32_t vnodes_per_node,
                                           double load_epsilon)
    : RingPlacement(seed, vnodes_per_node), load_epsilon_(load_epsilon) {
  RINGSIM_ASSERT(std::isfinite(load_epsilon) && load_epsilon > 0);
}

std::uint64_t BoundedLoadPlacement::capacity(std::uint64_t key_count, std::uint32_t rf) const {
  RINGSIM_ASSERT(rf >= 1 && rf <= kReplicationFactorMax);
  if (members_.empty()) return 0;
  const std::uint32_t replicas_per_key = detail::replica_count(rf, members_.size());
  const double average_load = static_cast<double>(key_count * replicas_per_key) /
                              static_cast<double>(members_.size());
  return static_cast<std::uint64_t>(std::ceil((1.0 + load_epsilon_) * average_load));
}

void BoundedLoadPlacement::assign(std::uint64_t key_count, std::uint32_t rf,
                                  std::vector<ReplicaList>& out) const {
  RINGSIM_ASSERT(rf >= 1 && rf <= kReplicationFactorMax);
  out.resize(key_count);
  const std::uint32_t wanted = detail::replica_count(rf, members_.size());
  if (wanted == 0 || key_count == 0) {
    for (ReplicaList& replicas : out) replicas.count = 0;
    return;
  }
  Feasibility feasibility(members_, capacity(key_count, rf), key_count, wanted);
  const std::size_t token_total = token_count();

  for (std::uint64_t key_id = 0; key_id < key_count; ++key_id) {
    ReplicaList& replicas = out[key_id];
    replicas.count = 0;
    const std::uint64_t big_required = feasibility.big_nodes_required();
    RINGSIM_ASSERT(big_required <= wanted);
    std::uint64_t big_taken = 0;
    std::size_t index = first_token_at_or_after(key_hash(key_id));
    // Two laps at most: the first sees every big node (always acceptable), and once they
    // are all taken the rule no longer binds, so the second takes any node with spare
    // capacity; at least `wanted` have some, because the pass is feasible.
    for (std::size_t step = 0; replicas.count < wanted; ++step) {
      RINGSIM_ASSERT(step < 2 * token_total);
      const NodeId owner = owner_at(index);
      index = index + 1 == token_total ? 0 : index + 1;
      if (!feasibility.has_spare(owner) || replicas.contains(owner)) continue;
      const bool big = feasibility.is_big(owner);
      const std::uint64_t slots_left = wanted - replicas.count;
      if (!big && big_taken + slots_left <= big_required) continue;  // Save slots for big.
      replicas.nodes[replicas.count++] = owner;
      big_taken += big;
      feasibility.take(owner);
    }
    feasibility.finish_key();
  }
}

PlacementEntry placement_entries::bounded_load() {
  PlacementEntry entry;
  entry.name = "bounded_load";
  entry.make = [](const PlacementConfig& config, std::uint64_t seed) -> std::unique_ptr<Placement> {
    return std::make_unique<BoundedLoadPlacement>(seed, config.vnodes_per_node, config.load_epsilon);
  };
  return entry;
}

}  // namespace ringsim
