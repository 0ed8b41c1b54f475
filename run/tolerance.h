// Metric tolerances for golden comparisons (docs/ci.md, "Tolerance mode"): how far a
// summary metric may move from its golden before `check --goldens` / `replay` fail.
//
// A tolerance names a metric, or a pattern with one trailing `*` ("search.*", "*"), and a
// limit: "5%" (relative: |actual - golden| <= 5 % of |golden|) or a plain non-negative
// number (absolute, in the metric's own unit: "0.02" for a recall). They come from a
// scenario's "tolerances" object, a golden's "tolerances" object, or `--tolerance
// METRIC=LIMIT`; a later source replaces an earlier one's entry for the same pattern.
// The most specific pattern matching a metric wins (an exact name over any pattern, a
// longer prefix over a shorter one).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ringsim {

struct MetricTolerance {
  std::string pattern;  // a metric name, or a prefix followed by '*'
  double limit = 0;     // relative (a fraction: 0.05) or absolute
  bool relative = false;
  std::string text;     // as written: "5%" or "0.5"

  bool within(double expected, double actual) const;
};

// "5%" or "0.5"; nullopt with `problem` set when the text is neither.
std::optional<MetricTolerance> parse_tolerance_limit(const std::string& pattern, const std::string& text,
                                                     std::string* problem);
// "search.p99_ms=5%" (the --tolerance form). Throws ConfigError (file "--tolerance").
MetricTolerance parse_tolerance_option(const std::string& text);
// A "tolerances" object ({"search.p99_ms": "5%", "*.count": 10}); throws ConfigError naming
// `file` and the pointer of a bad entry.
std::vector<MetricTolerance> read_tolerances(const nlohmann::json& object, const std::string& file,
                                             const std::string& pointer);
nlohmann::json tolerances_json(const std::vector<MetricTolerance>& tolerances);

// `overrides` replace entries of `base` with the same pattern, others are appended.
void merge_tolerances(std::vector<MetricTolerance>& base, const std::vector<MetricTolerance>& overrides);
// The tolerance applying to `metric`, or null.
const MetricTolerance* tolerance_for(const std::vector<MetricTolerance>& tolerances, const std::string& metric);

}  // namespace ringsim
