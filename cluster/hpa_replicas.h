// Kubernetes' replica calculator for one per-pod metric (CPU, memory, queue length per node):
// how unready and missing pods enter the recommendation. Source: kubernetes/kubernetes
// pkg/controller/podautoscaler/replica_calculator.go, GetResourceReplicas (resource metrics)
// and calcPlainMetricReplicas (pod metrics). In ringsim a booting data node is an unready
// (pending) pod, and a node the cluster still routes to but that gives no metric (crashed,
// not yet declared dead) is a pod with missing metrics.
//
//   ratio = mean over the ready nodes / target
//   no unready node or ratio <= 1, and no missing node:
//       current                       if 1 - tol_down <= ratio <= 1 + tol_up
//       ceil(ratio x ready)           otherwise
//   else (rebalance):
//       ratio > 1: unready nodes count at 0 ("on a scale-up, treat unready pods as using
//                  0% of the resource request"), missing nodes at 0;
//       ratio < 1: missing nodes count at missing_value (resource metrics: 100 % of the
//                  request, i.e. utilization max(1, target); pod metrics: the target);
//                  unready nodes are left out.
//       new_ratio = sum / (target x nodes counted)
//       current                       if new_ratio is within the tolerance, or the
//                                     direction flips (ratio > 1 > new_ratio or the reverse)
//       ceil(new_ratio x nodes counted), unless that moves against new_ratio's direction.
// Example (issue #30): 5 ready at 0.753, 2 booting, target 0.5, tolerance 0.1: ratio 1.506,
// new_ratio = 3.765 / 3.5 = 1.076, within tolerance: hold at 7 (not ceil(5 x 1.506) = 8).
#pragma once

#include <cstdint>

namespace ringsim {

struct PodMetricInput {
  double mean_ready = 0;       // The metric's mean over the ready nodes (> 0 ready).
  double target = 1;           // > 0
  double missing_value = 1;    // What a missing node counts as on a scale-down.
  std::uint32_t ready = 0;     // > 0
  std::uint32_t unready = 0;   // booting
  std::uint32_t missing = 0;   // believed up, no metric
  std::uint32_t current = 0;   // the count the recommendation holds at
  double tolerance_up = 0.1;
  double tolerance_down = 0.1;
};

std::uint32_t hpa_pod_metric_replicas(const PodMetricInput& in);

}  // namespace ringsim
