#include "cluster/autoscaler.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "cluster/hpa_replicas.h"
#include "sim/assert.h"

namespace ringsim {

namespace {

std::string format_value(double value) {
  char text[32];
  std::snprintf(text, sizeof text, value >= 100 ? "%.0f" : "%.2f", value);
  return text;
}

// "after" in Kubernetes' sense: strictly later than now - window.
bool within(TimeNs at_ns, TimeNs now_ns, TimeNs window_ns) { return at_ns > now_ns - window_ns; }

}  // namespace

ScalingRules default_scale_up_rules() {
  ScalingRules rules;
  rules.stabilization_window_ns = 0;
  rules.select_policy = ScalingRules::Select::kMax;
  rules.policies = {{ScalingPolicy::Type::kPercent, 100, 15 * kNsPerS}, {ScalingPolicy::Type::kNodes, 4, 15 * kNsPerS}};
  return rules;
}

ScalingRules default_scale_down_rules() {
  ScalingRules rules;
  rules.stabilization_window_ns = 300 * kNsPerS;
  rules.select_policy = ScalingRules::Select::kMax;
  rules.policies = {{ScalingPolicy::Type::kPercent, 100, 15 * kNsPerS}};
  return rules;
}

std::string AutoscalerMetric::name() const {
  switch (type) {
    case Type::kCpu: return "cpu";
    case Type::kQueueLength: return "queue_length";
    case Type::kMemory: return "memory";
    case Type::kLatency: {
      char text[32];
      std::snprintf(text, sizeof text, "p%g", percentile);
      return operation + "." + text + "_ms";
    }
  }
  return "?";
}

double AutoscalerConfig::cpu_target() const {
  for (const AutoscalerMetric& metric : metrics) {
    if (metric.type == AutoscalerMetric::Type::kCpu) return metric.target;
  }
  return 0;
}

Autoscaler::Autoscaler(const AutoscalerConfig& config) : config_(config) {
  RINGSIM_ASSERT(!config_.metrics.empty());
  RINGSIM_ASSERT(config_.min_nodes >= 1 && config_.min_nodes <= config_.max_nodes);
}

Autoscaler::Recommendation Autoscaler::recommend(const AutoscalerInput& input, std::uint32_t current) const {
  Recommendation result;
  result.per_metric_max = current;
  for (std::size_t i = 0; i < config_.metrics.size(); ++i) {
    const double value = i < input.metric_values.size() ? input.metric_values[i] : std::nan("");
    if (std::isnan(value) || input.ready_nodes == 0) continue;
    const AutoscalerMetric& metric = config_.metrics[i];
    const double ratio = value / metric.target;
    std::uint32_t recommended = current;
    if (metric.type == AutoscalerMetric::Type::kLatency) {
      // An object metric (GetObjectMetricReplicas): ready pods only, no unready correction.
      if (ratio > 1 + config_.scale_up.tolerance || ratio < 1 - config_.scale_down.tolerance) {
        recommended = static_cast<std::uint32_t>(std::min(std::ceil(input.ready_nodes * ratio - 1e-9),
                                                          static_cast<double>(std::numeric_limits<std::uint32_t>::max())));
      }
    } else {
      PodMetricInput pod;
      pod.mean_ready = value;
      pod.target = metric.target;
      // Resource metrics fall back to 100 % of the request, pod metrics to the target.
      pod.missing_value = metric.type == AutoscalerMetric::Type::kQueueLength ? metric.target : std::max(1.0, metric.target);
      pod.ready = input.ready_nodes;
      pod.unready = input.booting_nodes;
      pod.missing = input.missing_nodes;
      pod.current = current;
      pod.tolerance_up = config_.scale_up.tolerance;
      pod.tolerance_down = config_.scale_down.tolerance;
      recommended = hpa_pod_metric_replicas(pod);
    }
    // The largest wins; the first metric reaching it names the decision.
    if (!result.any_metric || recommended > result.per_metric_max) {
      result.per_metric_max = recommended;
      result.metric = i;
    }
    result.any_metric = true;
  }
  return result;
}

std::uint32_t Autoscaler::stabilize(TimeNs now_ns, std::uint32_t current, std::uint32_t recommended) const {
  std::uint32_t up_bound = recommended;
  std::uint32_t down_bound = recommended;
  for (const auto& [at_ns, nodes] : recommendations_) {
    if (within(at_ns, now_ns, config_.scale_up.stabilization_window_ns)) up_bound = std::min(up_bound, nodes);
    if (within(at_ns, now_ns, config_.scale_down.stabilization_window_ns)) down_bound = std::max(down_bound, nodes);
  }
  return std::min(std::max(current, up_bound), down_bound);
}

std::pair<std::uint32_t, std::uint32_t> Autoscaler::changes_within(TimeNs now_ns, TimeNs period_ns) const {
  std::uint32_t added = 0;
  std::uint32_t removed = 0;
  for (const auto& [at_ns, delta] : scale_events_) {
    if (!within(at_ns, now_ns, period_ns)) continue;
    if (delta > 0) added += static_cast<std::uint32_t>(delta);
    if (delta < 0) removed += static_cast<std::uint32_t>(-delta);
  }
  return {added, removed};
}

std::uint32_t Autoscaler::scale_up_limit(TimeNs now_ns, std::uint32_t current) const {
  const ScalingRules& rules = config_.scale_up;
  if (rules.select_policy == ScalingRules::Select::kDisabled) return current;
  const bool take_max = rules.select_policy == ScalingRules::Select::kMax;
  std::int64_t result = take_max ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
  for (const ScalingPolicy& policy : rules.policies) {
    const auto [added, removed] = changes_within(now_ns, policy.period_ns);
    const std::int64_t start = std::int64_t{current} - added + removed;
    const std::int64_t proposed =
        policy.type == ScalingPolicy::Type::kNodes
            ? start + policy.value
            : static_cast<std::int64_t>(std::ceil(static_cast<double>(start) * (1 + policy.value / 100.0)));
    result = take_max ? std::max(result, proposed) : std::min(result, proposed);
  }
  // Past events may already exceed the allowance: never shrink because of a scale-up rule.
  return static_cast<std::uint32_t>(std::max<std::int64_t>(result, current));
}

std::uint32_t Autoscaler::scale_down_limit(TimeNs now_ns, std::uint32_t current) const {
  const ScalingRules& rules = config_.scale_down;
  if (rules.select_policy == ScalingRules::Select::kDisabled) return current;
  // For a scale-down the largest change is the smallest count.
  const bool take_max_change = rules.select_policy == ScalingRules::Select::kMax;
  std::int64_t result =
      take_max_change ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
  for (const ScalingPolicy& policy : rules.policies) {
    const auto [added, removed] = changes_within(now_ns, policy.period_ns);
    const std::int64_t start = std::int64_t{current} - added + removed;
    const std::int64_t proposed =
        policy.type == ScalingPolicy::Type::kNodes
            ? start - policy.value
            : static_cast<std::int64_t>(std::floor(static_cast<double>(start) * (1 - policy.value / 100.0)));
    result = take_max_change ? std::min(result, proposed) : std::max(result, proposed);
  }
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(result, 0, current));
}

void Autoscaler::forget_old(TimeNs now_ns) {
  const TimeNs window_ns =
      std::max(config_.scale_up.stabilization_window_ns, config_.scale_down.stabilization_window_ns);
  while (!recommendations_.empty() && !within(recommendations_.front().first, now_ns, window_ns)) {
    recommendations_.pop_front();
  }
  TimeNs period_ns = 0;
  for (const ScalingRules* rules : {&config_.scale_up, &config_.scale_down}) {
    for (const ScalingPolicy& policy : rules->policies) period_ns = std::max(period_ns, policy.period_ns);
  }
  while (!scale_events_.empty() && !within(scale_events_.front().first, now_ns, period_ns)) scale_events_.pop_front();
}

AutoscalerDecision Autoscaler::evaluate(const AutoscalerInput& input) {
  AutoscalerDecision decision;
  decision.at_ns = input.now_ns;
  const std::uint32_t current = input.ready_nodes + input.booting_nodes;
  decision.current_nodes = current;
  for (std::size_t i = 0; i < config_.metrics.size() && i < input.metric_values.size(); ++i) {
    if (config_.metrics[i].type == AutoscalerMetric::Type::kCpu && !std::isnan(input.metric_values[i])) {
      decision.utilization = input.metric_values[i];
    }
  }
  // Kubernetes seeds the history with the current count at the first evaluation.
  if (!seeded_) recommendations_.emplace_back(input.now_ns, current);
  seeded_ = true;
  const Recommendation recommendation = recommend(input, current);
  decision.recommended_nodes = recommendation.per_metric_max;
  const AutoscalerMetric& metric = config_.metrics[recommendation.metric];
  decision.metric = metric.name();
  decision.metric_target = metric.target;
  decision.metric_value = recommendation.any_metric ? input.metric_values[recommendation.metric] : std::nan("");
  const std::uint32_t stabilized = stabilize(input.now_ns, current, decision.recommended_nodes);
  decision.stabilized_nodes = stabilized;
  recommendations_.emplace_back(input.now_ns, decision.recommended_nodes);

  const std::string measured = recommendation.any_metric
                                   ? decision.metric + " " + format_value(decision.metric_value) + ", target " +
                                         format_value(decision.metric_target) + " -> " +
                                         std::to_string(decision.recommended_nodes)
                                   : "no metric value";
  std::uint32_t desired = stabilized;
  std::string reason;
  if (stabilized > current) {
    const std::uint32_t limit = scale_up_limit(input.now_ns, current);
    desired = std::min({stabilized, limit, config_.max_nodes});
    reason = "scale out: " + measured;
    if (desired < stabilized) {
      reason += desired == config_.max_nodes ? ", at max_nodes"
                : config_.scale_up.select_policy == ScalingRules::Select::kDisabled
                    ? ", scale-up disabled"
                    : ", limited by the scale_up policies";
    }
    if (input.booting_nodes > 0) reason += " (" + std::to_string(input.booting_nodes) + " already booting)";
  } else if (stabilized < current) {
    const std::uint32_t limit = scale_down_limit(input.now_ns, current);
    desired = std::max({stabilized, limit, config_.min_nodes});
    reason = "scale in: " + measured;
    if (desired > stabilized) {
      reason += desired == config_.min_nodes ? ", at min_nodes"
                : config_.scale_down.select_policy == ScalingRules::Select::kDisabled
                    ? ", scale-down disabled"
                    : ", limited by the scale_down policies";
    }
    if (desired < current && input.migrating) {
      desired = current;
      reason += ", but data is migrating";
    } else if (desired < current && input.booting_nodes > 0) {
      desired = current;
      reason += ", but nodes are booting";
    }
  } else if (decision.recommended_nodes > current) {
    reason = "scale out: " + measured + ", held by the scale-up stabilization window";
  } else if (decision.recommended_nodes < current) {
    reason = "scale in: " + measured + ", waiting out the scale-down stabilization window";
  } else {
    reason = "hold: " + measured + (recommendation.any_metric ? " (within tolerance)" : "");
    if (recommendation.any_metric && input.booting_nodes > 0 && decision.metric_value > decision.metric_target) {
      reason += ", " + std::to_string(input.booting_nodes) + " booting counted at 0 %";
    }
  }
  if (desired == current && reason.rfind("hold", 0) != 0) reason = "hold (" + reason + ")";
  decision.desired_nodes = desired;
  decision.delta_nodes = static_cast<int>(desired) - static_cast<int>(current);
  decision.reason = reason;
  if (decision.delta_nodes != 0) scale_events_.emplace_back(input.now_ns, decision.delta_nodes);
  forget_old(input.now_ns);
  return decision;
}

}  // namespace ringsim
