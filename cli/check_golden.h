// `ringsim check --goldens`: one checked scenario's comparison with its golden, and the
// commands its advice prints (re-record with check's --set/--seed; replay what check ran).
// Which tolerances gate: cli/golden_tolerances.h. cli/golden_report.h writes the comparison itself; a
// golden that contradicts the run of its own event stream is bad input
// (cli/golden_consistency.h), kept in CheckedScenario::input_error.
#pragma once

#include <string>
#include <vector>

#include "cli/check_command.h"
#include "cli/check_scenario.h"
#include "run/tolerance.h"

namespace ringsim {

struct CheckContext {
  const CheckOptions& options;
  std::vector<MetricTolerance> tolerances;  // --tolerance
};

// "ringsim record X --golden G" with check's --set/--seed.
std::string record_command(const std::string& source_path, const std::string& golden_path, const CheckOptions& options);

// Sets checked.golden_matched, golden_within_tolerance, golden_headline, golden_message
// (or input_error).
void compare_with_golden(CheckedScenario& checked, const Golden& actual, const CheckContext& context);

}  // namespace ringsim
