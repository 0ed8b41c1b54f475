// What `ringsim check` knows about one scenario once it has run, shared by the console
// table (cli/check_command.cpp) and the JUnit file (cli/check_junit.h).
#pragma once

#include <iomanip>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/golden.h"
#include "run/scenario.h"
#include "sim/expectation.h"
#include "sim/summary.h"

namespace ringsim {

struct CheckedScenario {
  Scenario scenario;
  std::string source_path;  // the scenario file as found
  RunSummary summary;
  std::vector<ExpectationOutcome> outcomes;
  std::string run_error;  // a run that threw (should not happen; reported as a JUnit <error>)
  // Bad input found only by running: a golden that contradicts the run of its own event
  // stream (cli/golden_consistency.h). check exits 2; the JUnit golden case is an <error>.
  std::string input_error;
  std::string golden_path;      // empty: no golden compared
  std::string golden_expected_path;  // where its golden is looked up (--goldens), found or not
  std::optional<Golden> expected;  // the golden, read before anything runs (a bad one is exit 2)
  bool golden_required_missing = false;  // --require-goldens and no golden
  std::optional<bool> golden_matched;
  bool golden_within_tolerance = false;  // matched in tolerance mode (something may have moved)
  std::string golden_headline;  // one line: where it diverged, what moved most
  std::string golden_message;   // several lines (cli/golden_report.h)
  bool skipped = false;         // --quick and above the quick tier's budget
  double estimated_events = 0;
  double wall_time_s = 0;

  bool passed() const {
    return run_error.empty() && input_error.empty() && golden_matched.value_or(true) &&
           std::all_of(outcomes.begin(), outcomes.end(), [](const ExpectationOutcome& o) { return o.passed; });
  }
};

// Wall seconds as the table and JUnit's system-out print them: "0.42", "12.3".
inline std::string format_seconds(double seconds) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(seconds < 10 ? 2 : 1) << seconds;
  return out.str();
}

}  // namespace ringsim
