// Where every replica of every key lives: the heart of the cluster's accounting.
//
// For each key: `holders`, the nodes that hold a complete copy and may serve it;
// `incoming`, the nodes a transfer is currently copying it to; `target`, the replica list
// the placement wants. A key whose every copy was destroyed is `lost` and stays lost
// (counted, never silently dropped). Per-node key and byte totals are kept exact on every
// change.
//
// Invariants (checked by check_invariants, and by tests):
// - a key that is not lost has at least one holder;
// - a lost key has no holders and no incoming copies;
// - per-node totals equal a recount.
#pragma once

#include <cstdint>
#include <vector>

#include "cluster/node_set.h"
#include "cluster/placement.h"

namespace ringsim {

using KeyId = std::uint32_t;

// Memory per key is about 60 bytes; more keys than this is a scenario mistake.
inline constexpr std::uint64_t kKeysMax = 20'000'000;

class ReplicaMap {
 public:
  explicit ReplicaMap(std::vector<std::uint32_t> key_bytes);

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
};

}  // namespace ringsim
