// Rendezvous placement: highest random weight hashing (Thaler and Ravishankar 1998).
//
// Every (key, node) pair gets a score, a strong mix of the key hash and a per-node salt;
// a key's replicas are the rf nodes with the highest scores, best first, ties to the lower
// node id.
//
// Contract:
// - Salts are a pure function of (seed, node id), so the table depends only on the member
//   set, never on join order.
// - On a join, a key moves only if the new node out-scores its current holders, and then it
//   moves to the new node; each node receives an equal expected share with no tuning knob
//   (no virtual nodes).
// - Lookup is O(members * rf) mixes and never allocates.
#pragma once

#include <array>
#include <cstdint>

#include "cluster/placement/placement.h"

namespace ringsim {

class RendezvousPlacement final : public Placement {
 public:
  explicit RendezvousPlacement(std::uint64_t seed);

  const char* name() const override { return "rendezvous"; }
  void add_member(NodeId node) override { append_member(node); }
  void remove_member(NodeId node) override { erase_member(node); }
  void replicas_for(std::uint64_t key_hash, std::uint32_t rf, ReplicaList& out) const override;

  // The weight of `node` for a key; the key's replicas are the members with the highest.
  std::uint64_t score(std::uint64_t key_hash, NodeId node) const {
    return detail::placement_mix64(key_hash ^ salts_[node]);
  }

 private:
  // Indexed by node id, computed for every possible id up front: members change without
  // touching them.
  std::array<std::uint64_t, kNodesMax> salts_{};
};

}  // namespace ringsim
