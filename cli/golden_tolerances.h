// Which metric tolerances gate a golden comparison (docs/ci.md, "Which tolerances apply").
//
// The scenario file and the command line are the source of truth. A golden records
// tolerances twice over (its own "tolerances" block, written by `record --tolerance`, and
// the "tolerances" of the scenario copy it keeps), and both outlive the edit that removes
// them from the scenario or the CI command: a gate that kept tolerating after a user took
// its tolerance out (issue #28, trial 8/10). So:
//
// - check: the scenario file's tolerances as it is now (with check's --set), then
//   --tolerance. The golden's recorded ones are never used; each that is not in effect
//   now with the same limit is reported ("request.p99_ms=5% (now compared exactly)").
// - replay: it has no scenario file, the golden's scenario copy is the scenario it runs:
//   that copy's tolerances, then the golden's block, then --tolerance.
// - --exact (check and replay): no tolerance at all; every recorded or scenario tolerance
//   is reported as not used.
#pragma once

#include <string>
#include <vector>

#include "cli/golden.h"
#include "run/tolerance.h"
#include "sim/config_error.h"

namespace ringsim {

struct ToleranceChoice {
  std::vector<MetricTolerance> used;
  // Tolerances the golden (or, with --exact, also the scenario file) names that do not
  // gate this comparison, as "PATTERN=LIMIT (now ...)", and why, for the report.
  std::vector<std::string> unused;
  std::string unused_reason;
};

// `scenario_file`: check's scenario as loaded now; null for replay (no file is read).
// `command_line`: --tolerance; entries matching no metric of this golden are left out (a
// --tolerance given for a directory applies where the metric exists; one matching no
// golden at all is refused before anything runs: check_tolerances_match).
ToleranceChoice choose_tolerances(const Golden& golden, const std::vector<MetricTolerance>* scenario_file,
                                  const std::vector<MetricTolerance>& command_line, bool exact);

// The tolerances the golden records: its scenario copy's, then its own block.
std::vector<MetricTolerance> recorded_tolerances(const Golden& golden);

// --exact with --tolerance asks for two things at once: bad input (exit 2), naming both.
ConfigError exact_with_tolerance_error(const std::vector<std::string>& tolerance_texts);

bool tolerance_matches_a_metric(const MetricTolerance& tolerance, const Golden& golden);

// Each --tolerance must match a metric of at least one of `goldens`: throws ConfigError
// (file "--tolerance") naming the pattern and the closest metric name otherwise. With
// `scenario_file`, the tolerances are that file's "tolerances" block and the error names
// the file and /tolerances/PATTERN.
void check_tolerances_match(const std::vector<MetricTolerance>& command_line, const std::vector<const Golden*>& goldens,
                            const std::string& scenario_file = "");

}  // namespace ringsim
