#include "cluster/placement/ring_placement.h"

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
  std::vector<std::pair<std::uint64_t, NodeId>> sorted_tokens = tokens();
  for (std::uint32_t vnode = 0; vnode < vnodes_per_node_; ++vnode) {
    sorted_tokens.emplace_back(token_position(node, vnode), node);
  }
  std::sort(sorted_tokens.begin(), sorted_tokens.end());
  rebuild(sorted_tokens);
}

void RingPlacement::remove_member(NodeId node) {
  erase_member(node);
  std::vector<std::pair<std::uint64_t, NodeId>> sorted_tokens = tokens();
  std::erase_if(sorted_tokens, [node](const auto& token) { return token.second == node; });
  rebuild(sorted_tokens);
}

void RingPlacement::rebuild(const std::vector<std::pair<std::uint64_t, NodeId>>& sorted_tokens) {
  RINGSIM_ASSERT(sorted_tokens.size() == members_.size() * vnodes_per_node_);
  positions_.resize(sorted_tokens.size());
  owners_.resize(sorted_tokens.size());
  for (std::size_t i = 0; i < sorted_tokens.size(); ++i) {
    positions_[i] = sorted_tokens[i].first;
    owners_[i] = sorted_tokens[i].second;
  }
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

}  // namespace ringsim
