#include "cli/run_command.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <signal.h>  // sigaction
#include <iostream>
#include <thread>

#include "cli/memory_budget.h"
#include "cli/progress.h"
#include "cli/report.h"
#include "cli/report/report_command.h"
#include "cli/run_outputs.h"
#include "cli/wall_profile.h"
#include "run/estimate.h"
#include "run/exit_codes.h"
#include "run/injection.h"
#include "run/option_values.h"
#include "run/run.h"
#include "sim/config_error.h"

namespace ringsim {
namespace {

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

}  // namespace

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

namespace {

// Option combinations that cannot work, before anything is loaded; 0 when they can.
int check_output_options(const CliRunOptions& options) {
  if (options.csv_wide && options.out_dir.empty()) {
    std::cerr << "ringsim: --csv-wide needs --out DIR (written to DIR/timeseries_wide.csv)\n";
    return kExitBadInput;
  }
  if ((options.trace || options.trace_gzip) && options.out_dir.empty()) {
    std::cerr << "ringsim: --trace needs --out DIR (the trace is written to DIR/trace.jsonl)\n";
    return kExitBadInput;
  }
  return kExitOk;
}

// The files of a run that are opened before it starts: --out's directory (locked; the trace
// sink) and the Perfetto trace. Returns kExitOutputFailed, saying why, when one cannot be.
int open_outputs(const CliRunOptions& options, Run& run, std::optional<FileOutputs>& outputs,
                 std::optional<PerfettoOutput>& perfetto) {
  try {
    if (!options.out_dir.empty()) {
      outputs.emplace(options.out_dir, options);
      run.simulator().set_trace_sink(outputs->trace_sink());
    }
    perfetto.emplace(options.perfetto, run);
  } catch (const ConfigError&) {
    throw;
  } catch (const std::exception& error) {  // OutputDirBusy among them.
    std::cerr << "ringsim: " << error.what() << "\n";
    return kExitOutputFailed;
  }
  run.simulator().set_activity_observer(perfetto->observer());
  return kExitOk;
}

// Runs to stop_ns (or the --until-events count) in slices so the progress bar can redraw;
// slicing does not change results. Returns false when a signal stopped it.
bool advance_to_stop(Run& run, TimeNs stop_ns, const CliRunOptions& options, report::RunReportOutputs& report_outputs) {
  ProgressBar progress(stop_ns);
  constexpr TimeNs kSlices = 1000;
  const TimeNs slice_ns = stop_ns / kSlices > 0 ? stop_ns / kSlices : 1;
  bool events_reached = false;
  while (!run.finished() && run.now_ns() < stop_ns && !events_reached) {
    if (g_stop_signal != 0) {
      progress.clear();
      return false;
    }
    events_reached = !advance_capped(run, std::min(run.now_ns() + slice_ns, stop_ns), options.until_events);
    progress.update(run.now_ns(), run.simulator().events_executed());
    report_outputs.observe(run);
  }
  // Stopped by the count: finish where the last event left the clock (no later event runs).
  run.stop_at(events_reached ? run.now_ns() : stop_ns);
  progress.clear();
  return true;
}

// The output phase: data files, Perfetto, report and player, then summary.json last as the
// completion mark. Returns kExitOk, a signal's exit code, or kExitOutputFailed (saying what
// was left).
int write_outputs(const CliRunOptions& options, Run& run, const nlohmann::ordered_json& summary_json,
                  std::optional<FileOutputs>& outputs, PerfettoOutput& perfetto,
                  report::RunReportOutputs& report_outputs) {
  if (!outputs && options.report_path.empty() && options.player_path.empty() && options.perfetto.path.empty()) {
    return kExitOk;
  }
  run.simulator().set_trace_sink(nullptr);  // The trace is closed by write_data.
  try {
    if (outputs) outputs->write_data(run.metrics());
    perfetto.finish(run, std::cerr);
    const auto report_files = report_outputs.write(summary_json, run);
    if (outputs) outputs->add_written(report_files);
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
  return kExitOk;
}

// Failed expectations on stderr; the exit code they give (none with --no-expect).
int report_expectations(const std::vector<ExpectationOutcome>& outcomes, bool no_expect) {
  int exit_code = kExitOk;
  for (const ExpectationOutcome& outcome : outcomes) {
    if (outcome.passed) continue;
    std::cerr << "ringsim: expectation failed" << (no_expect ? " (ignored: --no-expect): " : ": ")
              << outcome.expectation->metric << " " << outcome.expectation->describe_bound() << " (actual ";
    if (std::isnan(outcome.actual)) {
      std::cerr << kNoSampleText << ")\n";  // No sample (sim/expectation.h), never "nan".
    } else {
      std::cerr << outcome.actual << ")\n";
    }
    if (!no_expect) exit_code = kExitFailed;
  }
  return exit_code;
}

}  // namespace

int command_run(const CommonOptions& common, const CliRunOptions& options) {
  if (const int bad = check_output_options(options); bad != kExitOk) return bad;
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
  std::optional<PerfettoOutput> perfetto;
  if (const int failed = open_outputs(options, run, outputs, perfetto); failed != kExitOk) return failed;
  report::RunReportOutputs report_outputs(run, options.report_path, options.out_dir, options.csv_wide);
  report_outputs.set_player_path(options.player_path);

  const auto wall_start = std::chrono::steady_clock::now();
  const TimeNs stop_ns = std::min(until_ns.value_or(run.end_ns()), run.end_ns());
  if (!advance_to_stop(run, stop_ns, options, report_outputs)) return stopped_by_signal(outputs, run.now_ns());
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
  if (const int written = write_outputs(options, run, summary_json, outputs, *perfetto, report_outputs);
      written != kExitOk) {
    return written;
  }
  return report_expectations(outcomes, options.no_expect);
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

CLI::App* add_run_command(CLI::App& app, CommonOptions& common, CliRunOptions& options) {
  CLI::App* command = app.add_subcommand("run", "Run a scenario headless and print its summary");
  add_common_options(*command, common);
  command->add_option("--out", options.out_dir, "Write summary.json and timeseries.csv into DIR");
  command->add_flag("--trace", options.trace, "Also write DIR/trace.jsonl, one line per event");
  command->add_flag("--quiet,-q", options.quiet, "Do not print the summary table");
  command->add_flag("--profile", options.profile,
                    "Print where the wall time went (setup, index build, searches, recall checks, engine)");
  command->add_option("--until", options.until_text,
                      "Stop at this virtual time (seconds, or with a unit: 40s, 500ms); later timeline "
                      "actions are not reached; the trace hash equals ringsim-gui --until's");
  command->add_option("--until-events", options.until_events,
                      "Stop right after this many events (with --until: whichever comes first), even inside an "
                      "instant; ringsim-gui's copy repro adds it when it stopped mid-instant");
  command->add_option("--trace-from", options.trace_from_s, "--trace: first virtual second written (default 0)")
          ->check(CLI::Range(0.0, kDurationSMax));
  command->add_option("--trace-to", options.trace_to_s, "--trace: last virtual second written (default: the end)")
          ->check(CLI::Range(0.0, kDurationSMax));
  command->add_option("--trace-kinds", options.trace_kinds,
                      "--trace: only these handler.kind, comma-separated, e.g. cluster.heartbeat,migration.*");
  command->add_flag("--no-expect", options.no_expect,
                    "Evaluate and report the expectations, but exit 0 even when one fails");
  command->add_option("--threads", options.threads,
                      "Threads for building the initial indexes (default: all cores; results do not change)");
  command->add_option("--report", options.report_path, "Also write a self-contained HTML report to FILE.html");
  command->add_option("--player", options.player_path,
                      "Also write a self-contained HTML page that replays the run in any browser (FILE.html)");
  command->add_flag("--csv-wide", options.csv_wide, "Also write DIR/timeseries_wide.csv (one row per window)");
  command->add_flag("--trace-gzip", options.trace_gzip, "--trace: write DIR/trace.jsonl.gz (gzip) instead");
  add_perfetto_options(*command, options.perfetto);
  return command;
}

CLI::App* add_validate_command(CLI::App& app, CommonOptions& common) {
  CLI::App* command = app.add_subcommand("validate", "Check a scenario without running it");
  add_common_options(*command, common);
  return command;
}

}  // namespace ringsim
