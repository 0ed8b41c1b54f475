// The autoscaler's loop (cluster.autoscaler). Every evaluation interval it measures each
// configured metric over the ready data nodes (core utilization and latency over the
// interval, queue length and memory at the moment), asks the policy (cluster/autoscaler.h)
// for a decision, and carries it out: new data nodes boot and join like timeline add_node;
// a scale-in drains the newest ready data nodes like remove_node.
//
// Events owned: kAutoscalerEvaluate. State owned: the policy, its latest decision, the
// decisions that added or removed nodes, the busy core time at the previous evaluation,
// each latency metric's histogram since the previous evaluation.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "cluster/autoscaler.h"
#include "models/cluster/cluster_core.h"
#include "sim/histogram.h"
#include "sim/metrics.h"
#include "sim/summary.h"

namespace ringsim {

class AutoscaleLoop {
 public:
  // Registers the autoscaler's metrics.
  explicit AutoscaleLoop(ClusterCore& core);

  void start(Simulator& simulator);
  void on_evaluate(Simulator& simulator);
  // Adds the metric window about to close to each latency metric's interval histogram.
  void sample_latency();

  const AutoscalerDecision* latest_decision() const { return latest_decision_ ? &*latest_decision_ : nullptr; }
  const std::vector<AutoscalerDecision>& actions() const { return actions_; }
  void finish();
  void add_tables(std::vector<SummaryTable>& tables) const;

 private:
  void apply(Simulator& simulator, const AutoscalerDecision& decision);
  // Each metric's value now (NaN: none, e.g. no latency sample in the interval).
  std::vector<double> measure(AutoscalerInput& input, std::uint32_t& serving);

  ClusterCore& core_;
  Autoscaler autoscaler_;
  std::optional<AutoscalerDecision> latest_decision_;
  std::vector<AutoscalerDecision> actions_;
  std::vector<double> busy_core_ns_;  // Per node, at the previous evaluation.
  std::vector<OpId> latency_ops_;             // By metric (latency metrics only).
  std::vector<LatencyHistogram> latency_;     // By metric: since the last evaluation.
  double node_seconds_ = 0;
  CounterId nodes_added_ = 0;
  CounterId nodes_removed_ = 0;
  ResultId node_seconds_result_ = 0;
  SeriesId utilization_gauge_ = 0;
  SeriesId desired_gauge_ = 0;
};

}  // namespace ringsim
