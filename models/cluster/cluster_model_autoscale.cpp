// ClusterModel: the autoscaler's loop. Every evaluation interval it measures each configured
// metric over the ready data nodes (core utilization and latency over the interval, queue
// length and memory at the moment), asks the policy (cluster/autoscaler.h) for a decision,
// and carries it out: new data nodes boot and join like timeline add_node; a scale-in
// drains the newest ready data nodes like remove_node.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/assert.h"
#include "models/cluster/cluster_model.h"

namespace ringsim {

namespace {

// The bytes node `node` keeps in memory: its HNSW indexes with vectors, else its values.
double node_memory_bytes(const std::vector<std::vector<std::unique_ptr<Shard>>>& node_shards,
                         const ReplicaMap& replicas, NodeId node, bool vectors) {
  if (!vectors) return replicas.bytes_on(node);
  double bytes = 0;
  for (const auto& shard : node_shards[node]) bytes += shard ? static_cast<double>(shard->memory_bytes()) : 0;
  return bytes;
}

}  // namespace

void ClusterModel::init_autoscaler_metrics() {
  for (const AutoscalerMetric& metric : config_.autoscaler.metrics) {
    OpId op = 0;
    if (metric.type == AutoscalerMetric::Type::kLatency) {
      const auto& names = metrics_.op_names();
      const auto found = std::find(names.begin(), names.end(), metric.operation);
      RINGSIM_ASSERT(found != names.end());  // The scenario loader checked the operation exists.
      op = static_cast<OpId>(found - names.begin());
    }
    autoscaler_latency_ops_.push_back(op);
    autoscaler_latency_.emplace_back();
  }
}

void ClusterModel::sample_autoscaler_latency() {
  for (std::size_t i = 0; i < autoscaler_latency_.size(); ++i) {
    if (config_.autoscaler.metrics[i].type != AutoscalerMetric::Type::kLatency) continue;
    autoscaler_latency_[i].merge(metrics_.op_window_histogram(autoscaler_latency_ops_[i]));
  }
}

void ClusterModel::on_autoscaler_evaluate(Simulator& simulator) {
  const TimeNs now_ns = simulator.now_ns();
  const double interval_ns = static_cast<double>(config_.autoscaler.evaluation_interval_ns);
  AutoscalerInput input;
  input.now_ns = now_ns;
  double utilization_sum = 0;
  double queue_sum = 0;
  double memory_sum = 0;
  std::uint32_t serving = 0;  // Ready or draining: what the cluster pays for.
  for (Node& node : nodes_) {
    const double busy_core_ns = node.station.busy_core_ns(now_ns);
    const double busy_in_interval = busy_core_ns - autoscaler_busy_core_ns_[node.id];
    autoscaler_busy_core_ns_[node.id] = busy_core_ns;
    if (!node.holds_data) continue;
    serving += node.running() ? 1 : 0;
    if (node.state == NodeState::kBooting) input.booting_nodes += 1;
    if (node.state != NodeState::kUp || !believed_up_.contains(node.id)) continue;
    input.ready_nodes += 1;
    utilization_sum += busy_in_interval / (interval_ns * node.station.cores());
    queue_sum += static_cast<double>(node.station.queue_length());
    memory_sum += node_memory_bytes(node_shards_, replicas_, node.id, vectors_.has_value()) / config_.node.memory_bytes;
  }
  const double ready = input.ready_nodes;
  for (std::size_t i = 0; i < config_.autoscaler.metrics.size(); ++i) {
    const AutoscalerMetric& metric = config_.autoscaler.metrics[i];
    double value = std::nan("");
    if (metric.type == AutoscalerMetric::Type::kLatency) {
      // Over the metric windows closed since the previous evaluation; none completed: no value.
      LatencyHistogram& window = autoscaler_latency_[i];
      if (window.count() > 0) value = ns_to_ms(static_cast<TimeNs>(window.value_at_quantile_ns(metric.percentile / 100)));
      window.reset();
    } else if (input.ready_nodes > 0) {
      value = metric.type == AutoscalerMetric::Type::kCpu           ? utilization_sum / ready
              : metric.type == AutoscalerMetric::Type::kQueueLength ? queue_sum / ready
                                                                    : memory_sum / ready;
    }
    input.metric_values.push_back(value);
  }
  input.migrating = ranges_open_ > 0;
  autoscaler_node_seconds_ += serving * ns_to_s(config_.autoscaler.evaluation_interval_ns);

  const AutoscalerDecision decision = autoscaler_->evaluate(input);
  latest_autoscaler_decision_ = decision;
  metrics_.set_gauge(autoscaler_utilization_gauge_, input.ready_nodes > 0 ? utilization_sum / ready : 0);
  metrics_.set_gauge(autoscaler_desired_gauge_, decision.desired_nodes);
  if (decision.delta_nodes != 0) apply_autoscaler_decision(simulator, decision);
  simulator.schedule_after(config_.autoscaler.evaluation_interval_ns, handler_id_, kAutoscalerEvaluate);
}

void ClusterModel::apply_autoscaler_decision(Simulator& simulator, const AutoscalerDecision& decision) {
  AutoscalerDecision applied = decision;
  const auto members = static_cast<std::uint32_t>(placement_->members().size());
  // The changes table's action says why in short; the autoscaler table has the full reason.
  char measured[96];
  std::snprintf(measured, sizeof measured, " (%s %.2f)", decision.metric.c_str(), decision.metric_value);
  if (decision.delta_nodes > 0) {
    const auto room = static_cast<int>(kNodesMax - nodes_.size());
    const int added = std::min(decision.delta_nodes, room);
    if (added < decision.delta_nodes) applied.reason += " (the run's limit of 128 nodes stopped it)";
    applied.desired_nodes = applied.current_nodes + static_cast<std::uint32_t>(added);
    const ChangeId change = open_change(simulator.now_ns(), "autoscale_out +" + std::to_string(added) + measured,
                                        "", 0, members);
    changes_[change].completed_ns = simulator.now_ns();
    for (int i = 0; i < added; ++i) {
      const NodeId node = create_node(simulator.now_ns());
      append_to_list(changes_[change].subject, std::to_string(node));
      boot_node(simulator, node);
    }
    metrics_.add(autoscaler_nodes_added_, added);
  } else {
    // The newest ready data nodes leave first (their ranges moved most recently).
    std::vector<NodeId> leaving;
    for (auto node = nodes_.rbegin(); node != nodes_.rend(); ++node) {
      if (static_cast<int>(leaving.size()) == -decision.delta_nodes) break;
      if (node->holds_data && node->state == NodeState::kUp && believed_up_.contains(node->id)) leaving.push_back(node->id);
    }
    std::string names;
    for (const NodeId node : leaving) append_to_list(names, std::to_string(node));
    open_change(simulator.now_ns(), "autoscale_in -" + std::to_string(leaving.size()) + measured, names, 0, members);
    changes_.back().completed_ns = simulator.now_ns();
    for (const NodeId node : leaving) begin_remove(simulator, node);
    metrics_.add(autoscaler_nodes_removed_, static_cast<std::int64_t>(leaving.size()));
  }
  autoscaler_actions_.push_back(applied);
}

}  // namespace ringsim
