#include "models/cluster/autoscale_loop.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "models/cluster/change_planner.h"
#include "models/cluster/membership.h"
#include "models/cluster/migration_driver.h"
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
  core_.schedule_after(core_.config.autoscaler.evaluation_interval_ns, kAutoscalerEvaluate);
}

void AutoscaleLoop::on_evaluate(Simulator& simulator) {
  const TimeNs now_ns = simulator.now_ns();
  const double interval_ns = static_cast<double>(core_.config.autoscaler.evaluation_interval_ns);
  AutoscalerInput input;
  input.now_ns = now_ns;
  double utilization_sum = 0;
  std::uint32_t serving = 0;  // Ready or draining: what the cluster pays for.
  for (Node& node : core_.nodes) {
    const double busy_core_ns = node.station.busy_core_ns(now_ns);
    const double busy_in_interval = busy_core_ns - busy_core_ns_[node.id];
    busy_core_ns_[node.id] = busy_core_ns;
    if (!node.holds_data) continue;
    serving += node.running() ? 1 : 0;
    if (node.state == NodeState::kBooting) input.booting_nodes += 1;
    if (node.state != NodeState::kUp || !core_.believed_up.contains(node.id)) continue;
    input.ready_nodes += 1;
    utilization_sum += busy_in_interval / (interval_ns * node.station.cores());
  }
  input.utilization = input.ready_nodes > 0 ? utilization_sum / input.ready_nodes : 0;
  input.migrating = core_.parts.migration->ranges_open() > 0;
  node_seconds_ += serving * ns_to_s(core_.config.autoscaler.evaluation_interval_ns);

  const AutoscalerDecision decision = autoscaler_.evaluate(input);
  latest_decision_ = decision;
  core_.metrics.set_gauge(utilization_gauge_, decision.utilization);
  core_.metrics.set_gauge(desired_gauge_, decision.desired_nodes);
  if (decision.delta_nodes != 0) apply(simulator, decision);
  core_.schedule_after(core_.config.autoscaler.evaluation_interval_ns, kAutoscalerEvaluate);
}

void AutoscaleLoop::apply(Simulator& simulator, const AutoscalerDecision& decision) {
  AutoscalerDecision applied = decision;
  Membership& membership = *core_.parts.membership;
  ChangePlanner& planner = *core_.parts.planner;
  // The changes table's action says why in short; the autoscaler table has the full reason.
  char utilization[48];
  std::snprintf(utilization, sizeof utilization, " (utilization %.2f)", decision.utilization);
  if (decision.delta_nodes > 0) {
    const auto room = static_cast<int>(kNodesMax - core_.nodes.size());
    const int added = std::min(decision.delta_nodes, room);
    if (added < decision.delta_nodes) applied.reason += " (the run's limit of 128 nodes stopped it)";
    applied.desired_nodes = applied.current_nodes + static_cast<std::uint32_t>(added);
    const ChangeId change =
        planner.note_change(simulator.now_ns(), "autoscale_out +" + std::to_string(added) + utilization, "").id;
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
    planner.note_change(simulator.now_ns(), "autoscale_in -" + std::to_string(leaving.size()) + utilization, names);
    for (const NodeId node : leaving) membership.begin_remove(simulator, node);
    core_.metrics.add(nodes_removed_, static_cast<std::int64_t>(leaving.size()));
  }
  actions_.push_back(applied);
}

void AutoscaleLoop::finish() { core_.metrics.set_result(node_seconds_result_, node_seconds_); }

void AutoscaleLoop::add_tables(std::vector<SummaryTable>& tables) const {
  SummaryTable decisions;
  decisions.name = "autoscaler";
  decisions.columns = {"time_s", "utilization", "nodes", "recommended", "desired", "reason"};
  for (const AutoscalerDecision& decision : actions_) {
    decisions.rows.push_back({ns_to_s(decision.at_ns), decision.utilization, decision.current_nodes,
                              decision.recommended_nodes, decision.desired_nodes, decision.reason});
  }
  tables.push_back(std::move(decisions));
}

}  // namespace ringsim
