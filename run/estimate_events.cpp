// The run estimate's event terms and the facts they share with its memory terms
// (run/estimate_parts.h). Every count below is what the model schedules, read off the code
// and checked against traces (ringsim run --trace, events counted by handler.kind):
//   hot_key (0.9 get / 0.1 put, RF 3): per arrival 1 arrival + 1.2 x (rpc_at_node,
//     service_done, reply_at_client): 1 + 3 x (0.9 x 1 + 0.1 x 3);
//   rag_search (16 shards): per search arrival, search_at_coordinator, reply_at_client and
//     16 x (rpc_at_node, service_done, shard_reply);
//   get_hedging (hedging delay 10 ms): one client_hedge per get (the timer is not
//     cancelled when the reply comes first);
//   dag_trigger_rules: per task task_ready, attempt_started, attempt_ended and the station's
//     service_done; per run pipeline_arrival, run_start, run_finished;
//   every node a heartbeat per heartbeat_ms, the detector one check per heartbeat_ms.
// Client timeouts that are cancelled never execute; retries and timeouts that fire happen
// only on failures and are left out (an upper-leaning share of them is within the 1.5x).
#include <algorithm>
#include <cmath>

#include "run/estimate_parts.h"

namespace ringsim::estimate_parts {

namespace {

constexpr double kEventsPerRpc = 3;           // rpc_at_node, service_done, reply (or shard_reply).
constexpr double kEventsPerSearch = 3;        // arrival, search_at_coordinator, reply_at_client.
constexpr double kEventsPerDagTask = 4;       // task_ready, attempt_started, service_done, attempt_ended.
constexpr double kEventsPerPipelineRun = 3;   // pipeline_arrival, run_start, run_finished.
constexpr double kEventsPerChunk = 3;         // send, arrive, apply of one migration chunk.

// Mean over the process's own variation, as a factor of its base rate.
double mean_factor(const ArrivalConfig& arrivals) {
  if (arrivals.type != ArrivalConfig::Type::kBursts || arrivals.burst_every_ns <= 0) return 1.0;
  const double duty = std::min(1.0, static_cast<double>(arrivals.burst_duration_ns) /
                                        static_cast<double>(arrivals.burst_every_ns));
  return (1 - duty) + duty * arrivals.burst_rate_qps / arrivals.rate_qps;
}

double request_events(const ClusterScenario& cluster, const ClusterFacts& facts) {
  const HedgingPolicyConfig& hedging = cluster.cluster.client.hedging;
  double get_events = 1 + kEventsPerRpc;
  if (hedging.enabled) {
    const double copies = std::min<double>(hedging.max_attempts, facts.rf);
    // Delay 0: every copy at once. Otherwise one timer fires per get; a copy is sent only
    // for the slow tail, which is left out.
    get_events = hedging.hedging_delay_ns == 0 ? 1 + kEventsPerRpc * copies : get_events + 1;
  }
  const double write_events = 1 + kEventsPerRpc * facts.rf;
  const double search_events = kEventsPerSearch + kEventsPerRpc * facts.shards;
  return facts.get_share * get_events + facts.write_share * write_events + facts.search_share * search_events;
}

}  // namespace

ClusterFacts cluster_facts(const Scenario& scenario, const ClusterScenario& cluster) {
  ClusterFacts facts;
  const ClusterConfig& config = cluster.cluster;
  const double duration_s = ns_to_s(scenario.duration_ns);
  double nodes = config.initial_nodes + config.compute_nodes;
  facts.node_seconds = nodes * duration_s;
  for (const TimelineActionPtr& action : cluster.timeline) {
    if (action->at_ns >= scenario.duration_ns) continue;
    nodes += action->nodes_added();
    facts.node_seconds += action->nodes_added() * (duration_s - ns_to_s(action->at_ns));
    facts.membership_changes += action->membership_changes();
  }
  if (config.autoscaler.enabled) {
    const double extra = std::max(0.0, double(config.autoscaler.max_nodes) - config.initial_nodes);
    nodes += extra;
    facts.membership_changes += 2 * extra;
    // Half the headroom for the whole run: scaled out for part of it, in for the rest.
    facts.node_seconds += extra / 2 * duration_s;
  }
  facts.nodes_max = std::min<double>(nodes, kNodesMax);
  facts.rf = std::min<double>(config.replication.factor, config.initial_nodes);
  facts.total_bytes = static_cast<double>(cluster.data.keys) * cluster.data.value_bytes.mean();
  if (const auto& vectors = cluster.data.vectors) {
    // A centroid-partitioned search asks only its nprobe nearest shards.
    const PartitioningConfig& partitioning = vectors->partitioning;
    facts.shards = partitioning.centroid ? std::min<double>(partitioning.nprobe, vectors->shards) : vectors->shards;
  }
  const PointWorkloadConfig& w = cluster.workload;
  if (w.runbook) {
    double searches = 0;
    for (const RunbookStep& step : w.runbook->book.steps) {
      if (step.operation == RunbookStep::Operation::kSearch) searches += w.runbook->search_queries;
    }
    const double total = runbook_operations(*w.runbook);
    facts.search_share = total > 0 ? searches / total : 0.0;
    facts.get_share = 0;
    facts.write_share = 1 - facts.search_share;
    return facts;
  }
  const double total = w.get_weight + w.put_weight + w.search_weight + w.delete_weight + w.insert_weight;
  if (total > 0) {
    facts.get_share = w.get_weight / total;
    facts.search_share = w.search_weight / total;
    facts.write_share = 1 - facts.get_share - facts.search_share;
  }
  return facts;
}

namespace {

// Arrivals of one pass of `trace` in [0, t_s) (t_s within the pass): rows for timestamps,
// the rate's integral for rates (a rates row holds until the next, the last until the pass
// ends).
double trace_pass_arrivals(const ArrivalTrace& trace, double t_s) {
  double arrivals = 0;
  const std::size_t rows = trace.times_ns.size();
  for (std::size_t i = 0; i < rows; ++i) {
    const double from_s = ns_to_s(trace.times_ns[i]);
    if (from_s >= t_s) break;
    if (trace.kind == ArrivalTrace::Kind::kTimestamps) {
      arrivals += 1;
      continue;
    }
    const double to_s = std::min(t_s, ns_to_s(i + 1 < rows ? trace.times_ns[i + 1] : trace.period_ns));
    arrivals += trace.rates_qps[i] * (to_s - from_s);
  }
  return arrivals;
}

// Arrivals of `trace` in [0, t_s): whole passes, then part of one (no loop: one pass).
double trace_arrivals(const ArrivalTrace& trace, double t_s) {
  const double pass_s = ns_to_s(trace.period_ns);
  if (!trace.loop || t_s <= pass_s) return trace_pass_arrivals(trace, std::min(t_s, pass_s));
  const double passes = std::floor(t_s / pass_s);
  return passes * trace_pass_arrivals(trace, pass_s) + trace_pass_arrivals(trace, t_s - passes * pass_s);
}

}  // namespace

void for_each_rate_segment(const Scenario& scenario, const ArrivalConfig& arrivals,
                           const std::vector<TimelineActionPtr>& timeline,
                           const std::function<void(double rate_qps, double seconds)>& segment) {
  const double factor = mean_factor(arrivals);
  const double end_s = ns_to_s(scenario.duration_ns);
  // The mean rate over [from_s, to_s) at base rate `rate_qps`; a trace's by its rows
  // (set_rate scales a trace by the new rate over its mean).
  const auto emit = [&](double rate_qps, double from_s, double to_s) {
    if (to_s <= from_s) return;
    if (!arrivals.trace) return segment(rate_qps * factor, to_s - from_s);
    const double scale = rate_qps / arrivals.trace->mean_rate_qps;
    const double count = trace_arrivals(*arrivals.trace, to_s) - trace_arrivals(*arrivals.trace, from_s);
    segment(scale * count / (to_s - from_s), to_s - from_s);
  };
  double from_s = 0;
  double rate_qps = arrivals.rate_qps;
  for (const TimelineActionPtr& action : timeline) {
    if (action->rate_qps() <= 0) continue;
    const double at_s = std::min(ns_to_s(action->at_ns), end_s);
    emit(rate_qps, from_s, at_s);
    from_s = std::max(from_s, at_s);
    rate_qps = action->rate_qps();
  }
  emit(rate_qps, from_s, end_s);
}

double peak_rate_qps(const ArrivalConfig& arrivals, const std::vector<TimelineActionPtr>& timeline,
                     TimeNs duration_ns) {
  const double peak_factor = arrivals.rate_qps > 0 ? arrivals.peak_rate_qps() / arrivals.rate_qps : 1.0;
  double peak = arrivals.peak_rate_qps();
  for (const TimelineActionPtr& action : timeline) {
    if (action->at_ns < duration_ns) peak = std::max(peak, action->rate_qps() * peak_factor);
  }
  return peak;
}

double runbook_operations(const RunbookConfig& runbook) {
  double operations = 0;
  for (const RunbookStep& step : runbook.book.steps) {
    operations += step.operation == RunbookStep::Operation::kSearch ? static_cast<double>(runbook.search_queries)
                                                                     : static_cast<double>(step.end - step.start);
  }
  return operations;
}

double cluster_capacity_qps(const ClusterScenario& cluster, const ClusterFacts& facts) {
  const ClusterConfig& config = cluster.cluster;
  const double work_ns = facts.get_share * config.node.get_service_ns.mean() +
                         facts.write_share * facts.rf * config.node.put_service_ns.mean();
  // An autoscaler adds nodes as load rises: its maximum serves the overload.
  const double nodes = config.autoscaler.enabled ? std::max<double>(config.initial_nodes, config.autoscaler.max_nodes)
                                                 : config.initial_nodes;
  return work_ns > 0 ? nodes * config.node.cores * 1e9 / work_ns : 0;
}

namespace {

// A retry storm (retry_storm.json: 2.84 attempts per request once the burst has passed):
// with retries unlimited (no budget, throttling, breaker or shedding), a stretch whose rate
// exceeds the capacity makes every request time out and use all its attempts, and the
// storm outlives the overload while rate x attempts still exceeds the capacity (a
// metastable failure). Returns the requests issued during storms.
double storm_requests(const Scenario& scenario, const ClusterScenario& cluster, const ClusterFacts& facts) {
  const ClientConfig& client = cluster.cluster.client;
  const bool unlimited = client.max_retries > 0 && client.retry_budget_ratio < 0 && !client.retry_throttling.enabled &&
                         !client.finagle_budget.enabled && !client.circuit_breaker.enabled &&
                         !cluster.cluster.node.drop_expired;
  const double capacity_qps = cluster_capacity_qps(cluster, facts);
  if (!unlimited || capacity_qps <= 0 || cluster.workload.runbook) return 0;
  const double attempts = client.max_retries + 1.0;
  bool storm = false;
  double requests = 0;
  for_each_rate_segment(scenario, cluster.workload.arrivals, cluster.timeline, [&](double rate_qps, double seconds) {
    if (rate_qps > capacity_qps) storm = true;
    if (rate_qps * attempts <= capacity_qps) storm = false;
    if (storm) requests += rate_qps * seconds;
  });
  return requests;
}

}  // namespace

void add_cluster_event_terms(const Scenario& scenario, const ClusterScenario& cluster, const ClusterFacts& facts,
                             RunEstimate& estimate) {
  const double duration_s = ns_to_s(scenario.duration_ns);
  const ClusterConfig& config = cluster.cluster;
  double requests = 0;
  if (cluster.workload.runbook) {
    // One issue event per operation beside its request; at most rate x duration are issued.
    requests = std::min(runbook_operations(*cluster.workload.runbook), cluster.workload.runbook->rate_qps * duration_s);
    estimate.events.push_back({"runbook operations issued", "/workload/runbook", requests});
  } else {
    for_each_rate_segment(scenario, cluster.workload.arrivals, cluster.timeline,
                          [&](double rate_qps, double seconds) { requests += rate_qps * seconds; });
  }
  const double per_request = request_events(cluster, facts);
  estimate.events.push_back({"requests (mean rate x duration x events per request)", "/workload/arrivals/rate_qps",
                             requests * per_request});
  // In a storm each attempt adds its calls and its timeout, and a backoff its retry timer.
  const ClientConfig& client = config.client;
  const double per_attempt = per_request;  // Its calls' events and its timeout's.
  const double storm_extra = (client.max_retries + 1.0) * per_attempt +
                             (client.backoff_base_ns > 0 ? client.max_retries : 0) - (per_request - 1);
  estimate.events.push_back({"retry storm (requests while overloaded x attempts x (calls + timeout))",
                             "/cluster/client/max_retries", storm_requests(scenario, cluster, facts) * storm_extra});
  const double heartbeat_s = ns_to_s(config.failure_detection.heartbeat_ns);
  estimate.events.push_back({"heartbeats ((node-seconds + detector) / heartbeat)",
                             "/cluster/failure_detection/heartbeat_ms",
                             (facts.node_seconds + duration_s) / heartbeat_s});
  const double moved_bytes = facts.total_bytes * facts.rf / std::max(1u, config.initial_nodes);
  estimate.events.push_back({"migration chunks (changes x moved bytes / chunk_bytes)", "/cluster/migration/chunk_bytes",
                             facts.membership_changes * std::ceil(moved_bytes / config.migration.chunk_bytes) *
                                 kEventsPerChunk});
  double pipeline_events = 0;
  for (const PipelineConfig& pipeline : cluster.pipelines) {
    double runs = 0;
    if (pipeline.arrivals) {
      for_each_rate_segment(scenario, *pipeline.arrivals, {},
                            [&](double rate_qps, double seconds) { runs += rate_qps * seconds; });
    }
    for (const TimeNs at_ns : pipeline.at_ns) runs += at_ns < scenario.duration_ns ? 1 : 0;
    pipeline_events += runs * (static_cast<double>(pipeline.spec->size()) * kEventsPerDagTask + kEventsPerPipelineRun);
  }
  estimate.events.push_back({"pipeline tasks (runs x (tasks x 4 + 3))", "/pipelines", pipeline_events});
  estimate.events.push_back({"measurement windows", "/window_s",
                             std::ceil(static_cast<double>(scenario.duration_ns) /
                                       static_cast<double>(scenario.window_ns))});
}

}  // namespace ringsim::estimate_parts
