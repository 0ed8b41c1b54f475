// A set of node ids (0..kNodesMax-1) as a 128-bit mask: 16 bytes per key for the replica
// bookkeeping of millions of keys, and iteration in ascending id order (never in an order
// that depends on memory layout).
#pragma once

#include <bit>
#include <cstdint>

#include "cluster/placement/placement.h"
#include "sim/assert.h"

namespace ringsim {

class NodeSet {
 public:
  static_assert(kNodesMax == 128, "NodeSet holds exactly two 64-bit words");

  constexpr NodeSet() = default;
  static NodeSet of(NodeId node) {
    NodeSet set;
    set.insert(node);
    return set;
  }

  void insert(NodeId node) { word(node) |= bit(node); }
  void erase(NodeId node) { word(node) &= ~bit(node); }
  bool contains(NodeId node) const { return (words_[node >> 6] & bit(node)) != 0; }
  bool empty() const { return (words_[0] | words_[1]) == 0; }
  int size() const { return std::popcount(words_[0]) + std::popcount(words_[1]); }

  NodeSet operator&(const NodeSet& other) const { return {words_[0] & other.words_[0], words_[1] & other.words_[1]}; }
  NodeSet operator|(const NodeSet& other) const { return {words_[0] | other.words_[0], words_[1] | other.words_[1]}; }
  NodeSet without(const NodeSet& other) const { return {words_[0] & ~other.words_[0], words_[1] & ~other.words_[1]}; }
  bool operator==(const NodeSet& other) const = default;
  bool is_subset_of(const NodeSet& other) const { return without(other).empty(); }

  // The index-th member in ascending id order (0 <= index < size()).
  NodeId nth(int index) const {
    RINGSIM_ASSERT(index >= 0 && index < size());
    for (int w = 0; w < 2; ++w) {
      std::uint64_t bits = words_[w];
      const int in_word = std::popcount(bits);
      if (index >= in_word) {
        index -= in_word;
        continue;
      }
      for (; index > 0; --index) bits &= bits - 1;
      return static_cast<NodeId>(w * 64 + std::countr_zero(bits));
    }
    RINGSIM_ASSERT(false);
    return 0;
  }

  // Calls f(node) for each member in ascending id order.
  template <typename F>
  void for_each(F f) const {
    for (int w = 0; w < 2; ++w) {
      for (std::uint64_t bits = words_[w]; bits != 0; bits &= bits - 1) {
        f(static_cast<NodeId>(w * 64 + std::countr_zero(bits)));
      }
    }
  }

 private:
  constexpr NodeSet(std::uint64_t low, std::uint64_t high) : words_{low, high} {}
  static std::uint64_t bit(NodeId node) {
    RINGSIM_ASSERT(node < kNodesMax);
    return std::uint64_t{1} << (node & 63);
  }
  std::uint64_t& word(NodeId node) { return words_[node >> 6]; }
  std::uint64_t words_[2] = {0, 0};
};

}  // namespace ringsim
