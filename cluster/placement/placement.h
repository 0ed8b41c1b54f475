// Placement: which nodes hold the replicas of a key, as a pure function of the current
// membership and the key's position on the 64-bit hash circle.
//
// Contract:
// - Every strategy returns min(rf, members) distinct member nodes, primary first, and
//   nothing else. With no members the list is empty.
// - A strategy is a pure function of (seed, the sequence of add/remove calls, key hash):
//   two instances built with the same seed and fed the same membership changes give
//   bit-identical tables on every platform: every hash is a fixed SplitMix64 mix, no
//   standard-library hash or distribution, no unordered iteration, and integer arithmetic
//   except jump's double division and bounded_load's capacity, both exact IEEE operations.
// - replicas_for does not allocate; the cluster model calls it on every request.
// - Membership changes are O(tokens log tokens) at worst; they are rare next to lookups.
//
// Strategies (one file each): ring (virtual-node consistent hashing), rendezvous (highest
// random weight), jump (Lamping and Veach 2014), bounded_load (Mirrokni, Thorup and
// Zadimoghaddam 2018) and mod_n, the naive baseline that shows what consistent hashing
// buys; and shard_balancer, which places whole shards from an explicit table kept by a
// balancer (its header states where it departs from this contract).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringsim {

using NodeId = std::uint16_t;
inline constexpr std::size_t kNodesMax = 128;  // Node ids are 0..kNodesMax-1.
inline constexpr std::uint32_t kReplicationFactorMax = 7;
// Bounds what the ring may allocate: kNodesMax * this many 16-byte tokens is 128 MiB.
inline constexpr std::uint32_t kVnodesPerNodeMax = 65'536;

// Distinct nodes in preference order (primary first). Entries at and after `count` are
// unspecified; compare and iterate through operator== and begin()/end().
struct ReplicaList {
  std::array<NodeId, kReplicationFactorMax> nodes{};
  std::uint8_t count = 0;

  bool contains(NodeId node) const {
    for (std::uint8_t i = 0; i < count; ++i) {
      if (nodes[i] == node) return true;
    }
    return false;
  }
  const NodeId* begin() const { return nodes.data(); }
  const NodeId* end() const { return nodes.data() + count; }
  // Same nodes in the same order; stale entries past `count` are ignored.
  bool operator==(const ReplicaList& other) const {
    if (count != other.count) return false;
    for (std::uint8_t i = 0; i < count; ++i) {
      if (nodes[i] != other.nodes[i]) return false;
    }
    return true;
  }
};

// Position of a key on the 64-bit hash circle: a fixed mix of the key id, no seed, so a
// key's position is the same in every run and every strategy.
std::uint64_t key_hash(std::uint64_t key_id);

struct PlacementConfig {
  enum class Balancer { kByCount, kBySize };  // shard_balancer: what it evens out
  // A registered strategy's name (strategies.h): "ring", "rendezvous", "jump",
  // "bounded_load", "mod_n", "shard_balancer".
  std::string strategy = "ring";
  Balancer balancer = Balancer::kByCount;
  bool rebalance_auto = true;  // shard_balancer: false = new nodes wait for move_shard
  std::uint32_t vnodes_per_node = 256;  // ring and bounded_load; 1..kVnodesPerNodeMax.
  double load_epsilon = 0.25;           // bounded_load: capacity factor 1 + epsilon; > 0.
};

class Placement {
 public:
  virtual ~Placement() = default;
  virtual const char* name() const = 0;

  // Membership changes. Order matters for jump and mod_n (slots are in join order); ring
  // and rendezvous depend only on the set. add asserts `node` is not a member and is
  // < kNodesMax; remove asserts it is a member.
  virtual void add_member(NodeId node) = 0;
  virtual void remove_member(NodeId node) = 0;
  // Current members, in slot/join order.
  const std::vector<NodeId>& members() const { return members_; }

  // min(rf, members) distinct nodes for a key, primary first. 1 <= rf <=
  // kReplicationFactorMax. Pure function of (members, key_hash); never allocates.
  virtual void replicas_for(std::uint64_t key_hash, std::uint32_t rf, ReplicaList& out) const = 0;

  // The whole table for keys 0..key_count-1 (hash = key_hash(id)); out is resized to
  // key_count entries. The default loops replicas_for; bounded_load overrides it because
  // its assignment is global (a key's replicas depend on the loads left by earlier keys).
  virtual void assign(std::uint64_t key_count, std::uint32_t rf,
                      std::vector<ReplicaList>& out) const;

  // For the GUI: (token position, node) sorted by position (ties by node id), for the
  // strategies that have tokens (ring, bounded_load); empty otherwise.
  virtual std::vector<std::pair<std::uint64_t, NodeId>> tokens() const { return {}; }

  // Units' weights (e.g. vectors per shard) for strategies that balance by size; ignored
  // by the others.
  virtual void set_unit_weights(std::vector<double> weights) { (void)weights; }
  // The node that should send a copy of `unit` when it must be copied, if the strategy
  // has one in mind (an operator's move names its source); nullopt: any live holder.
  virtual std::optional<NodeId> preferred_source(std::uint64_t unit) const {
    (void)unit;
    return std::nullopt;
  }
  // An operator's move or extra copy of one unit's replica (the timeline's move_shard and
  // replicate_shard), for strategies that keep an explicit table (shard_balancer), applied
  // at the next assign(). False, and nothing changes, when impossible or not supported.
  virtual bool move_replica(std::uint32_t unit, NodeId from, NodeId to) {
    (void)unit, (void)from, (void)to;
    return false;
  }
  virtual bool add_replica(std::uint32_t unit, NodeId from, NodeId to) {
    (void)unit, (void)from, (void)to;
    return false;
  }

 protected:
  // Bookkeeping shared by every strategy: assert the precondition, then append / erase
  // (erase keeps the relative order of the others). Return the slot touched.
  std::size_t append_member(NodeId node);
  std::size_t erase_member(NodeId node);
  bool is_member(NodeId node) const;

  std::vector<NodeId> members_;
};

// Makes the registered strategy config.strategy names (strategies.h). Asserts the config is
// in range (the scenario loader validates user input before this).
std::unique_ptr<Placement> make_placement(const PlacementConfig& config, std::uint64_t seed);

namespace detail {
// SplitMix64's output function applied to value + the golden gamma (identical to one
// splitmix64() step from state `value`). Inline because rendezvous calls it once per member
// per lookup. Every token position, salt and score in placement derives from it.
inline std::uint64_t placement_mix64(std::uint64_t value) {
  std::uint64_t z = value + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
// The effective replication factor: how many replicas a key gets with `member_count` nodes.
inline std::uint32_t replica_count(std::uint32_t rf, std::size_t member_count) {
  return member_count < rf ? static_cast<std::uint32_t>(member_count) : rf;
}
}  // namespace detail

}  // namespace ringsim
