#include "cli/metric_rank.h"

#include <algorithm>
#include <array>

#include "sim/metrics.h"

namespace ringsim {

namespace {

bool starts_with(const std::string& name, const char* prefix) { return name.rfind(prefix, 0) == 0; }

bool contains(const std::string& name, const char* part) { return name.find(part) != std::string::npos; }

// "<op>.<stat>" of a one-word operation ("query.p95_ms" of a station scenario's own op
// name): a client operation whatever it is called. Internal ops have dotted names
// ("dag.etl.makespan", "pool.warehouse.wait").
bool is_client_op_stat(const std::string& name) {
  const std::size_t dot = name.find('.');
  if (dot == std::string::npos || dot == 0 || name.find('.', dot + 1) != std::string::npos) return false;
  const std::string stat = name.substr(dot + 1);
  const std::vector<std::string>& stats = op_stat_names();
  return std::find(stats.begin(), stats.end(), stat) != stats.end();
}

}  // namespace

MetricGroup metric_group(const std::string& name) {
  if (starts_with(name, "dag.") || starts_with(name, "pool.")) return MetricGroup::kInternal;
  for (const char* op : {"get.", "put.", "search.", "delete.", "upsert.", "request."}) {
    if (starts_with(name, op)) return MetricGroup::kClient;
  }
  if (is_client_op_stat(name)) return MetricGroup::kClient;
  // What a client experiences, whatever the operation.
  for (const char* part : {"recall", "goodput", "failed_requests", "unavailable_requests", "lost_key_requests", "timeouts",
                           "retries", "partial_searches", "searches_short_of_k", "overloaded_answers", "queue_rejections",
                           "dropped_expired", "breaker_rejections", "hot_node_p99_ms", "other_nodes_p99_ms",
                           "station.rejected"}) {
    if (contains(name, part)) return MetricGroup::kClient;
  }
  // Keys the cluster moved between nodes: rebalancing work the cluster did (not the
  // ideal, keys_moved_ideal, which is a property of the placement).
  if (name == "keys_moved") return MetricGroup::kHealth;
  for (const char* part : {"under_replicated", "lost_keys", "lost_shards", "nodes_", "members_without_shards", "migration_s",
                           "autoscaler.", "breaker_opens", "station."}) {
    if (contains(name, part)) return MetricGroup::kHealth;
  }
  return MetricGroup::kOther;
}

const char* metric_group_name(MetricGroup group) {
  static constexpr std::array<const char*, 4> kNames = {"client", "health", "other", "internal"};
  return kNames[static_cast<std::size_t>(group)];
}

}  // namespace ringsim
