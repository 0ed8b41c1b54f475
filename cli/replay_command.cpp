#include "cli/replay_command.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/atomic_output.h"
#include "cli/check_command.h"
#include "cli/escape.h"
#include "cli/golden.h"
#include "cli/golden_consistency.h"
#include "cli/golden_report.h"
#include "cli/golden_tolerances.h"
#include "cli/progress.h"
#include "cli/number_format.h"
#include "run/exit_codes.h"
#include "cli/memory_budget.h"
#include "run/estimate.h"
#include "sim/config_error.h"
#include "sim/expectation.h"

namespace ringsim {

namespace {


struct ReplayResult {
  std::string text;
  bool matched = false;
  bool bad_input = false;  // the golden contradicts the run of its own event stream: exit 2
  double record_wall_s = 0;
};

void replay_one(const std::string& path, const Golden& golden, const std::vector<Override>& overrides,
                const std::vector<MetricTolerance>& tolerances, const ReplayOptions& options, ReplayResult& result) {
  const std::size_t moved_shown = options.moved_shown;
  std::ostringstream out;
  const Scenario scenario = scenario_of(golden, overrides);
  const auto start = std::chrono::steady_clock::now();
  const Golden actual = record_golden(scenario, 1);
  result.record_wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (const std::optional<GoldenInconsistency> found = inconsistency_against_run(golden, actual)) {
    throw ConfigError(path, found->pointer, inconsistent_golden_message(found->what, plain_record_command(golden)));
  }
  // No scenario file: the golden's recorded tolerances, then --tolerance (none with --exact).
  const ToleranceChoice choice = choose_tolerances(golden, nullptr, tolerances, options.exact);
  GoldenComparison comparison = compare_goldens(golden, actual, choice.used);
  comparison.unused_tolerances = choice.unused;
  comparison.unused_tolerances_reason = choice.unused_reason;
  result.matched = comparison.matched;
  const std::string name = console_text(scenario.name);
  if (comparison.matched) {
    const char* how = comparison.mode == GoldenComparison::Mode::kExact       ? "exact"
                      : comparison.mode == GoldenComparison::Mode::kTolerance ? "within tolerance"
                                                                              : "within tolerance: vectors on another platform";
    out << "match     " << path << " (" << name << ", " << format_count(static_cast<long long>(actual.events))
        << " events, " << how << ", " << std::fixed << std::setprecision(2) << result.record_wall_s << " s)\n";
    // A tolerance-mode pass still shows what moved, so a reviewer sees the change it allowed;
    // an exact one the tolerances --exact left out.
    if (comparison.mode == GoldenComparison::Mode::kTolerance) {
      out << report_golden_comparison(golden, scenario, comparison, moved_shown).text;
    } else if (!comparison.unused_tolerances.empty()) {
      out << "  " << unused_tolerances_text(comparison) << "\n";
    }
    result.text = out.str();
    return;
  }
  out << "MISMATCH  " << path << " (" << name << ")\n";
  out << report_golden_comparison(golden, scenario, comparison, moved_shown).text;
  result.text = out.str();
}

// A golden of a run that breaks its own expectations freezes a broken behaviour as the
// reference; it is still written (that may be the point), but never silently.
void warn_failed_expectations(const Scenario& scenario, const Golden& golden) {
  RunSummary summary;
  summary.counters = golden.metrics;
  summary.counters.emplace_back("events", static_cast<double>(golden.events));
  for (const ExpectationOutcome& outcome : evaluate_expectations(scenario.expectations, summary)) {
    if (outcome.passed) continue;
    std::cerr << "ringsim: warning: the recorded run fails its expectation " << outcome.expectation->metric << " "
              << outcome.expectation->describe_bound() << " (actual "
              << (std::isnan(outcome.actual) ? std::string(kNoSampleText) : format_number(outcome.actual))
              << "): the golden freezes that behaviour as the reference\n";
  }
}

}  // namespace

int command_record(const RecordOptions& options) {
  std::vector<Override> overrides;
  for (const std::string& text : options.set_texts) overrides.push_back(parse_override(text));
  const Scenario scenario = load_scenario(options.scenario_path, overrides, options.seed);
  for (const std::string& text : options.tolerance_texts) parse_tolerance_option(text);  // bad input before the run
  // Refused before anything is built, as run does (issue #24: record ran into bad_alloc).
  check_run_estimate(scenario, estimate_run(scenario), memory_budget_bytes(options.max_memory_text));
  const auto start = std::chrono::steady_clock::now();
  Golden golden = record_golden(scenario, std::max(1u, std::thread::hardware_concurrency()));
  std::vector<MetricTolerance> command_line;
  for (const std::string& text : options.tolerance_texts) merge_tolerances(command_line, {parse_tolerance_option(text)});
  // A tolerance that matches no metric would fail every later check: a typo, refused here.
  check_tolerances_match(scenario.tolerances, {&golden}, scenario.file);
  check_tolerances_match(command_line, {&golden});
  merge_tolerances(golden.tolerances, command_line);
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::filesystem::path path(options.golden_path);
  std::error_code ignored;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ignored);
  std::uintmax_t golden_bytes = 0;
  try {
    // All or nothing (cli/atomic_output.h): a full disk never leaves a cut golden.
    AtomicFile out(path);
    write_golden(out.stream(), golden);
    golden_bytes = out.commit();
  } catch (const std::exception& error) {
    std::cerr << "ringsim: " << error.what() << "\n";
    return kExitOutputFailed;
  }
  std::cout << "recorded " << options.golden_path << " (" << console_text(scenario.name) << ", "
            << format_count(static_cast<long long>(golden.events)) << " events, " << golden.windows.size()
            << " windows, " << format_count(static_cast<long long>(golden_bytes)) << " bytes, "
            << std::fixed << std::setprecision(2) << wall_s << " s)\n";
  warn_failed_expectations(scenario, golden);
  return kExitOk;
}

int command_replay(const ReplayOptions& options) {
  std::vector<Override> overrides;
  for (const std::string& text : options.set_texts) overrides.push_back(parse_override(text));
  // Every golden is read first, so a bad one exits 2 before anything runs.
  const double budget_bytes = memory_budget_bytes(options.max_memory_text);
  std::vector<Golden> goldens;
  std::vector<const Golden*> golden_pointers;
  for (const std::string& path : options.golden_paths) {
    goldens.push_back(read_golden(path));
    check_golden_consistency(goldens.back(), scenario_of(goldens.back(), {}), plain_record_command(goldens.back()));
    const Scenario scenario = scenario_of(goldens.back(), overrides);
    check_run_estimate(scenario, estimate_run(scenario), budget_bytes);
  }
  for (const Golden& golden : goldens) golden_pointers.push_back(&golden);
  std::vector<MetricTolerance> tolerances;
  for (const std::string& text : options.tolerance_texts) merge_tolerances(tolerances, {parse_tolerance_option(text)});
  check_tolerances_match(tolerances, golden_pointers);  // A typo is bad input (exit 2), before anything runs.
  if (options.exact && !options.tolerance_texts.empty()) throw exact_with_tolerance_error(options.tolerance_texts);
  std::vector<ReplayResult> results(options.golden_paths.size());
  const std::uint32_t jobs = options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  CountProgress progress("replay", "goldens", results.size(), CountProgress::stderr_is_terminal());
  run_parallel(results.size(), jobs, [&](std::size_t index) {
    progress.started();
    try {
      replay_one(options.golden_paths[index], goldens[index], overrides, tolerances, options, results[index]);
    } catch (const ConfigError& error) {
      results[index].bad_input = true;
      results[index].text = "ringsim: " + std::string(error.what()) + "\n";
    } catch (const std::exception& error) {
      results[index].text = "ERROR     " + options.golden_paths[index] + ": " + error.what() + "\n";
    }
    progress.finished(std::filesystem::path(options.golden_paths[index]).stem().string() +
                      (results[index].matched ? " match" : " MISMATCH"));
  });
  progress.clear();
  bool all_matched = true;
  bool bad_input = false;
  for (const ReplayResult& result : results) {
    std::cout << result.text;
    all_matched = all_matched && result.matched;
    bad_input = bad_input || result.bad_input;
  }
  if (bad_input) return kExitBadInput;
  return all_matched ? kExitOk : kExitFailed;
}

}  // namespace ringsim
