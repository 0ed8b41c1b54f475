#include "models/cluster/autoscale_loop.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "models/cluster/change_planner.h"
#include "models/cluster/membership.h"
#include "models/cluster/migration_driver.h"
#include "models/cluster/shard_store.h"
#include "sim/assert.h"

namespace ringsim {

AutoscaleLoop::AutoscaleLoop(ClusterCore& core)
    : core_(core),
      autoscaler_(core.config.autoscaler),
      busy_core_ns_(kNodesMax, 0),
      nodes_added_(core.metrics.register_counter("autoscaler.nodes_added")),
      nodes_removed_(core.metrics.register_counter("autoscaler.nodes_removed")),
      node_seconds_result_(core.metrics.register_result("autoscaler.data_node_seconds")),
      utilization_gauge_(core.metrics.register_gauge("autoscaler.utilization")),
      desired_gauge_(core.metrics.register_gauge("autoscaler.desired_nodes")) {}

void AutoscaleLoop::start(Simulator& simulator) {
  (void)simulator;
  // Operations are all registered by now (the search coordinator registers "search").
  for (const AutoscalerMetric& metric : core_.config.autoscaler.metrics) {
    OpId op = 0;
    if (metric.type == AutoscalerMetric::Type::kLatency) {
      const auto& names = core_.metrics.op_names();
      const auto found = std::find(names.begin(), names.end(), metric.operation);
      RINGSIM_ASSERT(found != names.end());  // The scenario loader checked the operation exists.
      op = static_cast<OpId>(found - names.begin());
    }
    latency_ops_.push_back(op);
    latency_.emplace_back();
  }
  core_.schedule_after(core_.config.autoscaler.evaluation_interval_ns, kAutoscalerEvaluate);
}

void AutoscaleLoop::sample_latency() {
  for (std::size_t i = 0; i < latency_.size(); ++i) {
    if (core_.config.autoscaler.metrics[i].type != AutoscalerMetric::Type::kLatency) continue;
    latency_[i].merge(core_.metrics.op_window_histogram(latency_ops_[i]));
  }
}

namespace {

// The bytes node `node` keeps in memory: its HNSW indexes with vectors, else its values.
double node_memory_bytes(const ClusterCore& core, NodeId node) {
  if (!core.vectors) return core.replicas.bytes_on(node);
  double bytes = 0;
  for (std::uint32_t shard = 0; shard < core.vectors->shards; ++shard) {
    const Shard* index = core.parts.shards->shard_index(node, shard);
    bytes += index != nullptr ? static_cast<double>(index->memory_bytes()) : 0;
  }
  return bytes;
}

}  // namespace

std::vector<double> AutoscaleLoop::measure(AutoscalerInput& input, std::uint32_t& serving) {
  const TimeNs now_ns = input.now_ns;
  const double interval_ns = static_cast<double>(core_.config.autoscaler.evaluation_interval_ns);
  double utilization_sum = 0;
  double queue_sum = 0;
  double memory_sum = 0;
  for (Node& node : core_.nodes) {
    const double busy_core_ns = node.station.busy_core_ns(now_ns);
    const double busy_in_interval = busy_core_ns - busy_core_ns_[node.id];
    busy_core_ns_[node.id] = busy_core_ns;
    if (!node.holds_data) continue;
    serving += node.running() ? 1 : 0;
    if (node.state == NodeState::kBooting) input.booting_nodes += 1;
    if (!core_.believed_up.contains(node.id)) continue;
    // Routed to but silent (crashed or fenced, not yet declared dead): a pod whose metrics
    // are missing, in Kubernetes' replica calculator.
    if (node.state == NodeState::kFailed || node.state == NodeState::kFenced) input.missing_nodes += 1;
    if (node.state != NodeState::kUp) continue;
    input.ready_nodes += 1;
    utilization_sum += busy_in_interval / (interval_ns * node.station.cores());
    queue_sum += static_cast<double>(node.station.queue_length());
    memory_sum += node_memory_bytes(core_, node.id) / core_.config.node.memory_bytes;
  }
  const double ready = input.ready_nodes;
  std::vector<double> values;
  for (std::size_t i = 0; i < core_.config.autoscaler.metrics.size(); ++i) {
    const AutoscalerMetric& metric = core_.config.autoscaler.metrics[i];
    double value = std::nan("");
    if (metric.type == AutoscalerMetric::Type::kLatency) {
      // Over the metric windows closed since the previous evaluation; none completed: no value.
      LatencyHistogram& window = latency_[i];
      if (window.count() > 0) value = ns_to_ms(static_cast<TimeNs>(window.value_at_quantile_ns(metric.percentile / 100)));
      window.reset();
    } else if (input.ready_nodes > 0) {
      value = metric.type == AutoscalerMetric::Type::kCpu           ? utilization_sum / ready
              : metric.type == AutoscalerMetric::Type::kQueueLength ? queue_sum / ready
                                                                    : memory_sum / ready;
    }
    values.push_back(value);
  }
  core_.metrics.set_gauge(utilization_gauge_, input.ready_nodes > 0 ? utilization_sum / ready : 0);
  return values;
}

void AutoscaleLoop::on_evaluate(Simulator& simulator) {
  AutoscalerInput input;
  input.now_ns = simulator.now_ns();
  std::uint32_t serving = 0;  // Ready or draining: what the cluster pays for.
  input.metric_values = measure(input, serving);
  input.migrating = core_.parts.migration->ranges_open() > 0;
  node_seconds_ += serving * ns_to_s(core_.config.autoscaler.evaluation_interval_ns);

  const AutoscalerDecision decision = autoscaler_.evaluate(input);
  latest_decision_ = decision;
  core_.metrics.set_gauge(desired_gauge_, decision.desired_nodes);
  if (decision.delta_nodes != 0) apply(simulator, decision);
  core_.schedule_after(core_.config.autoscaler.evaluation_interval_ns, kAutoscalerEvaluate);
}

void AutoscaleLoop::apply(Simulator& simulator, const AutoscalerDecision& decision) {
  AutoscalerDecision applied = decision;
  Membership& membership = *core_.parts.membership;
  ChangePlanner& planner = *core_.parts.planner;
  // The changes table's action says why in short; the autoscaler table has the full reason.
  char measured[96];
  std::snprintf(measured, sizeof measured, " (%s %.2f)", decision.metric.c_str(), decision.metric_value);
  if (decision.delta_nodes > 0) {
    const auto room = static_cast<int>(kNodesMax - core_.nodes.size());
    const int added = std::min(decision.delta_nodes, room);
    if (added < decision.delta_nodes) applied.reason += " (the run's limit of 128 nodes stopped it)";
    applied.desired_nodes = applied.current_nodes + static_cast<std::uint32_t>(added);
    const ChangeId change =
        planner.note_change(simulator.now_ns(), ChangeKind::kAutoscaleOut, "autoscale_out +" + std::to_string(added) + measured, "").id;
    for (int i = 0; i < added; ++i) {
      const NodeId node = membership.create_node(simulator.now_ns());
      append_to_list(planner.change(change).subject, std::to_string(node));
      membership.boot_node(simulator, node);
    }
    core_.metrics.add(nodes_added_, added);
  } else {
    // The newest ready data nodes leave first (their ranges moved most recently).
    std::vector<NodeId> leaving;
    for (auto node = core_.nodes.rbegin(); node != core_.nodes.rend(); ++node) {
      if (static_cast<int>(leaving.size()) == -decision.delta_nodes) break;
      if (node->holds_data && node->state == NodeState::kUp && core_.believed_up.contains(node->id)) {
        leaving.push_back(node->id);
      }
    }
    std::string names;
    for (const NodeId node : leaving) append_to_list(names, std::to_string(node));
    planner.note_change(simulator.now_ns(), ChangeKind::kAutoscaleIn, "autoscale_in -" + std::to_string(leaving.size()) + measured, names);
    for (const NodeId node : leaving) membership.begin_remove(simulator, node);
    core_.metrics.add(nodes_removed_, static_cast<std::int64_t>(leaving.size()));
  }
  actions_.push_back(applied);
}

void AutoscaleLoop::finish() { core_.metrics.set_result(node_seconds_result_, node_seconds_); }

void AutoscaleLoop::add_tables(std::vector<SummaryTable>& tables) const {
  SummaryTable decisions;
  decisions.name = "autoscaler";
  decisions.columns = {"time_s", "metric", "value", "target", "nodes", "recommended", "stabilized", "desired",
                       "reason"};
  for (const AutoscalerDecision& decision : actions_) {
    decisions.rows.push_back({ns_to_s(decision.at_ns), decision.metric, decision.metric_value, decision.metric_target,
                              decision.current_nodes, decision.recommended_nodes, decision.stabilized_nodes,
                              decision.desired_nodes, decision.reason});
  }
  tables.push_back(std::move(decisions));
}

}  // namespace ringsim
