// What a reviewer reads when a golden comparison is not a plain exact match, shared by
// `ringsim replay` and `ringsim check --goldens` (console and JUnit) so both say the same:
//
//   1. the first diverging window (index, time span) and what differs in it: counts and
//      hashes per handler.kind, only the kinds that differ;
//   2. the first diverging event in it, expected vs actual: both the recorded scenario and
//      the replayed one are re-run up to that window's end capturing only that window's
//      events (when this binary no longer reproduces the golden, it says so and shows the
//      replay's first event of the first differing kind instead);
//   3. the summary metrics that moved most: old -> new and relative change;
//   4. in tolerance mode, each gated metric against its limit.
//
// The headline is one line (a JUnit failure message): where the stream first diverged and
// the metric that moved most, or the metrics beyond their tolerance.
#pragma once

#include <cstddef>
#include <string>

#include "cli/golden.h"
#include "run/scenario.h"

namespace ringsim {

struct GoldenReport {
  std::string headline;  // one line
  std::string text;      // several lines, each ending in '\n'
};

// `replayed` is the scenario that produced `comparison`'s actual side; `golden` the
// recorded one. Re-runs the scenarios (up to the first diverging window) only when the
// event stream differs.
// `moved_shown`: how many moved metrics to list (0: every one); the rest are counted.
inline constexpr std::size_t kMovedMetricsShown = 8;
GoldenReport report_golden_comparison(const Golden& golden, const Scenario& replayed, const GoldenComparison& comparison,
                                      std::size_t moved_shown = kMovedMetricsShown);

// A tolerance-mode pass in one line: the tolerated metrics that moved, with their limits
// ("request.count +0.9 % (limit 5%), +2 more within their limits"); "" when nothing moved
// (an exact match) or the comparison is not a tolerance-mode pass.
std::string within_tolerance_summary(const GoldenComparison& comparison);

// "tolerances not used (check takes tolerances from the scenario file and --tolerance
// only): request.p99_ms=5% (now compared exactly)"; "" when every named tolerance gates.
std::string unused_tolerances_text(const GoldenComparison& comparison);

// The recorded scenario of a golden with `overrides` applied (throws ConfigError).
Scenario scenario_of(const Golden& golden, const std::vector<Override>& overrides);

}  // namespace ringsim
