#include "run/estimate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "index/hnsw_layout.h"
#include "run/estimate_parts.h"
#include "sim/dag/dag_task.h"
#include "sim/event_queue.h"
#include "workloads/vector_files.h"

namespace ringsim {

namespace {

// Coefficients, in bytes, of what the model keeps. Measured with peak RSS
// (tests/estimate_test.cpp, tests/estimate_scenarios.py) and rounded up; docs/hardening.md.
constexpr double kKeyStateBytes = 48;          // Replica map, popularity, sizes: per key.
// One window of one series: a double and its vector's doubling growth (mm1 at window_s
// 0.001: 4.4 M points, 67.6 MiB).
constexpr double kSeriesPointBytes = 16;
constexpr double kRequestBytes = 256;          // A request in flight with its buffers.
constexpr double kQueuedJobBytes = 48;         // A job waiting in a station queue.
constexpr double kMovedKeyBytes = 4;           // A key id in a migration range, kept per change.
// Per-window series: statistics per operation (sim/metrics.h) and gauges.
constexpr double kStatsPerOp = 8;
constexpr double kClusterOps = 5;            // get, put, search, delete, pipelines' runs.
constexpr double kClusterGauges = 13;        // + tombstone ratio, a runbook's step and recall
constexpr double kGaugesPerNode = 4;         // utilization, queue length, keys, index memory.
// Pending at once per request in flight: its client timeout and the call on its way or
// queued; a search adds a shard timeout and a call per shard it fans out to. A cancelled
// timeout stays in the heap until its time, so a request's timeout is pending for the
// whole timeout_ms however fast it is answered. A pending event costs its heap entry
// (16 B) and slab slot (40 B), rounded up for the queue's growth.
constexpr double kPendingPerRequest = 2;
constexpr double kPendingPerShardCall = 2;
constexpr double kPendingEventBytes = 64;

double next_power_of_two(double value) { return std::exp2(std::ceil(std::log2(std::max(1.0, value)))); }

using estimate_parts::ClusterFacts;

void add_vector_terms(const VectorIndexConfig& vectors, double keys, double rf, RunEstimate& estimate) {
  const double dim = vectors.data.dim;
  const double m = vectors.hnsw.m;
  estimate.memory.push_back({"vectors (keys x dim x 4 B)", "/data/keys", keys * dim * 4});
  // Held-out queries and ground truth are as large as their files (HDF5: as their shapes).
  const VectorDataConfig& data = vectors.data;
  const double side_bytes = vector_side_files_bytes(data.hdf5_path, data.queries_path, data.ground_truth_path);
  if (side_bytes > 0) {
    estimate.memory.push_back({"query and ground-truth files (their sizes, HDF5 shapes)", "/data/vectors", side_bytes});
  }
  const double shards = vectors.shards;
  const double per_shard = std::ceil(keys / shards);
  const double capacity = std::max<double>(hnsw_layout::kInitialCapacity, next_power_of_two(per_shard));
  // hnswlib's level-0 block per slot (index/hnsw_layout.h), and its upper levels.
  const double slot_bytes = hnsw_layout::level0_record_bytes(dim, m) + hnsw_layout::kSlotOverheadBytes;
  const double upper_bytes = hnsw_layout::expected_upper_bytes(per_shard, m);
  const double per_index = capacity * slot_bytes + upper_bytes + per_shard * hnsw_layout::kLabelMapBytesPerEntry;
  estimate.memory.push_back({"HNSW graphs (shards x replicas x (vectors + 2M links) per slot)",
                             "/cluster/replication/factor", shards * rf * per_index});
  estimate.memory.push_back({"HNSW fixed cost per shard replica (shards x replicas x 2.6 MB)", "/data/shards",
                             shards * rf * hnsw_layout::kFixedBytes});
}

// Jobs that wait in queues at the worst: the backlog of the stretches whose offered work
// exceeds the data nodes' cores (a fluid model: the excess rate x the stretch), plus the
// requests in flight; at most every queue full.
double cluster_queued_jobs(const Scenario& scenario, const ClusterScenario& cluster, const ClusterFacts& facts,
                           double in_flight) {
  const ClusterConfig& config = cluster.cluster;
  const double capacity_qps = estimate_parts::cluster_capacity_qps(cluster, facts);
  double backlog = 0;
  estimate_parts::for_each_rate_segment(scenario, cluster.workload.arrivals, cluster.timeline,
                                        [&](double rate_qps, double seconds) {
                                          if (capacity_qps > 0) backlog += std::max(0.0, rate_qps - capacity_qps) * seconds;
                                        });
  return std::min(facts.nodes_max * static_cast<double>(config.node.queue_capacity), backlog + in_flight);
}

void estimate_cluster(const Scenario& scenario, const ClusterScenario& cluster, RunEstimate& estimate) {
  const ClusterFacts facts = estimate_parts::cluster_facts(scenario, cluster);
  const double keys = static_cast<double>(cluster.data.keys);
  const ClusterConfig& config = cluster.cluster;
  estimate.memory.push_back({"per-key state (keys x " + std::to_string(int(kKeyStateBytes)) + " B)", "/data/keys",
                             keys * kKeyStateBytes});
  if (cluster.data.vectors) add_vector_terms(*cluster.data.vectors, keys, facts.rf, estimate);

  const double rate_qps = estimate_parts::peak_rate_qps(cluster.workload.arrivals, cluster.timeline, scenario.duration_ns);
  const double attempts = config.client.max_retries + 1.0;
  // Every request's timeout is pending for timeout_ms (cancelled ones stay in the heap).
  const double timeouts = std::min(rate_qps * ns_to_s(config.client.timeout_ns) * attempts,
                                   static_cast<double>(kClientRequestsInFlightMax));
  // Requests themselves live until answered: about four round trips (Little's law),
  // more only where a backlog builds (counted in the queued jobs).
  const double round_trip_s = ns_to_s(2 * config.network.latency_ns.mean() + config.node.get_service_ns.mean());
  const double queued = cluster_queued_jobs(scenario, cluster, facts, rate_qps * 4 * round_trip_s);
  const double in_flight = std::min(timeouts, rate_qps * 4 * round_trip_s + queued);
  estimate.memory.push_back({"requests in flight (rate x round trips, with any backlog)", "/cluster/client/timeout_ms",
                             in_flight * kRequestBytes});
  estimate.memory.push_back({"queued jobs (backlog of overloaded stretches, at most nodes x queue_capacity)",
                             "/cluster/node/queue_capacity", queued * kQueuedJobBytes});
  const double windows = std::ceil(static_cast<double>(scenario.duration_ns) / static_cast<double>(scenario.window_ns));
  const double series = kStatsPerOp * (kClusterOps + static_cast<double>(cluster.pipelines.size())) + kClusterGauges +
                        kGaugesPerNode * facts.nodes_max;
  estimate.series_points = series * windows;
  estimate.memory.push_back({"time series (series x windows, series grow with nodes)", "/window_s",
                             estimate.series_points * kSeriesPointBytes});
  // A change moves about one node's share of the copies.
  estimate.memory.push_back({"migration ranges (membership changes x keys x replicas / nodes)", "/timeline",
                             facts.membership_changes * keys * facts.rf / config.initial_nodes * kMovedKeyBytes});
  // Issue #24: a scenario estimated at 4.5 GiB aborted after 107 s at 8.9 GB on the event
  // queue's limit: 2^24 requests in flight each held several pending events.
  estimate.pending_events = timeouts * (kPendingPerRequest + facts.search_share * facts.shards * kPendingPerShardCall) +
                            3 * (facts.nodes_max + 1);
  estimate.memory.push_back({"pending events (rate x timeout x events each x 64 B)", "/cluster/client/timeout_ms",
                             estimate.pending_events * kPendingEventBytes});
  estimate_parts::add_cluster_event_terms(scenario, cluster, facts, estimate);
}

// An unbounded queue below saturation stays short: the longest of n arrivals' queues at
// utilization rho is about ln(n) / ln(1/rho) (the geometric tail of M/M/1); at or over
// saturation the backlog grows by (1 - 1/rho) of the arrivals.
double station_queued_jobs(const StationScenario& station, double arrivals, double rate_qps) {
  const double rho = rate_qps * station.station.service_ns.mean() / 1e9 / std::max(1u, station.station.cores);
  double queued = arrivals;
  if (rho < 0.99) {
    queued = std::min(arrivals, 4 * std::log(std::max(2.0, arrivals)) / -std::log(std::max(rho, 1e-9)) + 1);
  } else if (rho > 1) {
    queued = arrivals * (1 - 1 / rho);
  }
  const double capacity = static_cast<double>(station.station.queue_capacity);
  return capacity > 0 ? std::min(capacity, queued) : queued;
}

void estimate_station(const Scenario& scenario, const StationScenario& station, RunEstimate& estimate) {
  double arrivals = 0;
  estimate_parts::for_each_rate_segment(scenario, station.workload.arrivals, {},
                                        [&](double rate_qps, double seconds) { arrivals += rate_qps * seconds; });
  const double peak_qps = station.workload.arrivals.peak_rate_qps();
  estimate.memory.push_back({"queued jobs (queue_capacity, or the longest queue when unbounded)",
                             "/station/queue_capacity",
                             station_queued_jobs(station, arrivals, peak_qps) * kQueuedJobBytes});
  const double windows = std::ceil(static_cast<double>(scenario.duration_ns) / static_cast<double>(scenario.window_ns));
  estimate.series_points = (kStatsPerOp + 3) * windows;
  estimate.memory.push_back({"time series (series x windows)", "/window_s", estimate.series_points * kSeriesPointBytes});
  // Per request: its arrival and its service's end (models/station_model.cpp).
  estimate.events.push_back({"requests (mean rate x duration x 2 events)", "/workload/arrivals/rate_qps", arrivals * 2});
  estimate.events.push_back({"measurement windows", "/window_s", windows});
}

const EstimateTerm& largest(const std::vector<EstimateTerm>& terms) {
  return *std::max_element(terms.begin(), terms.end(),
                           [](const EstimateTerm& a, const EstimateTerm& b) { return a.amount < b.amount; });
}

std::string format_count(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}

// A migration task's cost for the scenario's whole data set (the largest range a single
// change can move) must stay within the DAG limit, or the run would refuse it mid-run.
void check_migration_costs(const Scenario& scenario, const ClusterScenario& cluster) {
  const MigrationConfig& migration = cluster.cluster.migration;
  const double keys = static_cast<double>(cluster.data.keys);
  const double bytes = keys * cluster.data.value_bytes.mean();
  const double limit_ns = static_cast<double>(kDagDurationNsMax);
  struct Cost {
    const char* key;
    double ns;
  };
  const Cost costs[] = {{"snapshot_ns_per_byte", migration.snapshot_ns_per_byte * bytes},
                        {"verify_us_per_key", migration.verify_ns_per_key * keys},
                        {"drop_us_per_key", migration.drop_ns_per_key * keys}};
  for (const Cost& cost : costs) {
    if (cost.ns <= limit_ns) continue;
    throw ConfigError(scenario.file, std::string("/cluster/migration/") + cost.key,
                      "moving the whole data set (" + format_count(keys) + " keys, " + format_bytes(bytes) +
                          ") would make one migration task cost " + format_count(cost.ns / 1e9) +
                          " s of core time; one task may cost at most 3600 s (lower " + cost.key + ")");
  }
}

}  // namespace

double RunEstimate::memory_bytes() const {
  double total = 0;
  for (const EstimateTerm& term : memory) total += term.amount;
  return total;
}

double RunEstimate::event_count() const {
  double total = 0;
  for (const EstimateTerm& term : events) total += term.amount;
  return total;
}

const EstimateTerm& RunEstimate::dominant_memory() const { return largest(memory); }
const EstimateTerm& RunEstimate::dominant_events() const { return largest(events); }

namespace {

// A trace of arrivals keeps a time (and a rate) per row.
void add_trace_term(const ArrivalConfig& arrivals, const std::string& pointer, RunEstimate& estimate) {
  if (!arrivals.trace) return;
  const double rows = static_cast<double>(arrivals.trace->times_ns.size());
  estimate.memory.push_back({"arrival trace rows (rows x 16 B)", pointer, rows * 16});
}

}  // namespace

RunEstimate estimate_run(const Scenario& scenario) {
  RunEstimate estimate;
  estimate.memory.push_back({"baseline (program, buffers)", "", kEstimateBaselineBytes});
  if (const auto* station = std::get_if<StationScenario>(&scenario.model)) {
    add_trace_term(station->workload.arrivals, "/workload/arrivals/file", estimate);
  } else {
    add_trace_term(std::get<ClusterScenario>(scenario.model).workload.arrivals, "/workload/arrivals/file", estimate);
  }
  if (const auto* station = std::get_if<StationScenario>(&scenario.model)) {
    estimate_station(scenario, *station, estimate);
  } else {
    estimate_cluster(scenario, std::get<ClusterScenario>(scenario.model), estimate);
  }
  return estimate;
}

void check_run_estimate(const Scenario& scenario, const RunEstimate& estimate, double memory_budget_bytes) {
  if (const auto* cluster = std::get_if<ClusterScenario>(&scenario.model)) check_migration_costs(scenario, *cluster);
  if (estimate.series_points > kSeriesPointsMax) {
    throw ConfigError(scenario.file, "/window_s",
                      "the time series would hold " + format_count(estimate.series_points) +
                          " points (series x windows; every node adds series); at most " +
                          format_count(kSeriesPointsMax) + " are allowed (use a larger window_s)");
  }
  if (estimate.memory_bytes() > memory_budget_bytes) {
    const EstimateTerm& term = estimate.dominant_memory();
    throw ConfigError(scenario.file, term.pointer,
                      "the run would need about " + format_bytes(estimate.memory_bytes()) + " of memory, over the " +
                          format_bytes(memory_budget_bytes) + " budget (--max-memory); the largest part is " +
                          term.what + ": " + format_bytes(term.amount) + " (change " +
                          (term.pointer.empty() ? std::string("the scenario") : term.pointer) + ")");
  }
  if (estimate.pending_events > static_cast<double>(EventQueue::kPendingEventsMax)) {
    throw ConfigError(scenario.file, "/cluster/client/timeout_ms",
                      "the run could hold about " + format_count(estimate.pending_events) +
                          " events pending at once (requests in flight x events each); the engine holds at most " +
                          format_count(static_cast<double>(EventQueue::kPendingEventsMax)) +
                          " (lower /cluster/client/timeout_ms or the arrival rate)");
  }
  if (estimate.event_count() > kEventsPerRunMax) {
    const EstimateTerm& term = estimate.dominant_events();
    throw ConfigError(scenario.file, term.pointer,
                      "the run would execute about " + format_count(estimate.event_count()) + " events; at most " +
                          format_count(kEventsPerRunMax) + " are allowed in one run; the largest part is " + term.what +
                          ": " + format_count(term.amount) + " (change " + term.pointer + ")");
  }
}

std::string describe_estimate(const RunEstimate& estimate) {
  std::string text = "estimated memory " + format_bytes(estimate.memory_bytes()) + " (largest: " +
                     estimate.dominant_memory().what + " " + format_bytes(estimate.dominant_memory().amount) +
                     "), events " + format_count(estimate.event_count()) + " (largest: " +
                     estimate.dominant_events().what + " " + format_count(estimate.dominant_events().amount) + ")";
  return text;
}

}  // namespace ringsim
