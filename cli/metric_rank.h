// The order in which a golden mismatch lists the metrics that moved: what clients see
// first, then the cluster's health, then everything else, internal stage statistics last,
// so a p99 that rose 10 % is not buried under a sub-millisecond DAG stage that doubled.
// Within a group metrics go by how much they moved (cli/golden.h, GoldenComparison::moved).
//
// Groups, by name (the summary's metric names, docs/outputs.md):
//   0 client: a client operation's statistics ("get.*", "put.*", "search.*", "delete.*",
//     "upsert.*", "request.*", and "<op>.<stat>" of any one-word op name, such as a station
//     scenario's own "query.p95_ms"), recall, goodput and the requests clients saw fail, time
//     out, retry, come back partial or be refused;
//   1 health: keys moved, keys or shards under-replicated or lost, members up / without shards, time
//     spent migrating, the autoscaler's nodes, a station's utilization and queue;
//   2 other: data movement, balance, index and cache internals;
//   3 internal stages: "dag.*" (pipeline, migration and backfill stages and runs) and
//     "pool.*" (waits for Airflow pool slots).
#pragma once

#include <string>

namespace ringsim {

enum class MetricGroup { kClient = 0, kHealth = 1, kOther = 2, kInternal = 3 };

MetricGroup metric_group(const std::string& name);
const char* metric_group_name(MetricGroup group);  // "client", "health", "other", "internal"

}  // namespace ringsim
