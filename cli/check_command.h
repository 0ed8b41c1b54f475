// `ringsim check [PATH...]`: runs every scenario found (a directory is searched
// recursively for *.json, in sorted order) with its expectations, several at once, and
// prints one table: scenario, expectation, bound, actual, pass/fail, wall time. With
// --goldens each scenario is also compared with its golden (cli/golden_report.h says what a
// failure prints); scenarios without one are listed. Progress on stderr (a TTY only).
//
// Exit codes: 0 every expectation held; 1 one failed (or a run failed); 2 bad input (a
// path or scenario that does not load: nothing is run); 3 the JUnit file could not be
// written. Results do not depend on --jobs: each scenario runs alone on one thread and
// its run is deterministic; rows come out in path order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "run/scenario.h"
#include "sim/summary.h"

namespace ringsim {

struct CheckOptions {
  std::vector<std::string> paths;
  std::uint32_t jobs = 0;  // 0: one per hardware thread
  std::string junit_path;  // empty: no JUnit file
  bool quiet = false;      // only failures and the totals line
  // When set, a scenario X.json with a golden DIR/X.golden is also compared with it in
  // the same run (a "golden" check row / JUnit test case): CI replays at no extra cost.
  std::string goldens_dir;
  std::vector<std::string> set_texts;        // --set, applied to every scenario
  std::optional<std::uint64_t> seed;         // --seed, for every scenario
  std::vector<std::string> tolerance_texts;  // --tolerance METRIC=LIMIT: golden tolerance mode
  bool exact = false;  // --exact: every golden compared exactly, whatever tolerances are named
  bool quick = false;  // skip the full tier: above kQuickEventsMax events or kQuickVectorsMax vectors
  std::string max_memory_text;  // --max-memory, applied to each scenario before any runs
  // With --goldens: a scenario without a golden fails (its "golden" row and JUnit case),
  // so a new scenario cannot join the suite ungated.
  bool require_goldens = false;
  std::size_t moved_shown = 8;  // --show-moved: moved metrics listed per golden failure (0: all)
};

// --quick runs only scenarios whose estimated events (run/estimate.h) stay below this and
// whose vector index holds at most kQuickVectorsMax vectors (an HNSW build of 40,000 vectors
// of dim 64 takes 10-40 s of wall time on the 2-core CI machine, with no events to count).
inline constexpr double kQuickEventsMax = 4e6;
inline constexpr double kQuickVectorsMax = 12'000;

int command_check(const CheckOptions& options);

// Every scenario *.json under the paths (files taken as given), sorted within each
// directory. A JSON file found in a directory is a scenario when it is an object with a
// "station" or "cluster" key (the model every scenario must have); others (a run's
// cluster.json or summary.json, a trace, a sweep spec) are listed in `skipped`. `base`
// holds, per file, the directory argument it was found under (its own parent for a file
// argument): goldens are looked up by the path relative to it.
struct ScenarioFiles {
  std::vector<std::filesystem::path> files;
  std::vector<std::filesystem::path> base;
  std::vector<std::filesystem::path> skipped;
};
// Throws ConfigError for a path that does not exist.
ScenarioFiles find_scenario_files(const std::vector<std::string>& paths);

// Runs `count` independent jobs on up to `jobs` threads; job(i) must not touch shared
// state. Returns when all are done.
template <typename Job>
void run_parallel(std::size_t count, std::uint32_t jobs, Job job);

}  // namespace ringsim

#include <atomic>
#include <thread>

template <typename Job>
void ringsim::run_parallel(std::size_t count, std::uint32_t jobs, Job job) {
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t index = next++; index < count; index = next++) job(index);
  };
  const std::size_t threads = std::min<std::size_t>(std::max<std::uint32_t>(jobs, 1), count);
  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < threads; ++i) pool.emplace_back(worker);
  worker();
  for (std::thread& thread : pool) thread.join();
}
