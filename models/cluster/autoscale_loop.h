// The autoscaler's loop (cluster.autoscaler). Every evaluation interval it measures the
// mean core utilization of the ready data nodes over the interval, asks the policy
// (cluster/autoscaler.h) for a decision, and carries it out: new data nodes boot and join
// like timeline add_node; a scale-in drains the newest ready data nodes like remove_node.
//
// Events owned: kAutoscalerEvaluate. State owned: the policy, its latest decision, the
// decisions that added or removed nodes, the busy core time at the previous evaluation.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "cluster/autoscaler.h"
#include "models/cluster/cluster_core.h"
#include "sim/summary.h"

namespace ringsim {

class AutoscaleLoop {
 public:
  // Registers the autoscaler's metrics.
  explicit AutoscaleLoop(ClusterCore& core);

  void start(Simulator& simulator);
  void on_evaluate(Simulator& simulator);

  const AutoscalerDecision* latest_decision() const { return latest_decision_ ? &*latest_decision_ : nullptr; }
  const std::vector<AutoscalerDecision>& actions() const { return actions_; }
  void finish();
  void add_tables(std::vector<SummaryTable>& tables) const;

 private:
  void apply(Simulator& simulator, const AutoscalerDecision& decision);

  ClusterCore& core_;
  Autoscaler autoscaler_;
  std::optional<AutoscalerDecision> latest_decision_;
  std::vector<AutoscalerDecision> actions_;
  std::vector<double> busy_core_ns_;  // Per node, at the previous evaluation.
  double node_seconds_ = 0;
  CounterId nodes_added_ = 0;
  CounterId nodes_removed_ = 0;
  ResultId node_seconds_result_ = 0;
  SeriesId utilization_gauge_ = 0;
  SeriesId desired_gauge_ = 0;
};

}  // namespace ringsim
