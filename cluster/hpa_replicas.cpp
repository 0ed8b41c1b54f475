#include "cluster/hpa_replicas.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ringsim {

namespace {

// ceil, kept clear of float noise (3.5 x 2 must be 7, not 8) and of uint32 overflow.
std::uint32_t ceil_count(double value) {
  return static_cast<std::uint32_t>(
      std::min(std::ceil(value - 1e-9), static_cast<double>(std::numeric_limits<std::uint32_t>::max())));
}

}  // namespace

std::uint32_t hpa_pod_metric_replicas(const PodMetricInput& in) {
  const auto within = [&](double ratio) { return 1 - in.tolerance_down <= ratio && ratio <= 1 + in.tolerance_up; };
  const double ratio = in.mean_ready / in.target;
  const bool rebalance_unready = in.unready > 0 && ratio > 1;
  if (!rebalance_unready && in.missing == 0) {
    return within(ratio) ? in.current : ceil_count(ratio * in.ready);
  }
  double sum = in.mean_ready * in.ready;
  double counted = in.ready;
  if (in.missing > 0) {
    // Scale-down: missing pods at the fallback; scale-up: at 0 (replica_calculator.go).
    if (ratio < 1) sum += in.missing * in.missing_value;
    counted += in.missing;
  }
  if (rebalance_unready) counted += in.unready;
  const double new_ratio = sum / (in.target * counted);
  if (within(new_ratio) || (ratio < 1 && new_ratio > 1) || (ratio > 1 && new_ratio < 1)) return in.current;
  const std::uint32_t replicas = ceil_count(new_ratio * counted);
  // "the change of metrics length would cause a change in scale direction": hold.
  if ((new_ratio < 1 && replicas > in.current) || (new_ratio > 1 && replicas < in.current)) return in.current;
  return replicas;
}

}  // namespace ringsim
