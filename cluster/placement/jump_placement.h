// Jump placement: jump consistent hash (Lamping and Veach 2014, "A Fast, Minimal Memory,
// Consistent Hash Algorithm") over slots in join order.
//
// jump(h, N) maps a hash to a slot in [0, N) so that going from N to N + 1 slots moves
// exactly the keys that land on the new slot (an expected 1/(N+1) of them), with no memory
// and O(log N) time. Slot i holds members()[i].
//
// Contract:
// - add_member appends a slot. remove_member of the last slot pops it, which restores the
//   table exactly as it was before that node joined. Removing any other node moves the last
//   member into the freed slot: that slot's keys move (ideal), but so do all the last
//   slot's keys (1/N more than ideal). Jump only supports removal at the end: this is its
//   known limitation, and why production systems pair it with a slot indirection.
// - Replicas: slot jump(h, N) first, then the distinct slots of jump(rehash(h, i), N) for
//   i = 1, 2, ... up to kReplicaAttemptsMax draws, then the slots after the primary,
//   wrapping. So rf <= N always terminates, deterministically.
// - No seed: jump has no random state of its own; the table depends only on key hashes and
//   the slot order.
#pragma once

#include <cstdint>

#include "cluster/placement/placement.h"

namespace ringsim {

class JumpPlacement final : public Placement {
 public:
  // Draws before the linear fallback. Collecting all 7 of 7 slots takes ~18 draws on
  // average (coupon collector), so this bound is rarely reached and keeps lookups bounded.
  static constexpr std::uint32_t kReplicaAttemptsMax = 32;

  const char* name() const override { return "jump"; }
  void add_member(NodeId node) override { append_member(node); }
  void remove_member(NodeId node) override;
  void replicas_for(std::uint64_t key_hash, std::uint32_t rf, ReplicaList& out) const override;

  // The Lamping-Veach function: slot of `key` among `slot_count` >= 1 slots.
  static std::uint32_t jump(std::uint64_t key, std::uint32_t slot_count);
};

}  // namespace ringsim
