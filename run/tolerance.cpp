#include "run/tolerance.h"

#include <cmath>
#include <cstdlib>

#include "sim/config_error.h"
#include "sim/json_reader.h"

namespace ringsim {

namespace {

bool matches(const std::string& pattern, const std::string& metric) {
  if (!pattern.empty() && pattern.back() == '*') return metric.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
  return pattern == metric;
}

// Exact names rank above every pattern; among patterns the longer prefix wins.
std::size_t specificity(const std::string& pattern) {
  return !pattern.empty() && pattern.back() == '*' ? pattern.size() - 1 : std::string::npos;
}

}  // namespace

bool MetricTolerance::within(double expected, double actual) const {
  if (expected == actual) return true;  // also equal infinities
  const double difference = std::abs(actual - expected);
  if (!std::isfinite(difference)) return false;
  return difference <= (relative ? limit * std::abs(expected) : limit);
}

std::optional<MetricTolerance> parse_tolerance_limit(const std::string& pattern, const std::string& text,
                                                     std::string* problem) {
  MetricTolerance tolerance;
  tolerance.pattern = pattern;
  tolerance.text = text;
  std::string number = text;
  if (!number.empty() && number.back() == '%') {
    tolerance.relative = true;
    number.pop_back();
  }
  char* end = nullptr;
  const double value = number.empty() ? NAN : std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(value) || value < 0) {
    *problem = "expected a limit such as \"5%\" (relative) or \"0.5\" (absolute, >= 0), got \"" + text + "\"";
    return std::nullopt;
  }
  const std::size_t star = pattern.find('*');
  if (pattern.empty() || (star != std::string::npos && star + 1 != pattern.size())) {
    *problem = "expected a metric name or a prefix ending in one '*', got \"" + pattern + "\"";
    return std::nullopt;
  }
  tolerance.limit = tolerance.relative ? value / 100 : value;
  return tolerance;
}

MetricTolerance parse_tolerance_option(const std::string& text) {
  const std::size_t equals = text.rfind('=');
  std::string problem = "expected METRIC=LIMIT, e.g. search.p99_ms=5%";
  if (equals != std::string::npos) {
    if (auto tolerance = parse_tolerance_limit(text.substr(0, equals), text.substr(equals + 1), &problem)) return *tolerance;
  }
  throw ConfigError("--tolerance", "", problem + " (in \"" + text + "\")");
}

std::vector<MetricTolerance> read_tolerances(const nlohmann::json& object, const std::string& file,
                                             const std::string& pointer) {
  if (!object.is_object()) throw ConfigError(file, pointer, "expected an object of METRIC: LIMIT (\"5%\" or a number)");
  std::vector<MetricTolerance> tolerances;
  for (const auto& [name, value] : object.items()) {
    const std::string entry = json_pointer_append(pointer, name);
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_number()) {
      text = value.dump();
    } else {
      throw ConfigError(file, entry, "expected a limit such as \"5%\" or a number");
    }
    std::string problem;
    const std::optional<MetricTolerance> tolerance = parse_tolerance_limit(name, text, &problem);
    if (!tolerance) throw ConfigError(file, entry, problem);
    tolerances.push_back(*tolerance);
  }
  return tolerances;
}

nlohmann::json tolerances_json(const std::vector<MetricTolerance>& tolerances) {
  nlohmann::json object = nlohmann::json::object();
  for (const MetricTolerance& tolerance : tolerances) object[tolerance.pattern] = tolerance.text;
  return object;
}

void merge_tolerances(std::vector<MetricTolerance>& base, const std::vector<MetricTolerance>& overrides) {
  for (const MetricTolerance& tolerance : overrides) {
    bool replaced = false;
    for (MetricTolerance& existing : base) {
      if (existing.pattern == tolerance.pattern) {
        existing = tolerance;
        replaced = true;
      }
    }
    if (!replaced) base.push_back(tolerance);
  }
}

const MetricTolerance* tolerance_for(const std::vector<MetricTolerance>& tolerances, const std::string& metric) {
  const MetricTolerance* best = nullptr;
  for (const MetricTolerance& tolerance : tolerances) {
    if (!matches(tolerance.pattern, metric)) continue;
    if (best == nullptr || specificity(tolerance.pattern) > specificity(best->pattern)) best = &tolerance;
  }
  return best;
}

}  // namespace ringsim
