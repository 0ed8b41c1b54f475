#include "cluster/autoscaler.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cluster/placement/placement.h"
#include "sim/assert.h"

namespace ringsim {

namespace {

constexpr double kIntervalSMin = 0.1;
constexpr double kIntervalSMax = 3600;
constexpr double kStabilizationSMax = 24 * 3600;
constexpr double kToleranceMax = 1;

std::string format_utilization(double utilization) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", utilization);
  return text;
}

}  // namespace

AutoscalerConfig read_autoscaler(ObjectReader reader, std::uint32_t data_nodes) {
  AutoscalerConfig config;
  config.enabled = true;
  config.target_utilization = reader.optional_number("target_utilization", NumberRange::positive(1),
                                                     config.target_utilization);
  config.tolerance = reader.optional_number("tolerance", NumberRange::at_least(0, kToleranceMax), config.tolerance);
  config.evaluation_interval_ns = seconds_to_ns(reader.optional_number(
      "evaluation_interval_s", NumberRange::at_least(kIntervalSMin, kIntervalSMax),
      ns_to_s(config.evaluation_interval_ns)));
  config.scale_in_stabilization_ns = seconds_to_ns(reader.optional_number(
      "scale_in_stabilization_s", NumberRange::at_least(0, kStabilizationSMax),
      ns_to_s(config.scale_in_stabilization_ns)));
  config.min_nodes = static_cast<std::uint32_t>(reader.optional_integer("min_nodes", 1, kNodesMax, config.min_nodes));
  config.max_nodes = static_cast<std::uint32_t>(
      reader.optional_integer("max_nodes", 1, kNodesMax, std::max(config.max_nodes, data_nodes)));
  config.max_scale_out_step = static_cast<std::uint32_t>(
      reader.optional_integer("max_scale_out_step", 1, kNodesMax, config.max_scale_out_step));
  config.max_scale_in_step = static_cast<std::uint32_t>(
      reader.optional_integer("max_scale_in_step", 1, kNodesMax, config.max_scale_in_step));
  if (config.min_nodes > config.max_nodes) reader.fail("min_nodes", "must not exceed max_nodes");
  if (data_nodes < config.min_nodes || data_nodes > config.max_nodes) {
    reader.fail("max_nodes", "cluster.nodes (" + std::to_string(data_nodes) + ") must lie in [min_nodes, max_nodes] = [" +
                                 std::to_string(config.min_nodes) + ", " + std::to_string(config.max_nodes) + "]");
  }
  reader.finish();
  return config;
}

Autoscaler::Autoscaler(const AutoscalerConfig& config) : config_(config) {
  RINGSIM_ASSERT(config_.target_utilization > 0);
  RINGSIM_ASSERT(config_.min_nodes >= 1 && config_.min_nodes <= config_.max_nodes);
}

AutoscalerDecision Autoscaler::evaluate(const AutoscalerInput& input) {
  AutoscalerDecision decision;
  decision.at_ns = input.now_ns;
  decision.utilization = input.utilization;
  decision.current_nodes = input.ready_nodes + input.booting_nodes;
  const double ratio = input.utilization / config_.target_utilization;
  const std::string measured =
      "utilization " + format_utilization(input.utilization) + ", target " + format_utilization(config_.target_utilization);
  std::uint32_t recommended = decision.current_nodes;
  if (input.ready_nodes > 0 && std::abs(ratio - 1) > config_.tolerance) {
    recommended = static_cast<std::uint32_t>(std::ceil(input.ready_nodes * ratio - 1e-9));
  }
  decision.recommended_nodes = recommended;
  // Scale-in stabilization: act on the largest recommendation of the window.
  recent_.emplace_back(input.now_ns, recommended);
  while (!recent_.empty() && recent_.front().first < input.now_ns - config_.scale_in_stabilization_ns) recent_.pop_front();
  std::uint32_t stabilized = recommended;
  for (const auto& [at_ns, nodes] : recent_) stabilized = std::max(stabilized, nodes);
  std::uint32_t desired = std::clamp(stabilized, config_.min_nodes, config_.max_nodes);
  const std::uint32_t current = decision.current_nodes;
  std::string reason;
  if (desired > current) {
    desired = std::min(desired, current + config_.max_scale_out_step);
    reason = "scale out: " + measured;
    if (input.booting_nodes > 0) reason += " (" + std::to_string(input.booting_nodes) + " already booting)";
  } else if (desired < current) {
    if (input.migrating) {
      desired = current;
      reason = "hold: " + measured + ", but data is migrating";
    } else if (input.booting_nodes > 0) {
      desired = current;
      reason = "hold: " + measured + ", but nodes are booting";
    } else {
      desired = std::max(desired, current > config_.max_scale_in_step ? current - config_.max_scale_in_step : 1U);
      reason = "scale in: " + measured;
    }
  } else if (recommended < current) {
    reason = "hold: " + measured + (current <= config_.min_nodes ? ", at min_nodes"
                                                                  : ", waiting out the scale-in stabilization window");
  } else if (recommended > current) {
    reason = "hold: " + measured + ", at max_nodes";
  } else {
    reason = "hold: " + measured + " (within tolerance)";
  }
  decision.desired_nodes = desired;
  decision.delta_nodes = static_cast<int>(desired) - static_cast<int>(current);
  decision.reason = reason;
  return decision;
}

}  // namespace ringsim
