// Mod-N placement: the naive baseline. primary = members[h mod N], then the following
// slots, wrapping.
//
// It balances keys perfectly on a fixed membership and is what consistent hashing was
// invented to replace: on a join, a key stays only if h mod N == h mod (N + 1), so about
// N/(N+1) of all keys move; removing a node erases its slot and shifts every later member
// down one slot, which reshuffles nearly everything again. Kept to show that cost.
//
// Contract: replicas are min(rf, N) consecutive slots from h mod N; no seed; no allocation.
#pragma once

#include <cstdint>

#include "cluster/placement/placement.h"

namespace ringsim {

class ModNPlacement final : public Placement {
 public:
  const char* name() const override { return "mod_n"; }
  void add_member(NodeId node) override { append_member(node); }
  void remove_member(NodeId node) override { erase_member(node); }
  void replicas_for(std::uint64_t key_hash, std::uint32_t rf, ReplicaList& out) const override;
};

}  // namespace ringsim
