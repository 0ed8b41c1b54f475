// Where every replica of every key lives: the heart of the cluster's accounting.
//
// For each key: `holders`, the nodes that hold a complete copy and may serve it;
// `incoming`, the nodes a transfer is currently copying it to; `target`, the replica list
// the placement wants. A key whose every copy was destroyed is `lost` and stays lost
// (counted, never silently dropped). Per-node key and byte totals are kept exact on every
// change.
//
// Keys may be grouped into placement units (the logical shards of a vector collection):
// all keys of a unit share one target, and the map counts per (unit, node) how many of
// the unit's live keys the node holds, so "this node holds the complete shard" is O(1).
//
// Invariants (checked by check_invariants, and by tests):
// - a key that is not lost has at least one holder;
// - a lost key has no holders and no incoming copies;
// - per-node totals equal a recount.
#pragma once

#include <cstdint>
#include <vector>

#include "cluster/node_set.h"
#include "cluster/placement/placement.h"

namespace ringsim {

using KeyId = std::uint32_t;

// Memory per key is about 60 bytes; more keys than this is a scenario mistake.
inline constexpr std::uint64_t kKeysMax = 20'000'000;

class ReplicaMap {
 public:
  // key_unit empty: every key is its own unit (no unit accounting).
  ReplicaMap(std::vector<std::uint32_t> key_bytes, std::vector<std::uint32_t> key_unit = {},
             std::uint32_t unit_count = 0);

  std::uint64_t key_count() const { return key_bytes_.size(); }
  std::uint32_t key_bytes(KeyId key) const { return key_bytes_[key]; }
  const NodeSet& holders(KeyId key) const { return holders_[key]; }
  const NodeSet& incoming(KeyId key) const { return incoming_[key]; }
  const ReplicaList& target(KeyId key) const { return targets_[key]; }
  bool lost(KeyId key) const { return lost_[key] != 0; }
  std::uint64_t lost_count() const { return lost_count_; }

  void add_holder(KeyId key, NodeId node);
  void remove_holder(KeyId key, NodeId node);
  void add_incoming(KeyId key, NodeId node) { incoming_[key].insert(node); }
  void remove_incoming(KeyId key, NodeId node) { incoming_[key].erase(node); }
  // Records the loss of a key with no copy left.
  void mark_lost(KeyId key);
  // Replaces every key's target (after a membership change).
  std::vector<ReplicaList>& mutable_targets() { return targets_; }

  std::uint32_t unit_count() const { return unit_count_; }
  std::uint32_t unit_of(KeyId key) const { return key_unit_.empty() ? key : key_unit_[key]; }
  // True when `node` holds every live key of `unit`.
  bool unit_complete_on(std::uint32_t unit, NodeId node) const {
    return unit_live_keys_[unit] > 0 && unit_node_keys_[std::size_t{unit} * kNodesMax + node] == unit_live_keys_[unit];
  }
  std::uint32_t unit_keys_on(std::uint32_t unit, NodeId node) const {
    return unit_node_keys_[std::size_t{unit} * kNodesMax + node];
  }

  std::uint64_t keys_on(NodeId node) const { return keys_on_[node]; }
  double bytes_on(NodeId node) const { return bytes_on_[node]; }

  // Aborts with a message when an invariant does not hold. O(keys).
  void check_invariants() const;

 private:
  std::vector<std::uint32_t> key_bytes_;
  std::vector<NodeSet> holders_;
  std::vector<NodeSet> incoming_;
  std::vector<ReplicaList> targets_;
  std::vector<std::uint8_t> lost_;
  std::uint64_t lost_count_ = 0;
  std::vector<std::uint64_t> keys_on_;
  std::vector<double> bytes_on_;
  std::vector<std::uint32_t> key_unit_;
  std::uint32_t unit_count_ = 0;
  std::vector<std::uint32_t> unit_live_keys_;
  std::vector<std::uint32_t> unit_node_keys_;  // [unit * kNodesMax + node]
};

}  // namespace ringsim
