// Bounded-load placement: consistent hashing with bounded loads (Mirrokni, Thorup and
// Zadimoghaddam, SODA 2018), generalised to rf distinct replicas.
//
// It uses the ring's tokens. assign() processes keys in id order; every node has a capacity
// of ceil((1 + epsilon) * key_count * rf' / N) replicas, rf' = min(rf, N), and each key
// walks clockwise from its hash taking the first rf' distinct nodes whose load is still
// below capacity. So no node ever holds more than (1 + epsilon) times the average, however
// unlucky its tokens are, at the price of some keys living further from their hash.
//
// Contract:
// - The capacity bound always holds, for every rf, epsilon and token layout.
// - rf' = 1: exactly the paper's greedy (total capacity >= key_count, so a node below
//   capacity always exists).
// - rf' > 1: the plain greedy can paint itself into a corner: late in the pass, fewer than
//   rf' nodes may be left below capacity, and a key cannot get rf' distinct replicas (with
//   N = 4, rf = 3, epsilon = 0.05 and few vnodes this happens for thousands of keys). So
//   the walk keeps the rest of the pass feasible: when taking a node would leave the
//   remaining keys impossible to place within capacity, the key skips the nodes with less
//   spare capacity than keys left until it has enough of those with more (see the .cpp for
//   the condition and why it is exact). The rule refuses a node only when the plain greedy
//   would be bound to strand a key later, so the table equals the plain greedy's whenever
//   that one places every key (always with rf' = 1).
// - replicas_for() has no global context (no loads), so it falls back to plain ring
//   behaviour: it answers "where would this key go with no load bound". The table the
//   cluster uses must come from assign().
// - assign() allocates O(capacity) scratch and costs O(log tokens + walk) per key.
#pragma once

#include <cstdint>
#include <vector>

#include "cluster/placement/placement.h"
#include "cluster/placement/ring_placement.h"

namespace ringsim {

class BoundedLoadPlacement final : public RingPlacement {
 public:
  BoundedLoadPlacement(std::uint64_t seed, std::uint32_t vnodes_per_node, double load_epsilon);

  const char* name() const override { return "bounded_load"; }
  void assign(std::uint64_t key_count, std::uint32_t rf,
              std::vector<ReplicaList>& out) const override;

  double load_epsilon() const { return load_epsilon_; }
  // Replicas a node may hold in assign(key_count, rf) with the current members:
  // ceil((1 + epsilon) * key_count * min(rf, N) / N).
  std::uint64_t capacity(std::uint64_t key_count, std::uint32_t rf) const;

 private:
  double load_epsilon_;
};

}  // namespace ringsim
