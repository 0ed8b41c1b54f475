// Copies a crash destroyed that the cluster does not know are gone yet.
//
// When a node crashes, the replica map (the truth) loses its copies at once, and a key or
// shard whose last copy was there is lost. The rest of the cluster learns of the crash only
// when the failure detector declares the node dead (or the node re-registers). Until then
// clients and coordinators still route reads, writes and shard calls to the dead node, and
// each such call costs a timeout: the same as with RF >= 2, where the crashed node stays a
// listed holder until it is declared dead. This records, per crashed node, the keys and
// placement units (vector shards) it held last, so routing can use what the cluster
// believes while the metrics (lost_keys) keep the truth.
//
// Invariants: a node is recorded only between its crash and its declared death (or
// recovery); `forget_node` removes it everywhere. Ordered maps: iteration never depends on
// hashing. Memory: one entry per lost key and per shard the crashed node held complete.
#pragma once

#include <cstdint>
#include <map>

#include "cluster/node_set.h"

namespace ringsim {

class UndetectedLosses {
 public:
  // `node` crashed holding the last copy of `key`.
  void record_key(std::uint64_t key, NodeId node) { keys_[key].insert(node); }
  // `node` crashed holding every live key of placement unit `unit`.
  void record_unit(std::uint32_t unit, NodeId node) { units_[unit].insert(node); }

  // The crashed nodes the cluster still believes hold `key` (empty when none).
  NodeSet key_holders(std::uint64_t key) const {
    const auto found = keys_.find(key);
    return found == keys_.end() ? NodeSet() : found->second;
  }
  bool unit_believed_on(std::uint32_t unit, NodeId node) const {
    const auto found = units_.find(unit);
    return found != units_.end() && found->second.contains(node);
  }
  bool empty() const { return keys_.empty() && units_.empty(); }

  // The cluster learned of `node`'s crash: its copies are known to be gone.
  void forget_node(NodeId node) {
    erase_node(keys_, node);
    erase_node(units_, node);
  }

 private:
  template <typename Map>
  static void erase_node(Map& map, NodeId node) {
    for (auto it = map.begin(); it != map.end();) {
      it->second.erase(node);
      it = it->second.empty() ? map.erase(it) : std::next(it);
    }
  }

  std::map<std::uint64_t, NodeSet> keys_;
  std::map<std::uint32_t, NodeSet> units_;
};

}  // namespace ringsim
