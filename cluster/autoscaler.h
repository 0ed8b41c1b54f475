// The autoscaler's policy: how many data nodes the cluster should have, decided from the
// mean core utilization of its ready data nodes, the way Kubernetes' HorizontalPodAutoscaler
// decides replicas:
//
//   recommended = ceil(ready_nodes x utilization / target_utilization)
//
// with three brakes against flapping: no change while utilization is within `tolerance`
// of the target (relative); a scale-in takes the largest recommendation of the last
// `scale_in_stabilization` (load must stay low that long); and at most
// `max_scale_out_step` / `max_scale_in_step` nodes per evaluation. Nodes still booting
// count as capacity already on its way (they are subtracted from a scale-out). No scale-in
// while data is migrating: removing a node mid-rebalance would move ranges twice.
//
// Pure: no simulator, no clock. The cluster model calls evaluate() every
// evaluation_interval with the utilization it measured over that interval.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <utility>

#include "sim/json_reader.h"
#include "sim/time.h"

namespace ringsim {

struct AutoscalerConfig {
  bool enabled = false;  // True when the scenario has cluster.autoscaler.
  double target_utilization = 0.6;
  double tolerance = 0.1;
  TimeNs evaluation_interval_ns = 5 * kNsPerS;
  TimeNs scale_in_stabilization_ns = 60 * kNsPerS;
  std::uint32_t min_nodes = 1;
  std::uint32_t max_nodes = 16;
  std::uint32_t max_scale_out_step = 4;
  std::uint32_t max_scale_in_step = 1;
};

// Reads cluster.autoscaler; data_nodes is cluster.nodes (min_nodes <= it <= max_nodes).
AutoscalerConfig read_autoscaler(ObjectReader reader, std::uint32_t data_nodes);

struct AutoscalerInput {
  TimeNs now_ns = 0;
  std::uint32_t ready_nodes = 0;    // Data nodes up and serving (not draining).
  std::uint32_t booting_nodes = 0;  // Data nodes added but not yet serving.
  double utilization = 0;           // Mean over the ready nodes, over the last interval.
  bool migrating = false;           // Ranges are moving.
};

struct AutoscalerDecision {
  TimeNs at_ns = 0;
  double utilization = 0;
  std::uint32_t current_nodes = 0;      // ready + booting
  std::uint32_t recommended_nodes = 0;  // the formula, before brakes and limits
  std::uint32_t desired_nodes = 0;      // after them
  int delta_nodes = 0;                  // desired - current: > 0 add, < 0 remove, 0 hold
  std::string reason;                   // why, in words (for the GUI and the summary)
};

class Autoscaler {
 public:
  explicit Autoscaler(const AutoscalerConfig& config);

  AutoscalerDecision evaluate(const AutoscalerInput& input);
  const AutoscalerConfig& config() const { return config_; }

 private:
  AutoscalerConfig config_;
  // (time, recommendation) of the evaluations within the stabilization window.
  std::deque<std::pair<TimeNs, std::uint32_t>> recent_;
};

}  // namespace ringsim
