// `ringsim run` and `ringsim validate`: their options and what they do. `run` loads a
// scenario (--set, --inject, --seed applied; the estimate checked against --max-memory),
// runs it to its end or to --until / --until-events, prints the summary and writes the
// outputs asked for (docs/outputs.md); `validate` checks a scenario without running it.
//
// Exit codes (run/exit_codes.h): 0 success; 1 an expectation failed; 2 bad input; 3 the
// outputs could not be written (or --out is locked by another run); 130 / 143 stopped by
// SIGINT / SIGTERM (the run's files removed, no summary.json). A ConfigError escapes to the
// caller, which prints it and exits 2.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/perfetto_output.h"
#include "run/scenario.h"

namespace ringsim {

struct CommonOptions {
  std::string scenario_path;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> set_texts;
  std::vector<std::string> inject_texts;  // --inject "TIME ACTION ..." (run/injection.h)
  std::string max_memory_text;
};

struct CliRunOptions {
  std::string out_dir;
  bool trace = false;
  bool quiet = false;
  bool profile = false;       // --profile: print the wall-time breakdown for every model
  std::uint32_t threads = 0;  // 0: one per hardware thread
  std::string until_text;     // virtual time to stop at; empty: the scenario's end
  // Stop right after this many events (with --until: whichever comes first); a GUI state
  // inside an instant (some of the events at its time run, others pending) is reproduced
  // only by the count, since --until T runs every event at T.
  std::optional<std::uint64_t> until_events;
  bool no_expect = false;     // report expectations, but they do not set the exit code
  double trace_from_s = 0;    // --trace writes events in [from, to] of these kinds only
  double trace_to_s = kDurationSMax;
  std::string trace_kinds;
  bool trace_gzip = false;     // --trace-gzip: DIR/trace.jsonl.gz
  PerfettoCliOptions perfetto;  // --perfetto FILE (cli/perfetto_output.h)
  std::string report_path;  // --report FILE.html
  std::string player_path;  // --player FILE.html
  bool csv_wide = false;
};

// Loads the scenario with the command line's --set, --inject and --seed, and refuses it
// before anything is built when its estimate exceeds --max-memory.
Scenario load(const CommonOptions& options);
void add_common_options(CLI::App& command, CommonOptions& options);

CLI::App* add_run_command(CLI::App& app, CommonOptions& common, CliRunOptions& options);
CLI::App* add_validate_command(CLI::App& app, CommonOptions& common);
int command_run(const CommonOptions& common, const CliRunOptions& options);
int command_validate(const CommonOptions& common);

}  // namespace ringsim
