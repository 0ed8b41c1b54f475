// `ringsim record SCENARIO --golden FILE` and `ringsim replay FILE... [--set P=V ...]`.
//
// record runs the scenario and writes its golden (cli/golden.h). replay re-runs each
// golden's scenario (with the --set overrides, if any) and compares. On a match it exits
// 0. On a mismatch it exits 1 and prints the first diverging window and what differs in
// it (event counts and hashes per handler.kind), then the first diverging event: it
// re-runs the recorded scenario and the replayed one up to that window's end, capturing
// only that window's events, and compares them one by one (exact when this binary still
// reproduces the golden; otherwise it says so and shows the replay's first event of the
// first differing kind). Last, the summary metrics that moved most (cli/golden_report.h).
// --tolerance METRIC=LIMIT (or a tolerances block in the recorded scenario or the golden)
// switches to tolerance mode: the metrics with a tolerance gate by it, the others exactly;
// --exact ignores them all (cli/golden_tolerances.h). Progress on stderr (a TTY only).
// Exit 2 for a golden or override that does not load.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ringsim {

struct RecordOptions {
  std::string scenario_path;
  std::string golden_path;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> set_texts;
  std::vector<std::string> tolerance_texts;  // METRIC=LIMIT, written into the golden
  std::string max_memory_text;  // --max-memory; empty: the default budget (cli/memory_budget.h)
};
int command_record(const RecordOptions& options);

struct ReplayOptions {
  std::vector<std::string> golden_paths;
  std::vector<std::string> set_texts;
  std::vector<std::string> tolerance_texts;  // METRIC=LIMIT (run/tolerance.h): tolerance mode
  bool exact = false;  // --exact: compared exactly, the golden's recorded tolerances reported
  std::uint32_t jobs = 0;  // goldens replayed at once; 0: all cores
  std::string max_memory_text;  // --max-memory, applied to each golden's scenario
  std::size_t moved_shown = 8;  // --show-moved: moved metrics listed (0: all)
};
int command_replay(const ReplayOptions& options);

}  // namespace ringsim
