#include "models/cluster/hot_key_mitigation.h"

#include <algorithm>

namespace ringsim {

HotKeyMitigation::HotKeyMitigation(ClusterCore& core)
    : core_(core),
      tracker_(core.config.hot_keys),
      cache_hits_(core.metrics.register_counter("cache_hits")),
      cache_misses_(core.metrics.register_counter("cache_misses")),
      heated_(core.metrics.register_counter("hot_keys_heated")),
      cooled_(core.metrics.register_counter("hot_keys_cooled")),
      hot_keys_gauge_(core.metrics.register_gauge("hot_keys")),
      hit_ratio_result_(core.metrics.register_result("cache_hit_ratio")),
      hot_share_result_(core.metrics.register_result("hot_node_share")),
      hot_p99_result_(core.metrics.register_result("hot_node_p99_ms")),
      others_p99_result_(core.metrics.register_result("other_nodes_p99_ms")) {}

void HotKeyMitigation::start() {
  if (core_.config.hot_keys.enabled) core_.schedule_after(core_.config.hot_keys.window_ns, kHotKeysWindow);
}

HotKeyMitigation::NodeReads& HotKeyMitigation::reads(const Node& node) {
  while (nodes_.size() <= node.id) {
    nodes_.emplace_back();
    nodes_.back().cache = LruCache(core_.config.node.cache.capacity_entries);
  }
  NodeReads& reads = nodes_[node.id];
  if (reads.incarnation != node.incarnation) {
    reads.cache.clear();  // A new process starts with a cold cache.
    reads.incarnation = node.incarnation;
  }
  return reads;
}

bool HotKeyMitigation::cache_get(const Node& node, KeyId key) {
  NodeReads& node_reads = reads(node);
  if (node_reads.cache.lookup(key)) {
    node_reads.hits += 1;
    core_.metrics.add(cache_hits_);
    return true;
  }
  node_reads.misses += 1;
  core_.metrics.add(cache_misses_);
  node_reads.cache.insert(key);
  return false;
}

void HotKeyMitigation::cache_put(const Node& node, KeyId key) {
  if (cache_enabled()) reads(node).cache.insert(key);
}

void HotKeyMitigation::record_get(KeyId key) {
  if (core_.config.hot_keys.enabled) tracker_.record(key);
}

void HotKeyMitigation::refresh_extras(KeyId key) {
  const std::uint32_t rf = core_.config.replication.factor;
  const std::uint32_t wanted = std::min(rf + core_.config.hot_keys.extra_replicas, kReplicationFactorMax);
  ReplicaList preference;
  core_.placement->replicas_for(key_hash(key), wanted, preference);
  NodeSet extras;
  for (const NodeId node : preference) {
    if (!core_.replicas.holders(key).contains(node)) extras.insert(node);
  }
  extras_[key] = extras;
}

void HotKeyMitigation::on_window() {
  core_.schedule_after(core_.config.hot_keys.window_ns, kHotKeysWindow);
  const HotKeyTracker::Transitions transitions = tracker_.close_window();
  for (const KeyId key : transitions.cooled) extras_.erase(key);
  core_.metrics.add(heated_, static_cast<std::int64_t>(transitions.heated.size()));
  core_.metrics.add(cooled_, static_cast<std::int64_t>(transitions.cooled.size()));
  for (const auto& [key, rate_qps] : tracker_.hot_keys()) refresh_extras(key);
}

NodeSet HotKeyMitigation::extra_replicas(KeyId key) const {
  const auto found = extras_.find(key);
  return found == extras_.end() ? NodeSet() : found->second;
}

void HotKeyMitigation::record_served(NodeId node, TimeNs latency_ns) {
  if (core_.simulator->now_ns() < core_.metrics.warmup_ns()) return;
  reads(core_.nodes[node]).latency.record(static_cast<std::uint64_t>(latency_ns));
}

void HotKeyMitigation::sample_gauges() {
  core_.metrics.set_gauge(hot_keys_gauge_, static_cast<double>(extras_.size()));
}

std::uint64_t HotKeyMitigation::total_gets() const {
  std::uint64_t total = 0;
  for (const NodeReads& node : nodes_) total += node.latency.count();
  return total;
}

double HotKeyMitigation::hit_ratio(NodeId node) const {
  if (node >= nodes_.size()) return -1;
  const NodeReads& reads = nodes_[node];
  const std::uint64_t lookups = reads.hits + reads.misses;
  return lookups == 0 ? -1 : static_cast<double>(reads.hits) / static_cast<double>(lookups);
}

void HotKeyMitigation::finish() {
  Metrics& metrics = core_.metrics;
  const std::int64_t lookups = metrics.counter(cache_hits_) + metrics.counter(cache_misses_);
  metrics.set_result(hit_ratio_result_,
                     lookups == 0 ? 0 : static_cast<double>(metrics.counter(cache_hits_)) / static_cast<double>(lookups));
  // The hot node: the one that answered the most gets (lowest id on a tie).
  std::size_t hot = 0;
  for (std::size_t node = 1; node < nodes_.size(); ++node) {
    if (nodes_[node].latency.count() > nodes_[hot].latency.count()) hot = node;
  }
  const std::uint64_t total = total_gets();
  // No get at all (a vector-search run): no hot node and no latency, null in summary.json,
  // never a 0 ms that reads as fast.
  if (total == 0) {
    for (const ResultId result : {hot_share_result_, hot_p99_result_, others_p99_result_}) metrics.set_result(result, kNoValue);
    return;
  }
  LatencyHistogram others;
  for (std::size_t node = 0; node < nodes_.size(); ++node) {
    if (node != hot) others.merge(nodes_[node].latency);
  }
  constexpr double kP99 = 0.99;
  metrics.set_result(hot_share_result_, static_cast<double>(nodes_[hot].latency.count()) / static_cast<double>(total));
  metrics.set_result(hot_p99_result_, ns_to_ms(static_cast<TimeNs>(nodes_[hot].latency.value_at_quantile_ns(kP99))));
  metrics.set_result(others_p99_result_,
                     others.count() == 0 ? kNoValue : ns_to_ms(static_cast<TimeNs>(others.value_at_quantile_ns(kP99))));
}

void HotKeyMitigation::add_tables(std::vector<SummaryTable>& tables) const {
  const std::uint64_t total = total_gets();
  if (total == 0) return;
  SummaryTable table;
  table.name = "node_reads";
  table.columns = {"node", "gets", "share", "p99_ms", "cache_hits", "cache_misses", "cache_hit_ratio"};
  for (std::size_t node = 0; node < nodes_.size(); ++node) {
    const NodeReads& reads = nodes_[node];
    const double ratio = hit_ratio(static_cast<NodeId>(node));
    table.rows.push_back({node, reads.latency.count(),
                          static_cast<double>(reads.latency.count()) / static_cast<double>(total),
                          ns_to_ms(static_cast<TimeNs>(reads.latency.value_at_quantile_ns(0.99))), reads.hits,
                          reads.misses, ratio < 0 ? nlohmann::json(nullptr) : nlohmann::json(ratio)});
  }
  tables.push_back(std::move(table));
}

}  // namespace ringsim
