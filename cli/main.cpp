// ringsim: the headless runner. Loads a scenario, runs it to the end, prints a summary and
// optionally writes summary.json, timeseries.csv and trace.jsonl.
//
// Exit codes: 0 success; 1 an expectation failed; 2 bad input (usage, scenario, --set);
// 3 the outputs could not be written.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/calibrate.h"
#include "cli/memory_budget.h"
#include "cli/progress.h"
#include "cli/report.h"
#include "cli/soak_command.h"
#include "sim/config_error.h"
#include "sim/trace.h"
#include "run/estimate.h"
#include "run/option_values.h"
#include "run/run.h"
#include "run/scenario.h"

namespace ringsim {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitExpectationFailed = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitOutputFailed = 3;
constexpr const char* kVersion = "0.1.0";

struct CommonOptions {
  std::string scenario_path;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> set_texts;
  std::string max_memory_text;
};

struct CliRunOptions {
  std::string out_dir;
  bool trace = false;
  bool quiet = false;
  std::uint32_t threads = 0;  // 0: one per hardware thread
};

Scenario load(const CommonOptions& options) {
  std::vector<Override> overrides;
  for (const std::string& text : options.set_texts) overrides.push_back(parse_override(text));
  Scenario scenario = load_scenario(options.scenario_path, overrides, options.seed);
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
}

class FileOutputs {
 public:
  // Creates the directory and opens the files before the run, so a bad --out fails fast.
  FileOutputs(const std::string& dir, bool trace) : dir_(dir) {
    std::filesystem::create_directories(dir_);
    if (trace) {
      trace_file_.open(dir_ / "trace.jsonl");
      if (!trace_file_) throw std::runtime_error("cannot write " + (dir_ / "trace.jsonl").string());
      trace_writer_.emplace(trace_file_);
    }
  }
  TraceSink* trace_sink() { return trace_writer_ ? &*trace_writer_ : nullptr; }

  void write(const nlohmann::ordered_json& summary, const Metrics& metrics) {
    std::ofstream summary_file(dir_ / "summary.json");
    // Invalid UTF-8 (e.g. from a file name) is replaced, never a reason to lose the outputs.
    summary_file << summary.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    std::ofstream series_file(dir_ / "timeseries.csv");
    write_timeseries_csv(series_file, metrics);
    trace_file_.flush();
    if (!summary_file || !series_file || (trace_writer_ && !trace_file_)) {
      throw std::runtime_error("failed writing outputs under " + dir_.string());
    }
  }

 private:
  std::filesystem::path dir_;
  std::ofstream trace_file_;
  std::optional<JsonLinesTraceWriter> trace_writer_;
};

int command_run(const CommonOptions& common, const CliRunOptions& options) {
  if (options.trace && options.out_dir.empty()) {
    std::cerr << "ringsim: --trace needs --out DIR (the trace is written to DIR/trace.jsonl)\n";
    return kExitBadInput;
  }
  const Scenario scenario = load(common);
  RunOptions run_options;
  run_options.build_threads =
      options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  Run run(scenario, run_options);

  std::optional<FileOutputs> outputs;
  if (!options.out_dir.empty()) {
    try {
      outputs.emplace(options.out_dir, options.trace);
    } catch (const std::exception& error) {
      std::cerr << "ringsim: " << error.what() << "\n";
      return kExitOutputFailed;
    }
    run.simulator().set_trace_sink(outputs->trace_sink());
  }

  const auto wall_start = std::chrono::steady_clock::now();
  ProgressBar progress(run.end_ns());
  // Advance in slices so the progress bar can redraw; slicing does not change results.
  constexpr TimeNs kSlices = 1000;
  const TimeNs slice_ns = run.end_ns() / kSlices > 0 ? run.end_ns() / kSlices : 1;
  while (!run.finished()) {
    run.advance_to(run.now_ns() + slice_ns);
    progress.update(run.now_ns(), run.simulator().events_executed());
  }
  progress.clear();
  const double wall_time_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  const RunSummary summary = run.summary();
  const std::vector<ExpectationOutcome> outcomes = evaluate_expectations(scenario.expectations, summary);
  if (!options.quiet) print_summary_table(std::cout, scenario, summary, wall_time_s, outcomes);
  if (outputs) {
    try {
      outputs->write(summary_to_json(scenario, summary, wall_time_s, outcomes), run.metrics());
    } catch (const std::exception& error) {
      std::cerr << "ringsim: " << error.what() << "\n";
      return kExitOutputFailed;
    }
  }
  for (const ExpectationOutcome& outcome : outcomes) {
    if (!outcome.passed) {
      std::cerr << "ringsim: expectation failed: " << outcome.expectation->metric << " "
                << outcome.expectation->describe_bound() << " (actual " << outcome.actual << ")\n";
    }
  }
  for (const ExpectationOutcome& outcome : outcomes) {
    if (!outcome.passed) return kExitExpectationFailed;
  }
  return kExitOk;
}

int command_validate(const CommonOptions& common) {
  const Scenario scenario = load(common);
  // Building the run checks what only the model knows (e.g. expectation metric names).
  Run run(scenario);
  std::cout << scenario.file << ": ok (" << scenario.name << ", seed " << scenario.seed << ", "
            << ns_to_s(scenario.duration_ns) << " s, " << scenario.expectations.size()
            << " expectations)\n  " << describe_estimate(estimate_run(scenario)) << "\n";
  return kExitOk;
}

int main_with_exit_code(int argc, char** argv) {
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
  run->add_option("--threads", run_options.threads,
                  "Threads for building the initial indexes (default: all cores; results do not change)");

  CommonOptions validate_common;
  CLI::App* validate = app.add_subcommand("validate", "Check a scenario without running it");
  add_common_options(*validate, validate_common);

  int calibrate_vectors = 20'000;
  int calibrate_searches = 2'000;
  CLI::App* calibrate = app.add_subcommand(
      "calibrate", "Measure the cost of one distance computation per dimension and print the cost table");
  calibrate->add_option("--vectors", calibrate_vectors, "Vectors indexed per dimension")->check(CLI::Range(100, 1'000'000));
  calibrate->add_option("--searches", calibrate_searches, "Searches timed per dimension")->check(CLI::Range(10, 1'000'000));

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
    if (calibrate->parsed()) return run_calibration(calibrate_vectors, calibrate_searches);
    if (soak->parsed()) return run_soak_command(soak_options);
    return command_validate(validate_common);
  } catch (const ConfigError& error) {
    std::cerr << "ringsim: " << error.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace
}  // namespace ringsim

int main(int argc, char** argv) { return ringsim::main_with_exit_code(argc, argv); }
