// The autoscaler's policy: how many data nodes the cluster should have, decided the way
// Kubernetes' HorizontalPodAutoscaler (autoscaling/v2, pkg/controller/podautoscaler)
// decides replicas. Sources: the Kubernetes HPA documentation ("Algorithm details",
// "Configurable scaling behavior") and the controller's replica calculator and
// normalizeDesiredReplicasWithBehaviors; restated in /work/shared/REFERENCES.md.
//
// Per metric, with ratio = current / target:
//   recommended = current_nodes                       if 1 - tol_down <= ratio <= 1 + tol_up
//               = ceil(ready_nodes x ratio)           otherwise
// for the per-node metrics (cpu, memory, queue_length) corrected, as Kubernetes' replica
// calculator does, for booting nodes (unready pods: at 0 on a scale-up) and nodes without a
// metric (missing pods: at 100 % on a scale-down, at 0 on a scale-up): cluster/hpa_replicas.h.
// A latency metric is an object metric in Kubernetes' terms: ceil(ready_nodes x ratio) as is.
// and with several metrics the largest recommendation wins (a metric without a value this
// time, e.g. a latency with no completed request, is skipped).
// Stabilization: every evaluation's recommendation is kept with its time; the first
// evaluation also records the current count (so an early scale-down waits out the window).
//   up_bound   = min(recommendations within scale_up.stabilization_window, this one)
//   down_bound = max(recommendations within scale_down.stabilization_window, this one)
//   stabilized = clamp(current, up_bound, down_bound)     ("within" = strictly after now - W)
// Rate limits (behavior policies), from the scale events of the last period_s of each
// policy: period_start = current - added_in_period + removed_in_period;
//   up:   nodes: period_start + value;  percent: ceil(period_start x (1 + value / 100))
//   down: nodes: period_start - value;  percent: floor(period_start x (1 - value / 100))
// select_policy "max" takes the policy allowing the largest change, "min" the smallest,
// "disabled" forbids that direction. The result is then clamped to [min_nodes, max_nodes].
// Two brakes of this model, not of Kubernetes: nodes still booting count as capacity on its
// way (current = ready + booting), and no scale-in while data migrates or nodes boot
// (removing a node mid-rebalance would move ranges twice).
//
// Pure: no simulator, no clock. The cluster model calls evaluate() every
// evaluation_interval with the metric values it measured; evaluate() records the scale
// event of the decision it returns (the model carries decisions out as returned).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "sim/json_reader.h"
#include "sim/time.h"

namespace ringsim {

// One rate limit: at most `value` nodes (or percent of the count at the start of the
// period) changed within any `period_ns`.
struct ScalingPolicy {
  enum class Type { kNodes, kPercent };
  Type type = Type::kNodes;
  std::uint32_t value = 1;
  TimeNs period_ns = 15 * kNsPerS;
};

// Kubernetes' HPAScalingRules for one direction, plus its (per-direction) tolerance.
struct ScalingRules {
  enum class Select { kMax, kMin, kDisabled };
  TimeNs stabilization_window_ns = 0;
  Select select_policy = Select::kMax;
  std::vector<ScalingPolicy> policies;  // Non-empty unless select_policy is kDisabled.
  double tolerance = 0.1;
};

// Kubernetes' defaults when `behavior` is absent (pkg/apis/autoscaling/v2/defaults.go).
ScalingRules default_scale_up_rules();    // max(100 %, 4 nodes) per 15 s, window 0 s.
ScalingRules default_scale_down_rules();  // 100 % per 15 s, window 300 s.

// What the autoscaler scales on; the model measures each over the last interval.
struct AutoscalerMetric {
  enum class Type {
    kCpu,          // mean core utilization of the ready data nodes, target in (0, 1]
    kQueueLength,  // mean queued requests per ready data node, target > 0
    kLatency,      // a percentile of an operation's latency in ms, target > 0
    kMemory,       // mean (bytes held / node.memory_bytes) of the ready data nodes
  };
  Type type = Type::kCpu;
  double target = 0.6;
  std::string operation;  // kLatency: "get", "put", "search", ...
  double percentile = 99;  // kLatency: in (0, 100)
  // e.g. "cpu", "queue_length", "search.p99_ms", "memory".
  std::string name() const;
};

struct AutoscalerConfig {
  bool enabled = false;  // True when the scenario has cluster.autoscaler.
  TimeNs evaluation_interval_ns = 15 * kNsPerS;
  std::uint32_t min_nodes = 1;
  std::uint32_t max_nodes = 16;
  std::vector<AutoscalerMetric> metrics = {AutoscalerMetric{}};
  ScalingRules scale_up = default_scale_up_rules();
  ScalingRules scale_down = default_scale_down_rules();
  // The CPU target, or 0 without a CPU metric (for display).
  double cpu_target() const;
};

// Reads cluster.autoscaler; data_nodes is cluster.nodes (min_nodes <= it <= max_nodes).
// docs/cluster.md#autoscaler lists the keys and how the older flat keys map onto behavior.
AutoscalerConfig read_autoscaler(ObjectReader reader, std::uint32_t data_nodes);

struct AutoscalerInput {
  TimeNs now_ns = 0;
  std::uint32_t ready_nodes = 0;    // Data nodes up and serving (not draining).
  std::uint32_t booting_nodes = 0;  // Data nodes added but not yet serving.
  std::vector<double> metric_values;  // By config.metrics index; NaN: no value this time.
  bool migrating = false;             // Ranges are moving.
  // Data nodes the cluster still routes to that give no metric (crashed, not yet declared
  // dead): Kubernetes' "missing" pods. Not part of current_nodes.
  std::uint32_t missing_nodes = 0;
};

struct AutoscalerDecision {
  TimeNs at_ns = 0;
  double utilization = 0;               // The CPU metric's value (0 without one).
  std::uint32_t current_nodes = 0;      // ready + booting
  std::uint32_t recommended_nodes = 0;  // the largest per-metric recommendation
  std::uint32_t stabilized_nodes = 0;   // after the stabilization windows
  std::uint32_t desired_nodes = 0;      // after rate policies, min/max and the model's brakes
  int delta_nodes = 0;                  // desired - current: > 0 add, < 0 remove, 0 hold
  std::string metric;                   // the metric that drove the recommendation, e.g. "cpu"
  double metric_value = 0;
  double metric_target = 0;
  std::string reason;                   // why, in words (for the GUI and the summary)
};

class Autoscaler {
 public:
  explicit Autoscaler(const AutoscalerConfig& config);

  AutoscalerDecision evaluate(const AutoscalerInput& input);
  const AutoscalerConfig& config() const { return config_; }

 private:
  struct Recommendation {
    std::uint32_t per_metric_max = 0;
    std::size_t metric = 0;  // index of the metric that gave it
    bool any_metric = false;
  };
  Recommendation recommend(const AutoscalerInput& input, std::uint32_t current) const;
  std::uint32_t stabilize(TimeNs now_ns, std::uint32_t current, std::uint32_t recommended) const;
  // The most (up) or fewest (down) nodes the rate policies allow now.
  std::uint32_t scale_up_limit(TimeNs now_ns, std::uint32_t current) const;
  std::uint32_t scale_down_limit(TimeNs now_ns, std::uint32_t current) const;
  // (added, removed) by the scale events strictly after now - period.
  std::pair<std::uint32_t, std::uint32_t> changes_within(TimeNs now_ns, TimeNs period_ns) const;
  void forget_old(TimeNs now_ns);

  AutoscalerConfig config_;
  std::deque<std::pair<TimeNs, std::uint32_t>> recommendations_;  // (time, recommendation)
  std::deque<std::pair<TimeNs, int>> scale_events_;                // (time, node delta)
  bool seeded_ = false;
};

}  // namespace ringsim
