#include "cluster/placement/ring_placement.h"

#include "cluster/placement/strategies.h"

#include <algorithm>
#include <string_view>

#include "sim/assert.h"
#include "sim/random.h"

namespace ringsim {

namespace {
// Stream name under the scenario seed: the ring's tokens never shift another consumer's
// random numbers, and another strategy's salts never coincide with them.
constexpr std::string_view kRingStream = "placement.ring";
constexpr std::uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL;
}  // namespace

RingPlacement::RingPlacement(std::uint64_t seed, std::uint32_t vnodes_per_node)
    : ring_seed_(derive_stream_seed(seed, kRingStream)), vnodes_per_node_(vnodes_per_node) {
  RINGSIM_ASSERT(vnodes_per_node >= 1 && vnodes_per_node <= kVnodesPerNodeMax);
}

std::uint64_t RingPlacement::token_position(NodeId node, std::uint32_t vnode) const {
  // Each node's tokens are a SplitMix64 sequence started from a per-node seed: vnode i is
  // the i-th output, independent of how many vnodes the ring uses.
  const std::uint64_t node_seed = detail::placement_mix64(ring_seed_ + node * kGoldenGamma);
  return detail::placement_mix64(node_seed + static_cast<std::uint64_t>(vnode) * kGoldenGamma);
}

void RingPlacement::add_member(NodeId node) {
  append_member(node);
  // Sort only the newcomer's tokens, then merge them into the sorted ring: O(tokens) per
  // join instead of re-sorting every token (128 joins x 65,536 vnodes took minutes).
  std::vector<std::pair<std::uint64_t, NodeId>> added;
  added.reserve(vnodes_per_node_);
  for (std::uint32_t vnode = 0; vnode < vnodes_per_node_; ++vnode) {
    added.emplace_back(token_position(node, vnode), node);
  }
  std::sort(added.begin(), added.end());
  std::vector<std::uint64_t> positions;
  std::vector<NodeId> owners;
  positions.reserve(positions_.size() + added.size());
  owners.reserve(positions_.size() + added.size());
  std::size_t old_index = 0;
  for (const auto& token : added) {
    // Same order as sorting (position, node) pairs: ties on position go to the lower id.
    while (old_index < positions_.size() &&
           std::pair(positions_[old_index], owners_[old_index]) < token) {
      positions.push_back(positions_[old_index]);
      owners.push_back(owners_[old_index]);
      old_index += 1;
    }
    positions.push_back(token.first);
    owners.push_back(token.second);
  }
  positions.insert(positions.end(), positions_.begin() + static_cast<std::ptrdiff_t>(old_index), positions_.end());
  owners.insert(owners.end(), owners_.begin() + static_cast<std::ptrdiff_t>(old_index), owners_.end());
  positions_ = std::move(positions);
  owners_ = std::move(owners);
  RINGSIM_ASSERT(positions_.size() == members_.size() * vnodes_per_node_);
}

void RingPlacement::remove_member(NodeId node) {
  erase_member(node);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < positions_.size(); ++i) {
    if (owners_[i] == node) continue;
    positions_[kept] = positions_[i];
    owners_[kept] = owners_[i];
    kept += 1;
  }
  positions_.resize(kept);
  owners_.resize(kept);
  RINGSIM_ASSERT(positions_.size() == members_.size() * vnodes_per_node_);
}

std::vector<std::pair<std::uint64_t, NodeId>> RingPlacement::tokens() const {
  std::vector<std::pair<std::uint64_t, NodeId>> result(positions_.size());
  for (std::size_t i = 0; i < positions_.size(); ++i) result[i] = {positions_[i], owners_[i]};
  return result;
}

std::size_t RingPlacement::first_token_at_or_after(std::uint64_t key_hash) const {
  RINGSIM_ASSERT(!positions_.empty());
  // lower_bound without a data-dependent branch (the step is multiplied by the comparison):
  // key hashes are random, so std::lower_bound's branch mispredicts about every other level.
  const std::uint64_t* base = positions_.data();
  std::size_t length = positions_.size();
  while (length > 1) {
    const std::size_t half = length / 2;
    base += static_cast<std::size_t>(base[half - 1] < key_hash) * half;
    length -= half;
  }
  const std::size_t index = static_cast<std::size_t>(base - positions_.data()) + (*base < key_hash);
  RINGSIM_EXPENSIVE_ASSERT(index == static_cast<std::size_t>(
      std::lower_bound(positions_.begin(), positions_.end(), key_hash) - positions_.begin()));
  return index == positions_.size() ? 0 : index;
}

void RingPlacement::replicas_for(std::uint64_t key_hash, std::uint32_t rf,
                                 ReplicaList& out) const {
  RINGSIM_ASSERT(rf >= 1 && rf <= kReplicationFactorMax);
  out.count = 0;
  const std::uint32_t wanted = detail::replica_count(rf, members_.size());
  if (wanted == 0) return;
  const std::size_t token_total = positions_.size();
  std::size_t index = first_token_at_or_after(key_hash);
  // Every member owns a token, so one lap finds `wanted` <= members distinct owners.
  for (std::size_t step = 0; out.count < wanted; ++step) {
    RINGSIM_ASSERT(step < token_total);
    const NodeId owner = owners_[index];
    if (!out.contains(owner)) out.nodes[out.count++] = owner;
    index = index + 1 == token_total ? 0 : index + 1;
  }
}

PlacementEntry placement_entries::ring() {
  PlacementEntry entry;
  entry.name = "ring";
  entry.make = [](const PlacementConfig& config, std::uint64_t seed) -> std::unique_ptr<Placement> {
    return std::make_unique<RingPlacement>(seed, config.vnodes_per_node);
  };
  return entry;
}

}  // namespace ringsim
