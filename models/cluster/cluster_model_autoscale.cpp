// ClusterModel: the autoscaler's loop. Every evaluation interval it measures the mean core
// utilization of the ready data nodes over the interval, asks the policy
// (cluster/autoscaler.h) for a decision, and carries it out: new data nodes boot and join
// like timeline add_node; a scale-in drains the newest ready data node like remove_node.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/assert.h"
#include "models/cluster/cluster_model.h"

namespace ringsim {

void ClusterModel::on_autoscaler_evaluate(Simulator& simulator) {
  const TimeNs now_ns = simulator.now_ns();
  const double interval_ns = static_cast<double>(config_.autoscaler.evaluation_interval_ns);
  AutoscalerInput input;
  input.now_ns = now_ns;
  double utilization_sum = 0;
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
  }
  input.utilization = input.ready_nodes > 0 ? utilization_sum / input.ready_nodes : 0;
  input.migrating = ranges_open_ > 0;
  autoscaler_node_seconds_ += serving * ns_to_s(config_.autoscaler.evaluation_interval_ns);

  const AutoscalerDecision decision = autoscaler_->evaluate(input);
  latest_autoscaler_decision_ = decision;
  metrics_.set_gauge(autoscaler_utilization_gauge_, decision.utilization);
  metrics_.set_gauge(autoscaler_desired_gauge_, decision.desired_nodes);
  if (decision.delta_nodes != 0) apply_autoscaler_decision(simulator, decision);
  simulator.schedule_after(config_.autoscaler.evaluation_interval_ns, handler_id_, kAutoscalerEvaluate);
}

void ClusterModel::apply_autoscaler_decision(Simulator& simulator, const AutoscalerDecision& decision) {
  AutoscalerDecision applied = decision;
  const auto members = static_cast<std::uint32_t>(placement_->members().size());
  // The changes table's action says why in short; the autoscaler table has the full reason.
  char utilization[48];
  std::snprintf(utilization, sizeof utilization, " (utilization %.2f)", decision.utilization);
  if (decision.delta_nodes > 0) {
    const auto room = static_cast<int>(kNodesMax - nodes_.size());
    const int added = std::min(decision.delta_nodes, room);
    if (added < decision.delta_nodes) applied.reason += " (the run's limit of 128 nodes stopped it)";
    applied.desired_nodes = applied.current_nodes + static_cast<std::uint32_t>(added);
    const ChangeId change = open_change(simulator.now_ns(), "autoscale_out +" + std::to_string(added) + utilization,
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
    open_change(simulator.now_ns(), "autoscale_in -" + std::to_string(leaving.size()) + utilization, names, 0, members);
    changes_.back().completed_ns = simulator.now_ns();
    for (const NodeId node : leaving) begin_remove(simulator, node);
    metrics_.add(autoscaler_nodes_removed_, static_cast<std::int64_t>(leaving.size()));
  }
  autoscaler_actions_.push_back(applied);
}

}  // namespace ringsim
