// Reads cluster.autoscaler (cluster/autoscaler.h). Kubernetes' field names in snake case,
// units last: behavior.scale_up / .scale_down each with stabilization_window_s,
// select_policy, policies [{type, value, period_s}] and tolerance. The older flat keys map
// onto them (docs/cluster.md#autoscaler); giving both forms of one setting is an error.
#include <algorithm>
#include <optional>

#include "cluster/autoscaler.h"
#include "cluster/placement/placement.h"
#include "sim/config_error.h"

namespace ringsim {

namespace {

constexpr double kIntervalSMin = 0.1;
constexpr double kIntervalSMax = 3600;
constexpr double kWindowSMax = 3600;    // Kubernetes: 0 <= stabilizationWindowSeconds <= 3600.
constexpr double kPeriodSMax = 1800;    // Kubernetes: 0 < periodSeconds <= 1800.
constexpr std::uint64_t kPolicyValueMax = 100'000;
constexpr std::size_t kPoliciesMax = 16;
constexpr std::size_t kMetricsMax = 16;
constexpr double kToleranceMax = 1;
constexpr double kQueueTargetMax = 1e9;
constexpr double kLatencyTargetMsMax = 3.6e6;
constexpr double kCpuTargetDefault = 0.8;  // Kubernetes' default metric: 80 % CPU.

ScalingPolicy read_policy(ObjectReader reader) {
  ScalingPolicy policy;
  policy.type = reader.required_choice("type", {"nodes", "percent"}) == "nodes" ? ScalingPolicy::Type::kNodes
                                                                                 : ScalingPolicy::Type::kPercent;
  policy.value = static_cast<std::uint32_t>(reader.required_integer("value", 1, kPolicyValueMax));
  policy.period_ns = seconds_to_ns(reader.required_number("period_s", NumberRange::positive(kPeriodSMax)));
  reader.finish();
  return policy;
}

// Fills `rules` (holding this direction's defaults) from behavior.scale_up / .scale_down.
void read_rules(ObjectReader reader, ScalingRules& rules) {
  rules.stabilization_window_ns = seconds_to_ns(reader.optional_number(
      "stabilization_window_s", NumberRange::at_least(0, kWindowSMax), ns_to_s(rules.stabilization_window_ns)));
  const std::string select = reader.optional_choice("select_policy", {"max", "min", "disabled"}, "max");
  rules.select_policy = select == "max"   ? ScalingRules::Select::kMax
                        : select == "min" ? ScalingRules::Select::kMin
                                          : ScalingRules::Select::kDisabled;
  rules.tolerance = reader.optional_number("tolerance", NumberRange::at_least(0, kToleranceMax), rules.tolerance);
  if (std::optional<ArrayReader> policies = reader.optional_array("policies")) {
    if (policies->size() == 0 || policies->size() > kPoliciesMax) {
      throw ConfigError(policies->file(), policies->pointer(),
                        "expected 1 to " + std::to_string(kPoliciesMax) +
                            " policies such as {\"type\": \"percent\", \"value\": 100, \"period_s\": 15}");
    }
    rules.policies.clear();
    for (std::size_t i = 0; i < policies->size(); ++i) rules.policies.push_back(read_policy(policies->object_at(i)));
  }
  reader.finish();
}

AutoscalerMetric read_metric(ObjectReader reader) {
  AutoscalerMetric metric;
  const std::string type = reader.required_choice("type", {"cpu", "queue_length", "latency", "memory"});
  if (type == "cpu" || type == "memory") {
    metric.type = type == "cpu" ? AutoscalerMetric::Type::kCpu : AutoscalerMetric::Type::kMemory;
    metric.target = reader.required_number("target_utilization", NumberRange::positive(1));
  } else if (type == "queue_length") {
    metric.type = AutoscalerMetric::Type::kQueueLength;
    metric.target = reader.required_number("target_per_node", NumberRange::positive(kQueueTargetMax));
  } else {
    metric.type = AutoscalerMetric::Type::kLatency;
    metric.operation = reader.required_choice("operation", {"get", "put", "search", "delete"});
    metric.percentile = reader.optional_number("percentile", NumberRange::positive(99.99), 99);
    metric.target = reader.required_number("target_ms", NumberRange::positive(kLatencyTargetMsMax));
  }
  reader.finish();
  return metric;
}

std::vector<AutoscalerMetric> read_metrics(ObjectReader& reader) {
  std::vector<AutoscalerMetric> metrics;
  if (std::optional<ArrayReader> list = reader.optional_array("metrics")) {
    if (reader.has("target_utilization")) {
      reader.fail("target_utilization", "give either target_utilization (a CPU metric) or metrics, not both");
    }
    if (list->size() == 0 || list->size() > kMetricsMax) {
      throw ConfigError(list->file(), list->pointer(),
                        "expected 1 to " + std::to_string(kMetricsMax) +
                            " metrics such as {\"type\": \"cpu\", \"target_utilization\": 0.6}");
    }
    for (std::size_t i = 0; i < list->size(); ++i) metrics.push_back(read_metric(list->object_at(i)));
    return metrics;
  }
  AutoscalerMetric cpu;
  cpu.target = reader.optional_number("target_utilization", NumberRange::positive(1), kCpuTargetDefault);
  return {cpu};
}

// The flat keys of the first autoscaler: each sets one behavior field.
void apply_flat_keys(ObjectReader& reader, AutoscalerConfig& config, bool has_up, bool has_down) {
  if (std::optional<double> tolerance = reader.maybe_number("tolerance", NumberRange::at_least(0, kToleranceMax))) {
    config.scale_up.tolerance = *tolerance;
    config.scale_down.tolerance = *tolerance;
  }
  if (std::optional<double> window = reader.maybe_number("scale_in_stabilization_s",
                                                         NumberRange::at_least(0, kWindowSMax))) {
    if (has_down) reader.fail("scale_in_stabilization_s", "give it as behavior.scale_down.stabilization_window_s");
    config.scale_down.stabilization_window_ns = seconds_to_ns(*window);
  }
  // A step limit is a "nodes" policy over one evaluation interval.
  const std::pair<const char*, ScalingRules*> steps[] = {{"max_scale_out_step", &config.scale_up},
                                                         {"max_scale_in_step", &config.scale_down}};
  for (const auto& [key, rules] : steps) {
    if (!reader.has(key)) continue;
    if (rules == &config.scale_up ? has_up : has_down) reader.fail(key, "give it as a behavior policy");
    const auto step = static_cast<std::uint32_t>(reader.required_integer(key, 1, kNodesMax));
    rules->policies = {{ScalingPolicy::Type::kNodes, step, config.evaluation_interval_ns}};
  }
}

}  // namespace

AutoscalerConfig read_autoscaler(ObjectReader reader, std::uint32_t data_nodes) {
  AutoscalerConfig config;
  config.enabled = true;
  config.evaluation_interval_ns = seconds_to_ns(reader.optional_number(
      "evaluation_interval_s", NumberRange::at_least(kIntervalSMin, kIntervalSMax), ns_to_s(config.evaluation_interval_ns)));
  config.min_nodes = static_cast<std::uint32_t>(reader.optional_integer("min_nodes", 1, kNodesMax, config.min_nodes));
  config.max_nodes = static_cast<std::uint32_t>(
      reader.optional_integer("max_nodes", 1, kNodesMax, std::max(config.max_nodes, data_nodes)));
  config.metrics = read_metrics(reader);
  std::optional<ObjectReader> behavior = reader.optional_object("behavior");
  std::optional<ObjectReader> up = behavior ? behavior->optional_object("scale_up") : std::nullopt;
  std::optional<ObjectReader> down = behavior ? behavior->optional_object("scale_down") : std::nullopt;
  // The flat keys first, so an explicit behavior wins where both could apply (tolerance).
  apply_flat_keys(reader, config, up.has_value(), down.has_value());
  if (up) read_rules(*up, config.scale_up);
  if (down) read_rules(*down, config.scale_down);
  if (behavior) behavior->finish();
  if (config.min_nodes > config.max_nodes) reader.fail("min_nodes", "must not exceed max_nodes");
  if (data_nodes < config.min_nodes || data_nodes > config.max_nodes) {
    reader.fail("max_nodes", "cluster.nodes (" + std::to_string(data_nodes) + ") must lie in [min_nodes, max_nodes] = [" +
                                 std::to_string(config.min_nodes) + ", " + std::to_string(config.max_nodes) + "]");
  }
  reader.finish();
  return config;
}

}  // namespace ringsim
