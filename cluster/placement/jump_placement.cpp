#include "cluster/placement/jump_placement.h"

#include "cluster/placement/strategies.h"
#include "sim/assert.h"

namespace ringsim {

namespace {
// The 64-bit LCG multiplier of the paper's reference code.
constexpr std::uint64_t kJumpLcgMultiplier = 2862933555777941757ULL;
constexpr double kTwoPow31 = 2147483648.0;
constexpr std::uint64_t kRehashGamma = 0x9e3779b97f4a7c15ULL;

// The i-th independent hash of a key for the i-th replica draw.
std::uint64_t rehash(std::uint64_t key_hash, std::uint32_t draw) {
  return detail::placement_mix64(key_hash + draw * kRehashGamma);
}
}  // namespace

std::uint32_t JumpPlacement::jump(std::uint64_t key, std::uint32_t slot_count) {
  RINGSIM_ASSERT(slot_count >= 1);
  std::int64_t slot = -1;
  std::int64_t next = 0;
  while (next < static_cast<std::int64_t>(slot_count)) {
    slot = next;
    key = key * kJumpLcgMultiplier + 1;
    next = static_cast<std::int64_t>(static_cast<double>(slot + 1) *
                                     (kTwoPow31 / static_cast<double>((key >> 33) + 1)));
  }
  return static_cast<std::uint32_t>(slot);
}

void JumpPlacement::remove_member(NodeId node) {
  RINGSIM_ASSERT(is_member(node));
  // Jump can only shrink at the end: the last member takes over the freed slot (a pure pop
  // when the leaver was last), and every other member keeps its slot.
  std::size_t slot = 0;
  while (members_[slot] != node) slot += 1;
  members_[slot] = members_.back();
  members_.pop_back();
}

void JumpPlacement::replicas_for(std::uint64_t key_hash, std::uint32_t rf,
                                 ReplicaList& out) const {
  RINGSIM_ASSERT(rf >= 1 && rf <= kReplicationFactorMax);
  out.count = 0;
  const std::uint32_t wanted = detail::replica_count(rf, members_.size());
  if (wanted == 0) return;
  const std::uint32_t slot_count = static_cast<std::uint32_t>(members_.size());
  const std::uint32_t primary_slot = jump(key_hash, slot_count);
  out.nodes[out.count++] = members_[primary_slot];
  for (std::uint32_t draw = 1; out.count < wanted && draw <= kReplicaAttemptsMax; ++draw) {
    const NodeId node = members_[jump(rehash(key_hash, draw), slot_count)];
    if (!out.contains(node)) out.nodes[out.count++] = node;
  }
  for (std::uint32_t offset = 1; out.count < wanted; ++offset) {
    RINGSIM_ASSERT(offset < slot_count);
    const NodeId node = members_[(primary_slot + offset) % slot_count];
    if (!out.contains(node)) out.nodes[out.count++] = node;
  }
}

PlacementEntry placement_entries::jump() {
  PlacementEntry entry;
  entry.name = "jump";
  entry.make = [](const PlacementConfig& config, std::uint64_t seed) -> std::unique_ptr<Placement> {
    (void)config, (void)seed;
    return std::make_unique<JumpPlacement>();
  };
  return entry;
}

}  // namespace ringsim
