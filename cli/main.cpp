// ringsim: the headless runner. Loads a scenario, runs it to the end, prints a summary and
// optionally writes summary.json, timeseries.csv and trace.jsonl.
//
// Exit codes: 0 success; 1 an expectation failed; 2 bad input (usage, scenario, --set);
// 3 the outputs could not be written (or --out is locked by another run); 130 / 143 stopped
// by SIGINT / SIGTERM (the run's files removed, no summary.json).
#include <algorithm>
#include <chrono>
#include <csignal>
#include <signal.h>  // sigaction
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/invoked_as.h"
#include "cli/atomic_output.h"
#include "cli/calibrate.h"
#include "cli/check_command.h"
#include "cli/diff_command.h"
#include "cli/wall_profile.h"
#include "cli/merge_command.h"
#include "cli/pooled_output.h"
#include "cli/memory_budget.h"
#include "cli/merge_command.h"
#include "cli/output_stream.h"
#include "cli/perfetto_output.h"
#include "cli/pooled_output.h"
#include "cli/progress.h"
#include "cli/replay_command.h"
#include "cli/report.h"
#include "cli/report/player_command.h"
#include "cli/report/report_command.h"
#include "cli/soak_command.h"
#include "cli/sweep_command.h"
#include "cli/trace_filter.h"
#include "run/estimate.h"
#include "run/exit_codes.h"
#include "run/injection.h"
#include "run/option_values.h"
#include "run/run.h"
#include "run/scenario.h"
#include "sim/config_error.h"
#include "sim/trace.h"

namespace ringsim {
namespace {

constexpr const char* kVersion = "0.1.0";

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

// "40", "40s", "500ms", "12.5": virtual seconds unless a unit says otherwise.
TimeNs parse_until_ns(const std::string& text) {
  const std::optional<double> seconds = parse_virtual_time_s(text);
  if (!seconds || *seconds > kDurationSMax) {
    throw ConfigError("--until", text, "expected a virtual time >= 0 in seconds, e.g. 40, 40s or 500ms");
  }
  return seconds_to_ns(*seconds);
}

// advance_to(target_ns), but never past the events_max-th event: with a count it steps
// event by event and stops right after that one, even if others at the same time are
// pending (advance_to would run them all). Returns false when it stopped for the count.
// The same events in the same order as any other way of advancing, so the trace hash after
// n events is the GUI's after n.
bool advance_capped(Run& run, TimeNs target_ns, std::optional<std::uint64_t> events_max) {
  if (!events_max) {
    run.advance_to(target_ns);
    return true;
  }
  Simulator& simulator = run.simulator();
  while (simulator.events_executed() < *events_max) {
    const std::optional<TimeNs> at_ns = simulator.next_event_time_ns();
    if (!at_ns || *at_ns > std::min(target_ns, run.end_ns())) {
      run.advance_to(target_ns);
      return true;
    }
    run.step();
  }
  return false;
}

Scenario load(const CommonOptions& options) {
  std::vector<Override> overrides;
  for (const std::string& text : options.set_texts) overrides.push_back(parse_override(text));
  std::vector<nlohmann::json> injections;
  for (const std::string& text : options.inject_texts) {
    try {
      injections.push_back(parse_injection(text));
    } catch (const std::invalid_argument& error) {
      throw ConfigError("--inject", text, error.what());
    }
  }
  Scenario scenario = load_scenario(options.scenario_path, overrides, options.seed, injections);
  // Sizes are refused before anything is built (run/estimate.h).
  check_run_estimate(scenario, estimate_run(scenario), memory_budget_bytes(options.max_memory_text));
  return scenario;
}

void add_common_options(CLI::App& command, CommonOptions& options) {
  command.add_option("scenario", options.scenario_path, "Scenario file (JSON), e.g. scenarios/mm1.json")
      ->required();
  command.add_option("--seed", options.seed, "Override the scenario's seed")
      ->check(CLI::Validator([](std::string& text) { return seed_text_problem(text); }, "UINT64"));
  command.add_option("--max-memory", options.max_memory_text,
                     "Refuse runs estimated to need more memory, e.g. 8G (default: half of physical memory)");
  command.add_option("--set", options.set_texts,
                     "Override a scenario value by JSON pointer before validation, e.g. "
                     "--set /workload/arrivals/rate_qps=900 (repeatable)")
      ->allow_extra_args(false);
  command.add_option("--inject", options.inject_texts,
                     "Add a timeline action, as ringsim-gui's --inject and its \"copy repro command\": "
                     "\"TIME ACTION [SUBJECT] [KEY=VALUE ...]\", e.g. \"20s fail_node 2\" (repeatable)")
      ->allow_extra_args(false);
}

// The --out directory of one run (docs/outputs.md): locked against a second run, cleared
// of an earlier run's files, every file written all-or-nothing (cli/atomic_output.h) and
// summary.json last, listing the files it completes with their sizes.
class FileOutputs {
 public:
  // Locks and clears the directory and opens the trace before the run, so a bad --out fails fast.
  FileOutputs(const std::string& dir, const CliRunOptions& options) : dir_(dir), lock_(dir_) {
    remove_stale_run_outputs(dir_);
    if (options.trace || options.trace_gzip) {
      trace_file_.emplace(dir_ / (options.trace_gzip ? "trace.jsonl.gz" : "trace.jsonl"), options.trace_gzip);
      trace_writer_.emplace(trace_file_->stream());
      trace_filter_.emplace(*trace_writer_, seconds_to_ns(options.trace_from_s), seconds_to_ns(options.trace_to_s),
                            options.trace_kinds);
    }
  }
  TraceSink* trace_sink() { return trace_filter_ ? &*trace_filter_ : nullptr; }
  const std::filesystem::path& dir() const { return dir_; }

  // timeseries.csv, pooled.json and the trace; summary.json comes last (write_summary).
  void write_data(const Metrics& metrics) {
    AtomicFile series_file(dir_ / "timeseries.csv");
    write_timeseries_csv(series_file.stream(), metrics);
    written_.emplace_back("timeseries.csv", series_file.commit());
    // For `ringsim merge` (cli/pooled_output.h).
    written_.emplace_back("pooled.json", write_file_atomically(dir_ / "pooled.json", pooled_to_json(metrics).dump() + "\n"));
    if (trace_file_) {
      trace_filter_.reset();
      trace_writer_.reset();
      written_.emplace_back(trace_file_->path().filename().string(), trace_file_->commit());
    }
  }
  void add_written(const std::vector<std::pair<std::string, std::uintmax_t>>& files) {
    written_.insert(written_.end(), files.begin(), files.end());
  }

  void write_summary(nlohmann::ordered_json summary) {
    nlohmann::ordered_json files = nlohmann::ordered_json::object();
    for (const auto& [name, bytes] : written_) files[name] = bytes;
    summary["output_files"] = std::move(files);
    // Invalid UTF-8 (e.g. from a file name) is replaced, never a reason to lose the outputs.
    write_file_atomically(dir_ / "summary.json",
                          summary.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
  }

  // An interrupted run: the files it wrote are removed, so nothing looks finished. Returns
  // what was removed, for the message.
  std::string abandon() {
    if (trace_file_) {
      trace_filter_.reset();
      trace_writer_.reset();
      trace_file_->abandon();
    }
    std::string removed;
    for (const auto& [name, bytes] : written_) {
      std::error_code ignored;
      std::filesystem::remove(dir_ / name, ignored);
      removed += (removed.empty() ? "" : ", ") + name;
    }
    written_.clear();
    return removed;
  }

 private:
  std::filesystem::path dir_;
  OutputDirLock lock_;
  std::optional<AtomicFile> trace_file_;
  std::optional<JsonLinesTraceWriter> trace_writer_;
  std::optional<TraceFilter> trace_filter_;
  std::vector<std::pair<std::string, std::uintmax_t>> written_;
};

// SIGINT / SIGTERM during `run`: the handler only records the signal; the run loop and the
// output phase look at it, stop, remove what would look complete and exit 128 + signal.
// SA_RESETHAND: a second signal ends the process at once.
volatile std::sig_atomic_t g_stop_signal = 0;

extern "C" void record_stop_signal(int signal_number) { g_stop_signal = signal_number; }

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = record_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int stopped_by_signal(std::optional<FileOutputs>& outputs, TimeNs now_ns) {
  const int signal_number = g_stop_signal;
  std::cerr << "\nringsim: stopped by " << (signal_number == SIGINT ? "SIGINT" : "SIGTERM") << " at virtual time "
            << ns_to_s(now_ns) << " s";
  if (outputs) {
    const std::string removed = outputs->abandon();
    std::cerr << "; " << outputs->dir().string() << " holds no summary.json (the run is incomplete)"
              << (removed.empty() ? std::string() : "; removed the files already written: " + removed);
  }
  std::cerr << "\n";
  return 128 + signal_number;
}

int command_run(const CommonOptions& common, const CliRunOptions& options) {
  if (options.csv_wide && options.out_dir.empty()) {
    std::cerr << "ringsim: --csv-wide needs --out DIR (written to DIR/timeseries_wide.csv)\n";
    return kExitBadInput;
  }
  if ((options.trace || options.trace_gzip) && options.out_dir.empty()) {
    std::cerr << "ringsim: --trace needs --out DIR (the trace is written to DIR/trace.jsonl)\n";
    return kExitBadInput;
  }
  const Scenario scenario = load(common);
  std::optional<TimeNs> until_ns;
  if (!options.until_text.empty()) until_ns = parse_until_ns(options.until_text);
  RunOptions run_options;
  run_options.build_threads =
      options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  ChronoProfiler profiler;
  run_options.profiler = &profiler;
  const auto setup_start = std::chrono::steady_clock::now();
  Run run(scenario, run_options);
  const double setup_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - setup_start).count();

  install_stop_handlers();
  std::optional<FileOutputs> outputs;
  if (!options.out_dir.empty()) {
    try {
      outputs.emplace(options.out_dir, options);
    } catch (const ConfigError&) {
      throw;
    } catch (const OutputDirBusy& error) {
      std::cerr << "ringsim: " << error.what() << "\n";
      return kExitOutputFailed;
    } catch (const std::exception& error) {
      std::cerr << "ringsim: " << error.what() << "\n";
      return kExitOutputFailed;
    }
    run.simulator().set_trace_sink(outputs->trace_sink());
  }
  std::optional<PerfettoOutput> perfetto;
  try {
    perfetto.emplace(options.perfetto, run);
  } catch (const ConfigError&) {
    throw;
  } catch (const std::exception& error) {
    std::cerr << "ringsim: " << error.what() << "\n";
    return kExitOutputFailed;
  }
  run.simulator().set_activity_observer(perfetto->observer());
  report::RunReportOutputs report_outputs(run, options.report_path, options.out_dir, options.csv_wide);
  report_outputs.set_player_path(options.player_path);

  const auto wall_start = std::chrono::steady_clock::now();
  const TimeNs stop_ns = std::min(until_ns.value_or(run.end_ns()), run.end_ns());
  ProgressBar progress(stop_ns);
  // Advance in slices so the progress bar can redraw; slicing does not change results.
  constexpr TimeNs kSlices = 1000;
  const TimeNs slice_ns = stop_ns / kSlices > 0 ? stop_ns / kSlices : 1;
  bool events_reached = false;
  while (!run.finished() && run.now_ns() < stop_ns && !events_reached) {
    if (g_stop_signal != 0) {
      progress.clear();
      return stopped_by_signal(outputs, run.now_ns());
    }
    events_reached = !advance_capped(run, std::min(run.now_ns() + slice_ns, stop_ns), options.until_events);
    progress.update(run.now_ns(), run.simulator().events_executed());
    report_outputs.observe(run);
  }
  // Stopped by the count: finish where the last event left the clock (no later event runs).
  run.stop_at(events_reached ? run.now_ns() : stop_ns);
  progress.clear();
  const double wall_time_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  const RunSummary summary = run.summary();
  const std::vector<ExpectationOutcome> outcomes = evaluate_expectations(scenario.expectations, summary);
  const WallBreakdown breakdown = wall_breakdown(profiler, setup_s, wall_time_s);
  if (!options.quiet) {
    print_summary_table(std::cout, scenario, summary, wall_time_s, outcomes, common.set_texts, common.inject_texts);
    // Vector runs spend their time in HNSW and brute force: say where (--profile: always).
    if (options.profile || breakdown.index_build_s + breakdown.search_s > 0) print_wall_breakdown(std::cout, breakdown);
  }
  nlohmann::ordered_json summary_json = summary_to_json(scenario, summary, wall_time_s, outcomes);
  // Wall-clock figures vary run to run: summary.json carries them only when asked
  // (--profile), so two runs of one scenario and seed give the same file but for wall_time_s.
  if (options.profile) summary_json["wall_breakdown_s"] = wall_breakdown_json(breakdown);
  report::record_overrides(summary_json, common.set_texts, common.inject_texts);
  if (outputs || !options.report_path.empty() || !options.player_path.empty() || !options.perfetto.path.empty()) {
    run.simulator().set_trace_sink(nullptr);  // The trace is closed by write_data.
    try {
      if (outputs) outputs->write_data(run.metrics());
      perfetto->finish(run, std::cerr);
      const auto report_files = report_outputs.write(summary_json, run);
      if (outputs) outputs->add_written(report_files);
      // summary.json is the completion mark: written last, and not at all when stopped.
      if (g_stop_signal != 0) return stopped_by_signal(outputs, run.now_ns());
      if (outputs) outputs->write_summary(summary_json);
    } catch (const std::exception& error) {
      std::cerr << "ringsim: " << error.what() << "\n";
      if (outputs) {
        const std::string removed = outputs->abandon();
        std::cerr << "ringsim: " << outputs->dir().string() << " holds no summary.json (the outputs are incomplete)"
                  << (removed.empty() ? std::string() : "; removed: " + removed) << "\n";
      }
      return kExitOutputFailed;
    }
  }
  for (const ExpectationOutcome& outcome : outcomes) {
    if (!outcome.passed) {
      std::cerr << "ringsim: expectation failed" << (options.no_expect ? " (ignored: --no-expect): " : ": ") << outcome.expectation->metric << " "
                << outcome.expectation->describe_bound() << " (actual " << outcome.actual << ")\n";
    }
  }
  if (options.no_expect) return kExitOk;
  for (const ExpectationOutcome& outcome : outcomes) {
    if (!outcome.passed) return kExitFailed;
  }
  return kExitOk;
}

int command_validate(const CommonOptions& common) {
  const Scenario scenario = load(common);
  // Building the model checks what only it knows (e.g. expectation metric names); the run
  // is not started, so no index is built.
  Run::check_scenario(scenario);
  std::cout << scenario.file << ": ok (" << scenario.name << ", seed " << scenario.seed << ", "
            << ns_to_s(scenario.duration_ns) << " s, " << scenario.expectations.size()
            << " expectations)\n  " << describe_estimate(estimate_run(scenario)) << "\n";
  return kExitOk;
}

int main_with_exit_code(int argc, char** argv) {
  if (argc > 0) set_invoked_as(argv[0]);  // printed commands say what the user ran
  CLI::App app{"ringsim: deterministic discrete-event simulator of an elastic, sharded vector database"};
  app.set_version_flag("--version", kVersion);
  app.require_subcommand(1);

  CommonOptions run_common;
  CliRunOptions run_options;
  CLI::App* run = app.add_subcommand("run", "Run a scenario headless and print its summary");
  add_common_options(*run, run_common);
  run->add_option("--out", run_options.out_dir, "Write summary.json and timeseries.csv into DIR");
  run->add_flag("--trace", run_options.trace, "Also write DIR/trace.jsonl, one line per event");
  run->add_flag("--quiet,-q", run_options.quiet, "Do not print the summary table");
  run->add_flag("--profile", run_options.profile,
                "Print where the wall time went (setup, index build, searches, recall checks, engine)");
  run->add_option("--until", run_options.until_text,
                  "Stop at this virtual time (seconds, or with a unit: 40s, 500ms); later timeline "
                  "actions are not reached; the trace hash equals ringsim-gui --until's");
  run->add_option("--until-events", run_options.until_events,
                  "Stop right after this many events (with --until: whichever comes first), even inside an "
                  "instant; ringsim-gui's copy repro adds it when it stopped mid-instant");
  run->add_option("--trace-from", run_options.trace_from_s, "--trace: first virtual second written (default 0)")
      ->check(CLI::Range(0.0, kDurationSMax));
  run->add_option("--trace-to", run_options.trace_to_s, "--trace: last virtual second written (default: the end)")
      ->check(CLI::Range(0.0, kDurationSMax));
  run->add_option("--trace-kinds", run_options.trace_kinds,
                  "--trace: only these handler.kind, comma-separated, e.g. cluster.heartbeat,migration.*");
  run->add_flag("--no-expect", run_options.no_expect,
                "Evaluate and report the expectations, but exit 0 even when one fails");
  run->add_option("--threads", run_options.threads,
                  "Threads for building the initial indexes (default: all cores; results do not change)");
  run->add_option("--report", run_options.report_path, "Also write a self-contained HTML report to FILE.html");
  run->add_option("--player", run_options.player_path,
                  "Also write a self-contained HTML page that replays the run in any browser (FILE.html)");
  run->add_flag("--csv-wide", run_options.csv_wide, "Also write DIR/timeseries_wide.csv (one row per window)");
  run->add_flag("--trace-gzip", run_options.trace_gzip, "--trace: write DIR/trace.jsonl.gz (gzip) instead");
  add_perfetto_options(*run, run_options.perfetto);

  report::ReportCommandOptions report_options;
  CLI::App* report_command = report::add_report_subcommand(app, report_options);
  player::PlayerCommandOptions player_options;
  CLI::App* player_command = player::add_player_subcommand(app, player_options);

  CommonOptions validate_common;
  CLI::App* validate = app.add_subcommand("validate", "Check a scenario without running it");
  add_common_options(*validate, validate_common);

  int calibrate_vectors = 20'000;
  int calibrate_searches = 2'000;
  CLI::App* calibrate = app.add_subcommand(
      "calibrate", "Measure the cost of one distance computation per dimension and print the cost table");
  calibrate->add_option("--vectors", calibrate_vectors, "Vectors indexed per dimension")->check(CLI::Range(100, 1'000'000));
  calibrate->add_option("--searches", calibrate_searches, "Searches timed per dimension")->check(CLI::Range(10, 1'000'000));

  SweepOptions sweep_options;
  CLI::App* sweep = add_sweep_command(app, sweep_options);
  MergeOptions merge_options;
  CLI::App* merge = add_merge_command(app, merge_options);
  CheckOptions check_options;
  CLI::App* check = app.add_subcommand("check", "Run every scenario found with its expectations; one table, optional JUnit");
  check->add_option("paths", check_options.paths, "Scenario files or directories (searched for *.json); default: scenarios");
  check->add_option("--jobs,-j", check_options.jobs, "Scenarios run at once (default: all cores; results do not change)");
  check->add_option("--junit", check_options.junit_path, "Also write JUnit XML here (a suite per scenario)");
  check->add_flag("--quiet,-q", check_options.quiet, "Print only failed checks and the totals");
  check->add_option("--max-memory", check_options.max_memory_text,
                    "Refuse scenarios estimated to need more memory, e.g. 8G (default: half of physical memory)");
  check->add_option("--goldens", check_options.goldens_dir,
                    "Also compare each scenario X.json with DIR/X.golden when it exists (same run)");
  check->add_option("--set", check_options.set_texts, "Override a value of every scenario by JSON pointer (repeatable)")
      ->allow_extra_args(false);
  check->add_option("--seed", check_options.seed, "Override every scenario's seed")
      ->check(CLI::Validator([](std::string& text) { return seed_text_problem(text); }, "UINT64"));
  check->add_option("--tolerance", check_options.tolerance_texts,
                    "Golden tolerance mode: METRIC=LIMIT, e.g. search.p99_ms=5% (repeatable; docs/ci.md)")
      ->allow_extra_args(false);
  check->add_flag("--quick", check_options.quick,
                  "Quick tier: skip scenarios estimated above 4 M events or indexing over 12,000 vectors (listed as skipped)");
  check->add_flag("--require-goldens", check_options.require_goldens,
                  "With --goldens: a scenario without a golden fails instead of being listed");
  check->add_option("--show-moved", check_options.moved_shown,
                    "Moved metrics listed per golden failure (default 8; 0: every one)");

  RecordOptions record_options;
  CLI::App* record = app.add_subcommand("record", "Run a scenario and write its golden (for ringsim replay)");
  record->add_option("scenario", record_options.scenario_path, "Scenario file (JSON)")->required();
  record->add_option("--golden", record_options.golden_path, "Golden file to write, e.g. scenarios/golden/mm1.golden")
      ->required();
  record->add_option("--seed", record_options.seed, "Override the scenario's seed");
  record->add_option("--max-memory", record_options.max_memory_text,
                     "Refuse a run estimated to need more memory, e.g. 8G (default: half of physical memory)");
  record->add_option("--set", record_options.set_texts, "Override a scenario value by JSON pointer (repeatable)")
      ->allow_extra_args(false);
  record->add_option("--tolerance", record_options.tolerance_texts,
                     "Write a tolerance into the golden: METRIC=LIMIT, e.g. search.p99_ms=5% (repeatable)")
      ->allow_extra_args(false);

  ReplayOptions replay_options;
  CLI::App* replay = app.add_subcommand("replay", "Re-run goldens; name the first diverging window and event");
  replay->add_option("golden", replay_options.golden_paths, "Golden files")->required();
  replay->add_option("--set", replay_options.set_texts,
                     "Change a value of the recorded scenario first: what diverges first? (repeatable)")
      ->allow_extra_args(false);
  replay->add_option("--jobs,-j", replay_options.jobs, "Goldens replayed at once (default: all cores)");
  replay->add_option("--tolerance", replay_options.tolerance_texts,
                     "Tolerance mode: METRIC=LIMIT, e.g. search.p99_ms=5% (repeatable; docs/ci.md)")
      ->allow_extra_args(false);
  replay->add_option("--max-memory", replay_options.max_memory_text,
                     "Refuse goldens whose scenario is estimated to need more memory (default: half of physical memory)");
  replay->add_option("--show-moved", replay_options.moved_shown, "Moved metrics listed per mismatch (default 8; 0: every one)");

  DiffOptions diff_options;
  CLI::App* diff = app.add_subcommand("diff", "Compare two run output directories (summary.json) metric by metric");
  diff->add_option("a", diff_options.a_dir, "Output directory of run A (ringsim run --out)")->required();
  diff->add_option("b", diff_options.b_dir, "Output directory of run B")->required();
  diff->add_flag("--changed", diff_options.changed_only, "Only metrics that differ");
  diff->add_option("--threshold", diff_options.thresholds,
                   "METRIC=PCT: exit 1 when METRIC's relative change exceeds PCT percent (repeatable)");
  diff->add_option_function<std::string>(
      "--order", [&](const std::string& order) { diff_options.file_order = order == "file"; },
      "change (default: largest relative change first) or file (summary.json's order)")
      ->check(CLI::IsMember({"change", "file"}));
  SoakOptions soak_options;
  CLI::App* soak = app.add_subcommand("soak", "Random fault timelines with invariant checks (docs/hardening.md)");
  soak->add_option("--seeds", soak_options.seeds, "Seeds to run")->check(CLI::Range(1, 1'000'000));
  soak->add_option("--first-seed", soak_options.first_seed, "First seed");
  soak->add_option("--actions", soak_options.actions, "Timeline actions per seed")->check(CLI::Range(1, 1000));
  soak->add_option("--out", soak_options.out_path, "Write a failing seed's minimal scenario here");
  soak->add_option("--inject-failure", soak_options.inject_failure_action,
                   "Test the shrinker: timelines with an action of this kind (e.g. fail_node) fail");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    std::cerr << "ringsim: " << error.what() << "\nRun 'ringsim --help' for usage.\n";
    return kExitBadInput;
  }

  try {
    if (run->parsed()) return command_run(run_common, run_options);
    if (report_command->parsed()) return report::run_report_subcommand(report_options);
    if (player_command->parsed()) return player::run_player_subcommand(player_options);
    if (calibrate->parsed()) return run_calibration(calibrate_vectors, calibrate_searches);
    if (sweep->parsed()) return run_sweep_command(sweep_options);
    if (merge->parsed()) return run_merge_command(merge_options);
    if (check->parsed()) return command_check(check_options);
    if (record->parsed()) return command_record(record_options);
    if (replay->parsed()) return command_replay(replay_options);
    if (diff->parsed()) return command_diff(diff_options);
    if (soak->parsed()) return run_soak_command(soak_options);
    return command_validate(validate_common);
  } catch (const ConfigError& error) {
    std::cerr << "ringsim: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const std::filesystem::filesystem_error& error) {
    // A path the system refuses (too long, a symlink loop, no permission) anywhere a file is
    // named or a directory walked: bad input, named, never a crash (issue #24).
    std::cerr << "ringsim: " << error.path1().string() << ": " << error.code().message() << " ("
              << error.what() << ")\n";
    return kExitBadInput;
  } catch (const std::bad_alloc&) {
    std::cerr << "ringsim: out of memory: the input needs more memory than is available (lower --max-memory "
                 "to be refused before anything is allocated, or make the input smaller)\n";
    return kExitBadInput;
  } catch (const std::exception& error) {
    // Last line of defence: whatever escaped is reported, not a SIGABRT.
    std::cerr << "ringsim: " << error.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace
}  // namespace ringsim

int main(int argc, char** argv) { return ringsim::main_with_exit_code(argc, argv); }
