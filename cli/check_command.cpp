#include "cli/check_command.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/escape.h"
#include "cli/golden.h"
#include "cli/memory_budget.h"
#include "cli/number_format.h"
#include "run/estimate.h"
#include "run/run.h"
#include "sim/config_error.h"

namespace ringsim {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitOutputFailed = 3;

struct CheckedScenario {
  Scenario scenario;
  RunSummary summary;
  std::vector<ExpectationOutcome> outcomes;
  std::string run_error;  // a run that threw (should not happen; reported as a JUnit <error>)
  std::string golden_path;      // empty: no golden compared
  std::optional<bool> golden_matched;
  std::string golden_message;   // what differs, first window first
  double wall_time_s = 0;

  bool passed() const {
    return run_error.empty() && golden_matched.value_or(true) &&
           std::all_of(outcomes.begin(), outcomes.end(), [](const ExpectationOutcome& o) { return o.passed; });
  }
};

void compare_with_golden(CheckedScenario& checked, const Golden& actual) {
  const Golden expected = read_golden(checked.golden_path);
  if (expected.scenario_document != checked.scenario.document) {
    checked.golden_matched = false;
    checked.golden_message = "the scenario changed since the golden was recorded (regenerate: ./dev.sh goldens)";
    return;
  }
  const GoldenComparison comparison = compare_goldens(expected, actual);
  checked.golden_matched = comparison.matched;
  if (comparison.matched) return;
  std::ostringstream message;
  if (comparison.first_window) {
    const double window_s = ns_to_s(checked.scenario.window_ns);
    message << "first diverging window #" << *comparison.first_window << " ["
            << format_number(window_s * static_cast<double>(*comparison.first_window)) << " s, "
            << format_number(window_s * static_cast<double>(*comparison.first_window + 1)) << " s): ";
    for (const std::string& line : comparison.window_differences) message << line << "; ";
  }
  for (const std::string& line : comparison.summary_differences) message << line << "; ";
  message << "details: ringsim replay " << checked.golden_path;
  checked.golden_message = message.str();
}

void run_scenario(CheckedScenario& checked, std::uint32_t build_threads) {
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
    if (!checked.golden_path.empty()) compare_with_golden(checked, golden_from_run(checked.scenario, run, digest));
  } catch (const std::exception& error) {
    checked.run_error = error.what();
  }
  checked.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string format_seconds(double seconds) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(seconds < 10 ? 2 : 1) << seconds;
  return out.str();
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
  print_row(header);
  for (const Row& row : rows) {
    if (!quiet || row.failed) print_row(row.cells);
  }
}

std::vector<Row> table_rows(const std::vector<std::unique_ptr<CheckedScenario>>& checked) {
  std::vector<Row> rows;
  for (const auto& item : checked) {
    const std::string name = console_text(item->scenario.name);
    const std::string wall = format_seconds(item->wall_time_s);
    if (!item->run_error.empty()) {
      rows.push_back({{name, "(run)", "-", "-", "ERROR: " + console_text(item->run_error), wall}, true});
      continue;
    }
    if (item->golden_matched) {
      rows.push_back({{name, "golden", item->golden_path, "-", *item->golden_matched ? "pass" : "FAIL", wall},
                      !*item->golden_matched});
    }
    if (item->outcomes.empty() && !item->golden_matched) rows.push_back({{name, "(no expectations)", "-", "-", "ran", wall}, false});
    for (const ExpectationOutcome& outcome : item->outcomes) {
      rows.push_back({{name, console_text(outcome.expectation->metric), outcome.expectation->describe_bound(),
                       format_number(outcome.actual), outcome.passed ? "pass" : "FAIL", wall},
                      !outcome.passed});
    }
  }
  return rows;
}

std::string xml_seconds(double seconds) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(3) << seconds;
  return out.str();
}

// JUnit as GitLab, GitHub and Jenkins read it: a suite per scenario, a case per expectation.
void write_junit(std::ostream& out, const std::vector<std::unique_ptr<CheckedScenario>>& checked) {
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t errors = 0;
  double time_s = 0;
  for (const auto& item : checked) {
    tests += std::max<std::size_t>(1, item->outcomes.size() + (item->golden_matched ? 1 : 0));
    failures += item->golden_matched.value_or(true) ? 0 : 1;
    errors += item->run_error.empty() ? 0 : 1;
    for (const ExpectationOutcome& outcome : item->outcomes) failures += outcome.passed ? 0 : 1;
    time_s += item->wall_time_s;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"ringsim check\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"" << errors << "\" time=\"" << xml_seconds(time_s) << "\">\n";
  for (const auto& item : checked) {
    const std::string suite = xml_escape(item->scenario.name);
    const std::size_t cases = std::max<std::size_t>(1, item->outcomes.size() + (item->golden_matched ? 1 : 0));
    std::size_t suite_failures = item->golden_matched.value_or(true) ? 0 : 1;
    for (const ExpectationOutcome& outcome : item->outcomes) suite_failures += outcome.passed ? 0 : 1;
    // Case times split the scenario's wall time: the run is shared by its expectations.
    const std::string case_time = xml_seconds(item->wall_time_s / static_cast<double>(cases));
    out << "  <testsuite name=\"" << suite << "\" tests=\"" << cases << "\" failures=\"" << suite_failures
        << "\" errors=\"" << (item->run_error.empty() ? 0 : 1) << "\" time=\"" << xml_seconds(item->wall_time_s)
        << "\" file=\"" << xml_escape(item->scenario.file) << "\">\n";
    if (item->golden_matched) {
      out << "    <testcase classname=\"" << suite << "\" name=\"golden " << xml_escape(item->golden_path)
          << "\" time=\"" << case_time << "\"";
      if (*item->golden_matched) {
        out << "/>\n";
      } else {
        out << ">\n      <failure message=\"" << xml_escape("golden replay differs: " + item->golden_message)
            << "\" type=\"golden\">" << xml_escape(item->golden_message) << "</failure>\n    </testcase>\n";
      }
    }
    if (!item->run_error.empty() || (item->outcomes.empty() && !item->golden_matched)) {
      out << "    <testcase classname=\"" << suite << "\" name=\"run\" time=\"" << case_time << "\"";
      if (item->run_error.empty()) {
        out << "/>\n";
      } else {
        out << ">\n      <error message=\"" << xml_escape(item->run_error) << "\"/>\n    </testcase>\n";
      }
    }
    for (const ExpectationOutcome& outcome : item->outcomes) {
      const Expectation& expectation = *outcome.expectation;
      const std::string case_name = xml_escape(expectation.metric + " " + expectation.describe_bound());
      out << "    <testcase classname=\"" << suite << "\" name=\"" << case_name << "\" time=\"" << case_time << "\"";
      if (outcome.passed) {
        out << "/>\n";
        continue;
      }
      const std::string message =
          expectation.metric + ": actual " + format_number(outcome.actual) + ", expected " + expectation.describe_bound();
      out << ">\n      <failure message=\"" << xml_escape(message) << "\" type=\"expectation\">"
          << xml_escape(message + "\nscenario " + item->scenario.name + " (" + item->scenario.file + "), at " +
                        expectation.pointer)
          << "</failure>\n    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace

std::vector<std::filesystem::path> find_scenario_files(const std::vector<std::string>& paths) {
  std::vector<std::filesystem::path> files;
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
      files.insert(files.end(), found.begin(), found.end());
    } else if (std::filesystem::is_regular_file(path, error)) {
      files.push_back(path);
    } else {
      throw ConfigError(text, "", "no such file or directory");
    }
  }
  return files;
}

int command_check(const CheckOptions& options) {
  const std::vector<std::filesystem::path> files =
      find_scenario_files(options.paths.empty() ? std::vector<std::string>{"scenarios"} : options.paths);
  if (files.empty()) throw ConfigError(options.paths.empty() ? "scenarios" : options.paths[0], "", "no *.json scenario found");
  // Everything loads before anything runs, so bad input exits 2 with no partial results.
  const double budget_bytes = memory_budget_bytes(options.max_memory_text);
  std::vector<std::unique_ptr<CheckedScenario>> checked;
  for (const std::filesystem::path& file : files) {
    checked.push_back(std::make_unique<CheckedScenario>());
    checked.back()->scenario = load_scenario(file.string(), {}, std::nullopt);
    check_run_estimate(checked.back()->scenario, estimate_run(checked.back()->scenario), budget_bytes);
    if (!options.goldens_dir.empty()) {
      const std::filesystem::path golden = std::filesystem::path(options.goldens_dir) / (file.stem().string() + ".golden");
      std::error_code error;
      if (std::filesystem::exists(golden, error)) checked.back()->golden_path = golden.string();
      if (error) throw ConfigError(golden.string(), "", "cannot read the golden: " + error.message());
    }
  }
  const std::uint32_t cores = std::max(1u, std::thread::hardware_concurrency());
  const std::uint32_t jobs = options.jobs > 0 ? options.jobs : cores;
  const std::uint32_t build_threads = std::max(1u, cores / jobs);
  const auto start = std::chrono::steady_clock::now();
  run_parallel(checked.size(), jobs, [&](std::size_t index) { run_scenario(*checked[index], build_threads); });
  const double wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const std::vector<Row> rows = table_rows(checked);
  print_table(std::cout, rows, options.quiet);
  std::size_t failed_rows = 0;
  for (const Row& row : rows) failed_rows += row.failed ? 1 : 0;
  std::size_t failed_scenarios = 0;
  for (const auto& item : checked) failed_scenarios += item->passed() ? 0 : 1;
  for (const auto& item : checked) {
    if (!item->golden_matched.value_or(true)) {
      std::cout << "\ngolden " << item->golden_path << " differs: " << console_text(item->golden_message) << "\n";
    }
  }
  std::cout << "\n" << checked.size() << " scenarios, " << rows.size() << " checks, " << failed_rows << " failed ("
            << failed_scenarios << " scenarios) in " << format_seconds(wall_time_s) << " s wall on " << jobs
            << (jobs == 1 ? " job\n" : " jobs\n");
  if (!options.junit_path.empty()) {
    const std::filesystem::path junit_path(options.junit_path);
    std::error_code ignored;
    if (junit_path.has_parent_path()) std::filesystem::create_directories(junit_path.parent_path(), ignored);
    std::ofstream junit(junit_path);
    if (junit) write_junit(junit, checked);
    if (!junit) {
      std::cerr << "ringsim: cannot write " << options.junit_path << "\n";
      return kExitOutputFailed;
    }
  }
  return failed_scenarios == 0 ? kExitOk : kExitFailed;
}

}  // namespace ringsim
