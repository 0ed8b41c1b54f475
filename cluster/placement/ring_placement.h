// Ring placement: consistent hashing with virtual nodes (Karger et al. 1997; Dynamo).
//
// Each member owns `vnodes_per_node` tokens on the 64-bit circle. A key's replicas are the
// first distinct nodes met walking clockwise from the key's hash: the first token with
// position >= hash, wrapping past the top.
//
// Contract:
// - Token positions are a pure function of (seed, node id, vnode index): re-adding a node
//   gives it back exactly its old tokens, so the table depends only on the member set, and
//   raising vnodes_per_node keeps every existing token (vnode i is the same at 16 or 256).
// - On a join, the only keys that change primary are those the new node's tokens now
//   precede, and they all move to the new node; on a leave, only the leaver's keys move.
// - Lookup is a binary search over the sorted positions (O(log tokens)) plus a short walk;
//   it never allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "cluster/placement/placement.h"

namespace ringsim {

class RingPlacement : public Placement {
 public:
  RingPlacement(std::uint64_t seed, std::uint32_t vnodes_per_node);

  const char* name() const override { return "ring"; }
  void add_member(NodeId node) override;
  void remove_member(NodeId node) override;
  void replicas_for(std::uint64_t key_hash, std::uint32_t rf, ReplicaList& out) const override;
  std::vector<std::pair<std::uint64_t, NodeId>> tokens() const override;

  std::uint32_t vnodes_per_node() const { return vnodes_per_node_; }
  // Position of `node`'s token number `vnode` (whether or not the node is a member).
  std::uint64_t token_position(NodeId node, std::uint32_t vnode) const;

 protected:
  // Index of the first token at or clockwise after `key_hash` (wrapping). Needs tokens.
  std::size_t first_token_at_or_after(std::uint64_t key_hash) const;
  std::size_t token_count() const { return positions_.size(); }
  NodeId owner_at(std::size_t index) const { return owners_[index]; }

 private:
  std::uint64_t ring_seed_;
  std::uint32_t vnodes_per_node_;
  // The tokens sorted by (position, node), kept as two parallel arrays so the binary
  // search touches only the 8-byte positions (half the cache lines of a pair array).
  std::vector<std::uint64_t> positions_;
  std::vector<NodeId> owners_;
};

}  // namespace ringsim
