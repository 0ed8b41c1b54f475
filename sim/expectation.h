// Expectations a scenario states about its own outcome, e.g.
//   {"metric": "request.p99_ms", "lt": 25.0}
//   {"metric": "station.utilization", "between": [0.75, 0.85]}
// Exactly one comparison per entry: lt, le, gt, ge, eq or between (inclusive).
// A failed expectation makes `ringsim run` exit 1; CI replays rely on that.
#pragma once

#include <string>
#include <vector>

#include "sim/json_reader.h"
#include "sim/summary.h"

namespace ringsim {

struct Expectation {
  enum class Comparison { kLt, kLe, kGt, kGe, kEq, kBetween };
  std::string metric;
  Comparison comparison = Comparison::kLt;
  double bound = 0;
  double bound_high = 0;  // Only for kBetween.
  std::string pointer;    // Where it was written, for error messages.

  bool holds(double actual) const;
  std::string describe_bound() const;  // "< 25", "in [0.75, 0.85]"
};

std::vector<Expectation> read_expectations(const ArrayReader& array);

// Throws ConfigError (with the expectation's pointer) when a metric name is not one the
// run will produce, suggesting the closest valid name.
void check_expectation_metrics(const std::vector<Expectation>& expectations,
                               const std::vector<std::string>& metric_names,
                               const std::string& file);

// An expectation on a statistic with no sample (delete.p99_ms in a run without deletes):
// its actual value is NaN, shown as this text in the console, check's table and JUnit,
// and written as null in summary.json (the report shows null so too). Such an expectation
// fails: nothing shows that it holds.
inline constexpr const char* kNoSampleText = "no sample";

struct ExpectationOutcome {
  const Expectation* expectation;
  double actual;
  bool passed;
};

std::vector<ExpectationOutcome> evaluate_expectations(const std::vector<Expectation>& expectations,
                                                      const RunSummary& summary);

}  // namespace ringsim
