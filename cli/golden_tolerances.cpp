#include "cli/golden_tolerances.h"

#include <algorithm>

#include "sim/config_error.h"
#include "sim/json_reader.h"

namespace ringsim {

bool tolerance_matches_a_metric(const MetricTolerance& tolerance, const Golden& golden) {
  for (const auto& [name, value] : golden.metrics) {
    if (tolerance_for({tolerance}, name) != nullptr) return true;
  }
  return false;
}

std::vector<MetricTolerance> recorded_tolerances(const Golden& golden) {
  std::vector<MetricTolerance> tolerances;
  if (golden.scenario_document.is_object() && golden.scenario_document.contains("tolerances")) {
    tolerances = read_tolerances(golden.scenario_document["tolerances"], golden.file, "/tolerances");
  }
  merge_tolerances(tolerances, golden.tolerances);
  return tolerances;
}

namespace {

// "request.p99_ms=5% (now 10%)", "query.p99_ms=5% (now 50% via query.*)" when another
// pattern gates what it named, or "request.p99_ms=5% (now compared exactly)"; empty when the
// same pattern gates with the same limit.
std::string unused_text(const MetricTolerance& named, const std::vector<MetricTolerance>& used, const Golden& golden) {
  const auto same_pattern = std::find_if(used.begin(), used.end(), [&](const MetricTolerance& t) { return t.pattern == named.pattern; });
  if (same_pattern != used.end() && same_pattern->text == named.text) return "";
  std::string now = "now compared exactly";
  if (same_pattern != used.end()) {
    now = "now " + same_pattern->text;
  } else {
    // What gates the golden's metrics this pattern named, now: one other pattern, several, or none.
    bool first = true;
    bool one_gate = true;
    const MetricTolerance* gate = nullptr;
    for (const auto& [name, value] : golden.metrics) {
      if (tolerance_for({named}, name) == nullptr) continue;
      const MetricTolerance* current = tolerance_for(used, name);
      if (first) gate = current;
      one_gate = one_gate && current == gate;
      first = false;
    }
    if (!one_gate) now = "now metric by metric by the tolerances in use";
    if (one_gate && gate != nullptr) now = "now " + gate->text + " via " + gate->pattern;
  }
  return named.pattern + "=" + named.text + " (" + now + ")";
}

}  // namespace

ToleranceChoice choose_tolerances(const Golden& golden, const std::vector<MetricTolerance>* scenario_file,
                                  const std::vector<MetricTolerance>& command_line, bool exact) {
  ToleranceChoice choice;
  const std::vector<MetricTolerance> recorded = recorded_tolerances(golden);
  // What gates unless --exact: the scenario file's (check) or the golden's (replay), then --tolerance.
  std::vector<MetricTolerance> named = scenario_file == nullptr ? recorded : *scenario_file;
  std::vector<MetricTolerance> applicable;
  for (const MetricTolerance& tolerance : command_line) {
    if (tolerance_matches_a_metric(tolerance, golden)) applicable.push_back(tolerance);
  }
  merge_tolerances(named, applicable);
  if (!exact) choice.used = named;
  // Reported: the golden's recorded tolerances that do not gate now, and with --exact the
  // scenario file's too (a pattern named by both is listed once).
  std::vector<MetricTolerance> reported = recorded;
  if (exact && scenario_file != nullptr) merge_tolerances(reported, *scenario_file);
  for (const MetricTolerance& tolerance : reported) {
    const std::string text = unused_text(tolerance, choice.used, golden);
    if (!text.empty()) choice.unused.push_back(text);
  }
  choice.unused_reason = exact                     ? "--exact compares every metric exactly"
                         : scenario_file != nullptr ? "check takes tolerances from the scenario file and --tolerance only"
                                                    : "";
  return choice;
}

ConfigError exact_with_tolerance_error(const std::vector<std::string>& tolerance_texts) {
  return ConfigError("--exact", "--tolerance " + tolerance_texts.front(),
                     "cannot be combined: --exact compares every metric exactly, --tolerance lets one move; give one "
                     "or the other");
}

void check_tolerances_match(const std::vector<MetricTolerance>& command_line, const std::vector<const Golden*>& goldens,
                            const std::string& scenario_file) {
  for (const MetricTolerance& tolerance : command_line) {
    const bool matched = std::any_of(goldens.begin(), goldens.end(),
                                     [&](const Golden* golden) { return tolerance_matches_a_metric(tolerance, *golden); });
    if (matched) continue;
    // Only for the error: every metric name, for the closest one.
    std::vector<std::string> names;
    for (const Golden* golden : goldens) {
      for (const auto& [name, value] : golden->metrics) names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    const std::string closest = closest_match(tolerance.pattern, names);
    throw ConfigError(scenario_file.empty() ? "--tolerance" : scenario_file,
                      scenario_file.empty() ? tolerance.pattern + "=" + tolerance.text : "/tolerances/" + tolerance.pattern,
                      goldens.empty() ? std::string("no golden is compared (give --goldens DIR)")
                                      : "matches no metric of the " + std::to_string(goldens.size()) + " golden(s) compared" +
                                            (closest.empty() ? std::string() : "; did you mean " + closest + "?"));
  }
}

}  // namespace ringsim
