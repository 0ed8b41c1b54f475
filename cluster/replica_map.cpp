#include "cluster/replica_map.h"

#include "sim/assert.h"

namespace ringsim {

ReplicaMap::ReplicaMap(std::vector<std::uint32_t> key_bytes, std::vector<std::uint32_t> key_unit,
                       std::uint32_t unit_count)
    : key_bytes_(std::move(key_bytes)),
      holders_(key_bytes_.size()),
      incoming_(key_bytes_.size()),
      targets_(key_bytes_.size()),
      lost_(key_bytes_.size(), 0),
      keys_on_(kNodesMax, 0),
      bytes_on_(kNodesMax, 0),
      key_unit_(std::move(key_unit)),
      unit_count_(key_unit_.empty() ? 0 : unit_count),
      unit_live_keys_(unit_count_, 0),
      unit_node_keys_(std::size_t{unit_count_} * kNodesMax, 0) {
  RINGSIM_ASSERT(key_bytes_.size() <= kKeysMax);
  RINGSIM_ASSERT(key_unit_.empty() || key_unit_.size() == key_bytes_.size());
  for (const std::uint32_t unit : key_unit_) {
    RINGSIM_ASSERT(unit < unit_count_);
    unit_live_keys_[unit] += 1;
  }
}

void ReplicaMap::add_holder(KeyId key, NodeId node) {
  RINGSIM_ASSERT(!lost(key));
  if (holders_[key].contains(node)) return;
  holders_[key].insert(node);
  keys_on_[node] += 1;
  bytes_on_[node] += key_bytes_[key];
  if (unit_count_ > 0) unit_node_keys_[std::size_t{key_unit_[key]} * kNodesMax + node] += 1;
}

void ReplicaMap::remove_holder(KeyId key, NodeId node) {
  if (!holders_[key].contains(node)) return;
  holders_[key].erase(node);
  RINGSIM_ASSERT(keys_on_[node] > 0);
  keys_on_[node] -= 1;
  bytes_on_[node] -= key_bytes_[key];
  if (unit_count_ > 0) unit_node_keys_[std::size_t{key_unit_[key]} * kNodesMax + node] -= 1;
}

void ReplicaMap::mark_lost(KeyId key) {
  RINGSIM_ASSERT(!lost(key));
  holders_[key].for_each([&](NodeId node) { remove_holder(key, node); });
  incoming_[key] = NodeSet();
  lost_[key] = 1;
  lost_count_ += 1;
  if (unit_count_ > 0) unit_live_keys_[key_unit_[key]] -= 1;
}

void ReplicaMap::check_invariants() const {
  std::vector<std::uint64_t> keys_on(kNodesMax, 0);
  std::uint64_t lost_count = 0;
  for (KeyId key = 0; key < key_count(); ++key) {
    if (lost(key)) {
      lost_count += 1;
      RINGSIM_ASSERT(holders_[key].empty());
      RINGSIM_ASSERT(incoming_[key].empty());
      continue;
    }
    RINGSIM_ASSERT(!holders_[key].empty());
    holders_[key].for_each([&](NodeId node) { keys_on[node] += 1; });
  }
  RINGSIM_ASSERT(lost_count == lost_count_);
  for (std::size_t node = 0; node < kNodesMax; ++node) RINGSIM_ASSERT(keys_on[node] == keys_on_[node]);
}

}  // namespace ringsim
