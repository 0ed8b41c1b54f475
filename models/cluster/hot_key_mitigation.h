// Hot-key mitigations on the read path, and the per-node read statistics that judge them:
//
//   cache (cluster.node.cache)  each node keeps an LRU cache of capacity_entries values in
//       front of its gets: a get of a cached key is a hit and costs hit_service instead of
//       the get's service time; a miss costs the full time and caches the key; a write
//       applied on the node refreshes its entry. A node's cache dies with its process.
//   hot-key replicas (cluster.hot_keys)  HotKeyTracker finds hot keys over windows; a hot
//       key gets extra_replicas read-only copies on the next nodes of the placement's
//       preference order (beyond its replicas), recomputed every window so membership
//       changes are followed, and dropped when it cools. Copying one value is taken as free.
//
// Owned by the client path. Event kHotKeysWindow (every hot_keys.window_s). Results:
// cache_hit_ratio, hot_node_share (the busiest node's share of completed gets),
// hot_node_p99_ms and other_nodes_p99_ms (gets' client latency by the node that answered);
// counters cache_hits, cache_misses, hot_keys_heated, hot_keys_cooled; gauge hot_keys;
// table node_reads (per node: gets, share, p99_ms, cache hits, misses, hit ratio).
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "cluster/node_set.h"
#include "models/cluster/cluster_core.h"
#include "models/cluster/hot_key_tracker.h"
#include "models/cluster/lru_cache.h"
#include "sim/histogram.h"
#include "sim/summary.h"

namespace ringsim {

class HotKeyMitigation {
 public:
  explicit HotKeyMitigation(ClusterCore& core);

  void start();
  bool cache_enabled() const { return core_.config.node.cache.capacity_entries > 0; }
  // A get of `key` reaches a core of `node`: true when the node's cache holds it.
  bool cache_get(const Node& node, KeyId key);
  // A write of `key` applied on `node` refreshes its cached value.
  void cache_put(const Node& node, KeyId key);

  void record_get(KeyId key);
  void on_window();
  // The hot key's extra read replicas (empty when it is not hot).
  NodeSet extra_replicas(KeyId key) const;
  // A get completed at the client; `node` answered it.
  void record_served(NodeId node, TimeNs latency_ns);

  void sample_gauges();
  void finish();
  void add_tables(std::vector<SummaryTable>& tables) const;

  // For the GUI: the node's cache hit ratio so far (negative without a cache or lookups).
  double hit_ratio(NodeId node) const;

 private:
  struct NodeReads {
    LruCache cache{0};
    std::uint32_t incarnation = 0;
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    LatencyHistogram latency;
  };
  NodeReads& reads(const Node& node);
  void refresh_extras(KeyId key);
  std::uint64_t total_gets() const;

  ClusterCore& core_;
  HotKeyTracker tracker_;
  std::map<KeyId, NodeSet> extras_;
  std::vector<NodeReads> nodes_;  // By node id, grown as nodes appear.
  CounterId cache_hits_;
  CounterId cache_misses_;
  CounterId heated_;
  CounterId cooled_;
  SeriesId hot_keys_gauge_;
  ResultId hit_ratio_result_;
  ResultId hot_share_result_;
  ResultId hot_p99_result_;
  ResultId others_p99_result_;
};

}  // namespace ringsim
