// Shard balancer placement: a fixed set of shards whose replicas a balancer places, the way
// vector databases place whole shards (Qdrant Cloud's shard rebalancing with its "by count"
// and "by size" strategies, https://qdrant.tech/documentation/cloud/configure-cluster/
// #shard-rebalancing; Milvus' balancer; Akka's LeastShardAllocationStrategy is the same
// greedy rule), instead of hashing shard ids onto a ring.
//
// The strategy keeps an explicit table: shard -> replica list (primary first). assign()
// (the planner calls it on every replan) brings the table up to date:
//   1. the first call places every shard: shards in order (by_size: largest first, ties by
//      id), each replica on the least-loaded member not yet holding the shard;
//   2. repair: replicas on nodes that are no longer members are dropped, a lowered factor
//      trims each list to its first `rf` entries, and every shard short of min(rf, members)
//      replicas gets one on the least-loaded member (a lost replica is always restored,
//      also with manual rebalancing);
//   3. with rebalance "auto" only: while moving one replica from the most- to the least-
//      loaded member lowers the spread, move it (by_count: the spread is > 1 shard; by_size:
//      the replica whose size is nearest half the gap, and smaller than the gap).
// With rebalance "manual" a new or recovered member gets nothing until an operator moves or
// replicates a shard onto it (move_replica / add_replica: the timeline's move_shard and
// replicate_shard).
//
// Load: by_count counts replicas per node; by_size sums the shards' weights
// (set_unit_weights, e.g. their vector counts; 1 each by default). Ties between equally
// loaded nodes go to a seeded per-node salt, then the lower id.
//
// Contract, differences from the key-level strategies (placement.h):
// - The table is state: it depends on the sequence of membership changes, assign() calls
//   and operator moves, not only on the member set. assign() updates it (mutable: the
//   planner's call is the balancer's decision point); everything stays a pure function of
//   (seed, that sequence).
// - After add_replica a shard may hold more than rf replicas (at most kReplicationFactorMax).
// - replicas_for(hash) answers for the shard owning that arc of the hash circle when the
//   circle is cut into equal arcs, one per shard (the GUI's ring draws shards so); the
//   table must come from assign().
// - assign() costs O(units x rf x members) plus O(moves x units) when rebalancing.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "cluster/placement/placement.h"

namespace ringsim {

class ShardBalancerPlacement final : public Placement {
 public:
  ShardBalancerPlacement(std::uint64_t seed, PlacementConfig::Balancer balancer, bool rebalance_auto);

  const char* name() const override { return "shard_balancer"; }
  void add_member(NodeId node) override { append_member(node); }
  void remove_member(NodeId node) override { erase_member(node); }
  void replicas_for(std::uint64_t key_hash, std::uint32_t rf, ReplicaList& out) const override;
  void assign(std::uint64_t unit_count, std::uint32_t rf, std::vector<ReplicaList>& out) const override;
  void set_unit_weights(std::vector<double> weights) override;
  std::optional<NodeId> preferred_source(std::uint64_t unit) const override;

  // Operator actions on the table (applied at the next assign()). False, and nothing
  // changes, when the move is impossible: unknown unit, `from` holds no replica of it, `to`
  // is not a member or already holds one, or (add) the list is full.
  bool move_replica(std::uint32_t unit, NodeId from, NodeId to) override;
  bool add_replica(std::uint32_t unit, NodeId from, NodeId to) override;

  const std::vector<ReplicaList>& table() const { return table_; }
  bool rebalance_auto() const { return rebalance_auto_; }
  // Replicas the table places on `node` (0 before the first assign()).
  std::uint32_t replicas_on(NodeId node) const;

 private:
  double weight(std::size_t unit) const { return weights_.empty() ? 1.0 : weights_[unit]; }
  void place_initial(std::uint32_t wanted) const;
  void repair(std::uint32_t rf, std::uint32_t wanted) const;
  void rebalance() const;
  // The least-loaded member not holding `unit`, or nullopt.
  std::optional<NodeId> least_loaded_without(std::size_t unit, const std::array<double, kNodesMax>& load) const;
  std::array<double, kNodesMax> loads() const;
  // Units in placement order: by_size largest first, otherwise by id.
  std::vector<std::size_t> unit_order() const;
  // Whether a is a better (less loaded) choice than b.
  bool lighter(NodeId a, NodeId b, const std::array<double, kNodesMax>& load) const;

  PlacementConfig::Balancer balancer_;
  bool rebalance_auto_;
  std::array<std::uint64_t, kNodesMax> salts_{};
  std::vector<double> weights_;
  mutable std::vector<ReplicaList> table_;
  mutable std::uint32_t rf_ = 0;  // The replication factor of the last assign().
  std::vector<std::optional<NodeId>> source_hints_;  // Per unit: the node an operator named.
};

}  // namespace ringsim
