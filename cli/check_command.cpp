#include "cli/check_command.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <ctime>
#include <map>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "cli/invoked_as.h"
#include "cli/atomic_output.h"
#include "cli/escape.h"
#include "cli/golden.h"
#include "cli/golden_consistency.h"
#include "cli/check_golden.h"
#include "cli/check_junit.h"
#include "cli/golden_report.h"
#include "cli/golden_tolerances.h"
#include "cli/progress.h"
#include "cli/replay_hint.h"
#include "cli/number_format.h"
#include "cli/report/escape.h"
#include "run/exit_codes.h"
#include "cli/memory_budget.h"
#include "run/estimate.h"
#include "run/run.h"
#include "sim/config_error.h"
#include "sim/expectation.h"

namespace ringsim {

namespace {


void run_scenario(CheckedScenario& checked, std::uint32_t build_threads, const CheckContext& context) {
  if (checked.skipped) return;
  const auto start = std::chrono::steady_clock::now();
  try {
    RunOptions options;
    options.build_threads = build_threads;
    Run run(checked.scenario, options);
    WindowDigestSink digest(checked.scenario.window_ns, checked.scenario.duration_ns);
    if (!checked.golden_path.empty()) run.simulator().set_trace_sink(&digest);
    run.run_to_end();
    run.simulator().set_trace_sink(nullptr);
    checked.summary = run.summary();
    checked.outcomes = evaluate_expectations(checked.scenario.expectations, checked.summary);
    if (checked.expected) compare_with_golden(checked, golden_from_run(checked.scenario, run, digest), context);
  } catch (const std::exception& error) {
    checked.run_error = error.what();
  }
  checked.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}


struct Row {
  std::vector<std::string> cells;
  bool failed;
};

void print_table(std::ostream& out, const std::vector<Row>& rows, bool quiet) {
  const std::vector<std::string> header = {"scenario", "expectation", "bound", "actual", "result", "wall_s"};
  std::vector<std::size_t> widths(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) widths[c] = header[c].size();
  for (const Row& row : rows) {
    for (std::size_t c = 0; c < row.cells.size(); ++c) widths[c] = std::max(widths[c], row.cells[c].size());
  }
  const auto print_row = [&](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const bool numeric = c == 3 || c == 5;
      out << (c == 0 ? "" : "  ") << (numeric ? std::right : std::left)
          << std::setw(static_cast<int>(widths[c])) << cells[c];
    }
    out << std::left << "\n";
  };
  // -q: only failures; with none, not even the header.
  const bool any_failed = std::any_of(rows.begin(), rows.end(), [](const Row& row) { return row.failed; });
  if (!quiet || any_failed) print_row(header);
  for (const Row& row : rows) {
    if (!quiet || row.failed) print_row(row.cells);
  }
}

std::vector<Row> table_rows(const std::vector<std::unique_ptr<CheckedScenario>>& checked) {
  std::vector<Row> rows;
  const std::vector<std::string> names = scenario_display_names(checked);
  for (std::size_t index = 0; index < checked.size(); ++index) {
    const auto& item = checked[index];
    const std::string name = console_text(names[index]);
    const std::string wall = format_seconds(item->wall_time_s);
    if (item->skipped) {
      rows.push_back({{name, "(skipped)", "-", "-", "full tier: ~" + format_count(static_cast<long long>(item->estimated_events)) +
                       " events or a large index (run without --quick)", "-"}, false});
      continue;
    }
    if (!item->run_error.empty()) {
      rows.push_back({{name, "(run)", "-", "-", "ERROR: " + console_text(item->run_error), wall}, true});
      continue;
    }
    if (item->golden_matched) {
      const std::string result = !item->input_error.empty()       ? "ERROR: inconsistent golden (below)"
                                 : !*item->golden_matched          ? "FAIL"
                                 : item->golden_within_tolerance ? "pass (within tolerance)"
                                                                 : "pass";
      rows.push_back({{name, "golden", item->golden_required_missing ? item->golden_expected_path + " (missing)" : item->golden_path,
                       "-", result, wall},
                      !*item->golden_matched});
    }
    if (item->outcomes.empty() && !item->golden_matched) rows.push_back({{name, "(no expectations)", "-", "-", "ran", wall}, false});
    for (const ExpectationOutcome& outcome : item->outcomes) {
      rows.push_back({{name, console_text(outcome.expectation->metric), outcome.expectation->describe_bound(),
                       std::isnan(outcome.actual) ? std::string(kNoSampleText) : format_number(outcome.actual),
                       outcome.passed ? "pass" : "FAIL", wall},
                      !outcome.passed});
    }
  }
  return rows;
}

}  // namespace

namespace {

// Decided by content, not by name or place: every scenario has exactly one model key.
bool looks_like_scenario(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  const nlohmann::json document = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  // A file that is not JSON at all is taken as a (broken) scenario: its error is worth showing.
  if (document.is_discarded()) return true;
  return document.is_object() && (document.contains("station") || document.contains("cluster"));
}

}  // namespace

ScenarioFiles find_scenario_files(const std::vector<std::string>& paths) {
  ScenarioFiles result;
  for (const std::string& text : paths) {
    const std::filesystem::path path(text);
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
      std::vector<std::filesystem::path> found;
      // Without exceptions: a symlink loop or a name over NAME_MAX inside the directory threw
      // filesystem_error (issue #24); such an entry is named and refused.
      std::filesystem::recursive_directory_iterator it(path, error), end;
      for (; !error && it != end; it.increment(error)) {
        const bool regular = it->is_regular_file(error);
        if (error) throw ConfigError(it->path().string(), "", "cannot read: " + error.message());
        if (regular && it->path().extension() == ".json") found.push_back(it->path());
      }
      if (error) throw ConfigError(text, "", "cannot walk the directory: " + error.message());
      std::sort(found.begin(), found.end());
      for (const std::filesystem::path& file : found) {
        if (looks_like_scenario(file)) {
          result.files.push_back(file);
          result.base.push_back(path);
        } else {
          result.skipped.push_back(file);
        }
      }
    } else if (std::filesystem::is_regular_file(path, error)) {
      result.files.push_back(path);
      result.base.push_back(path.parent_path());
    } else {
      throw ConfigError(text, "", "no such file or directory");
    }
  }
  return result;
}

namespace {

void print_golden_messages(std::ostream& out, const std::vector<std::unique_ptr<CheckedScenario>>& checked, bool quiet) {
  const std::vector<std::string> names = scenario_display_names(checked);
  for (std::size_t index = 0; index < checked.size(); ++index) {
    const auto& item = checked[index];
    if (!item->input_error.empty()) {
      out << "\nringsim: " << console_text(item->input_error) << "\n";
      continue;
    }
    if (item->golden_message.empty()) continue;
    if (item->golden_required_missing) continue;  // Listed with the record commands below.
    // -q: a pass only by tolerance is one line, so a CI log shows the metric moved within its limit.
    if (quiet && *item->golden_matched) {
      if (item->golden_within_tolerance && !item->golden_headline.empty()) {
        out << "ok within tolerance (" << console_text(names[index]) << "): " << console_text(item->golden_headline) << "\n";
      }
      continue;
    }
    const char* verdict = !*item->golden_matched ? " DIFFERS" : item->golden_within_tolerance ? " matches within tolerance" : " matches exactly";
    out << "\ngolden " << item->golden_path << verdict << " ("
        << console_text(names[index]) << ")";
    if (!item->golden_headline.empty()) out << ": " << console_text(item->golden_headline);
    out << "\n";
    std::istringstream lines(item->golden_message);
    for (std::string line; std::getline(lines, line);) out << "  " << console_text(line) << "\n";
  }
}

// `searched_directories`: some path argument was a directory. Checking single files picks
// a subset on purpose, so the other goldens are not listed as orphans then.
void print_missing_goldens(std::ostream& out, const std::vector<std::unique_ptr<CheckedScenario>>& checked,
                           const CheckOptions& options, bool searched_directories) {
  const std::string& goldens_dir = options.goldens_dir;
  std::vector<std::string> missing;
  for (const auto& item : checked) {
    if (item->golden_path.empty()) missing.push_back(record_command(item->source_path, item->golden_expected_path, options));
  }
  if (!missing.empty()) {
    out << "\nno golden for " << missing.size() << " of " << checked.size() << " scenarios"
        << (options.require_goldens ? " (failed: --require-goldens)" : " (--require-goldens makes this a failure)")
        << "; record them with:\n";
    for (const std::string& line : missing) out << "  " << line << "\n";
  }
  // A golden whose scenario was renamed or removed is compared with nothing: say so, so the
  // gate is not silently smaller than it looks.
  if (!searched_directories) return;
  std::set<std::string> expected;
  for (const auto& item : checked) expected.insert(std::filesystem::path(item->golden_expected_path).lexically_normal().string());
  std::vector<std::string> orphans;
  std::error_code error;
  for (std::filesystem::recursive_directory_iterator it(goldens_dir, error), end; !error && it != end; it.increment(error)) {
    if (it->path().extension() != ".golden") continue;
    const std::string path = it->path().lexically_normal().string();
    if (expected.count(path) == 0) orphans.push_back(path);
  }
  std::sort(orphans.begin(), orphans.end());
  if (orphans.empty()) return;
  out << "\n" << orphans.size() << " golden files under " << goldens_dir
      << " have no scenario in this check (renamed or removed, or not given to check):\n";
  constexpr std::size_t kListed = 5;
  for (std::size_t index = 0; index < std::min(kListed, orphans.size()); ++index) out << "  " << orphans[index] << "\n";
  if (orphans.size() > kListed) out << "  ... and " << orphans.size() - kListed << " more\n";
}

}  // namespace

namespace {

// check gives every --set to every scenario; in a mixed suite one may not fit some of them.
// Such an error names the --set and the scenario it failed on (the file alone read as if
// the file were broken).
Scenario load_checked_scenario(const std::string& file, const std::vector<Override>& overrides, const CheckOptions& options) {
  try {
    return load_scenario(file, overrides, options.seed);
  } catch (const ConfigError& error) {
    if (overrides.empty()) throw;
    std::string name;
    try {
      name = load_scenario(file, {}, options.seed).name;
    } catch (const ConfigError&) {
      throw error;  // Broken without any --set: the file's own error.
    }
    std::string culprit;
    for (std::size_t index = 0; index < overrides.size() && culprit.empty(); ++index) {
      try {
        load_scenario(file, {overrides[index]}, options.seed);
      } catch (const ConfigError&) {
        culprit = options.set_texts[index];
      }
    }
    if (culprit.empty()) {
      for (const std::string& text : options.set_texts) culprit += (culprit.empty() ? "" : " ") + text;
    }
    throw ConfigError(error.file(), error.pointer(),
                      error.message() + "; --set " + culprit + ", which check gives to every scenario, failed on scenario " +
                          name + " (" + file + "): check the scenarios it fits, or leave it out");
  }
}

int check_scenarios(const CheckOptions& options) {
  const ScenarioFiles found =
      find_scenario_files(options.paths.empty() ? std::vector<std::string>{"scenarios"} : options.paths);
  if (found.files.empty()) throw ConfigError(options.paths.empty() ? "scenarios" : options.paths[0], "", "no *.json scenario found");
  std::vector<Override> overrides;
  for (const std::string& text : options.set_texts) overrides.push_back(parse_override(text));
  CheckContext context{options, {}};
  for (const std::string& text : options.tolerance_texts) merge_tolerances(context.tolerances, {parse_tolerance_option(text)});
  if (options.exact && !options.tolerance_texts.empty()) throw exact_with_tolerance_error(options.tolerance_texts);
  // A mistyped --goldens DIR compared nothing and passed (a new user's trial): it is refused.
  if (!options.goldens_dir.empty()) {
    std::error_code error;
    if (!std::filesystem::is_directory(options.goldens_dir, error)) {
      throw ConfigError(options.goldens_dir, "", "--goldens: not a directory (" + (error ? error.message() : std::string("no such directory")) +
                                                     "); to start one: mkdir -p " + options.goldens_dir +
                                                     ", then " + invoked_command("record") + " SCENARIO --golden " + options.goldens_dir + "/NAME.golden");
    }
  }
  // Everything loads before anything runs, so bad input exits 2 with no partial results.
  const double budget_bytes = memory_budget_bytes(options.max_memory_text);
  std::vector<std::unique_ptr<CheckedScenario>> checked;
  std::vector<const Golden*> golden_pointers;
  for (std::size_t index = 0; index < found.files.size(); ++index) {
    const std::filesystem::path& file = found.files[index];
    checked.push_back(std::make_unique<CheckedScenario>());
    CheckedScenario& item = *checked.back();
    item.source_path = file.string();
    item.scenario = load_checked_scenario(file.string(), overrides, options);
    check_run_estimate(item.scenario, estimate_run(item.scenario), budget_bytes);
    if (options.quick) {
      for (const EstimateTerm& term : estimate_run(item.scenario).events) item.estimated_events += term.amount;
      // HNSW builds cost wall time that no event counts: indexed vectors count too.
      double indexed_vectors = 0;
      if (const auto* cluster = std::get_if<ClusterScenario>(&item.scenario.model)) {
        if (cluster->data.vectors) indexed_vectors = static_cast<double>(cluster->data.keys);
      }
      item.skipped = item.estimated_events > kQuickEventsMax || indexed_vectors > kQuickVectorsMax;
    }
    if (!options.goldens_dir.empty()) {
      // Found under a directory: the golden mirrors the path below it (retry_storm/x.json ->
      // DIR/retry_storm/x.golden), so scenarios of the same name in two folders do not clash.
      std::filesystem::path relative = file.lexically_relative(found.base[index]);
      if (relative.empty() || *relative.begin() == "..") relative = file.filename();
      const std::filesystem::path golden = std::filesystem::path(options.goldens_dir) / relative.replace_extension(".golden");
      item.golden_expected_path = golden.string();
      std::error_code error;
      if (std::filesystem::exists(golden, error)) {
        item.golden_path = golden.string();
        item.expected = read_golden(item.golden_path);  // A corrupt golden is bad input: exit 2.
        // As replay does: an invalid recorded scenario, or a golden that contradicts itself.
        check_golden_consistency(*item.expected, scenario_of(*item.expected, {}),
                                 record_command(item.source_path, item.golden_path, options));
        golden_pointers.push_back(&*item.expected);
      } else if (options.require_goldens) {
        item.golden_required_missing = true;
        item.golden_matched = false;
        item.golden_headline = "no golden at " + golden.string() + " (--require-goldens)";
        item.golden_message = "no golden at " + golden.string() + "; record one: " +
                              record_command(item.source_path, golden.string(), options) + "\n";
      }
      if (error) throw ConfigError(golden.string(), "", "cannot read the golden: " + error.message());
    }
  }
  // A --tolerance that no compared golden has a metric for is a typo: refused before running.
  if (!context.tolerances.empty()) check_tolerances_match(context.tolerances, golden_pointers);
  const std::uint32_t cores = std::max(1u, std::thread::hardware_concurrency());
  const std::uint32_t jobs = options.jobs > 0 ? options.jobs : cores;
  const std::uint32_t build_threads = std::max(1u, cores / jobs);
  const auto start = std::chrono::steady_clock::now();
  CountProgress progress("check", "scenarios", checked.size(), CountProgress::stderr_is_terminal());
  run_parallel(checked.size(), jobs, [&](std::size_t index) {
    progress.started();
    run_scenario(*checked[index], build_threads, context);
    progress.finished(checked[index]->scenario.name + (checked[index]->passed() ? " pass" : " FAIL"));
  });
  progress.clear();
  const double wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const std::vector<Row> rows = table_rows(checked);
  print_table(std::cout, rows, options.quiet);
  std::size_t failed_rows = 0;
  for (const Row& row : rows) failed_rows += row.failed ? 1 : 0;
  std::size_t failed_scenarios = 0;
  std::size_t skipped_scenarios = 0;
  for (const auto& item : checked) failed_scenarios += item->passed() ? 0 : 1;
  for (const auto& item : checked) skipped_scenarios += item->skipped ? 1 : 0;
  print_golden_messages(std::cout, checked, options.quiet);
  // Printed under -q too: a gate that compares fewer goldens than it looks is not noise.
  if (!options.goldens_dir.empty()) {
    const bool searched_directories =
        options.paths.empty() || std::any_of(options.paths.begin(), options.paths.end(), [](const std::string& path) {
      std::error_code error;
      return std::filesystem::is_directory(path, error);
    });
    print_missing_goldens(std::cout, checked, options, searched_directories);
  }
  if (!found.skipped.empty()) {
    std::cout << "\nskipped " << found.skipped.size()
              << " JSON files that are not scenarios (no top-level \"station\" or \"cluster\"), e.g. "
              << found.skipped.front().string() << "\n";
  }
  std::cout << "\n" << checked.size() << " scenarios, " << rows.size() << " checks, " << failed_rows << " failed ("
            << failed_scenarios << " scenarios)";
  if (skipped_scenarios > 0) std::cout << ", " << skipped_scenarios << " skipped (full tier: run without --quick)";
  const auto inconsistent = std::count_if(checked.begin(), checked.end(), [](const auto& item) { return !item->input_error.empty(); });
  if (inconsistent > 0) std::cout << ", " << inconsistent << " inconsistent goldens (bad input: exit 2)";
  std::cout << " in " << format_seconds(wall_time_s) << " s wall on " << jobs << (jobs == 1 ? " job\n" : " jobs\n");
  if (!options.junit_path.empty()) {
    std::ostringstream junit;
    write_junit(junit, checked, options.set_texts);
    if (!write_junit_file(options.junit_path, junit.str())) return kExitOutputFailed;
  }
  if (inconsistent > 0) return kExitBadInput;
  return failed_scenarios == 0 ? kExitOk : kExitFailed;
}

}  // namespace

// Bad input (a corrupt golden, a scenario that does not load) ends check with exit 2 before
// anything runs; with --junit the CI system still gets a report saying why, in place of
// whatever an earlier run left there (a stale all-green file would read as a pass).
int command_check(const CheckOptions& options) {
  // A directory given as --junit is refused before anything runs (no JUnit can go there).
  if (!options.junit_path.empty()) check_junit_path(options.junit_path);
  try {
    return check_scenarios(options);
  } catch (const ConfigError& error) {
    if (!options.junit_path.empty()) write_junit_file(options.junit_path, input_error_junit(error.what()));
    throw;
  }
}

}  // namespace ringsim
