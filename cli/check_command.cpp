#include "cli/check_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "cli/escape.h"
#include "cli/golden.h"
#include "cli/golden_report.h"
#include "cli/progress.h"
#include "cli/number_format.h"
#include "cli/report/escape.h"
#include "run/exit_codes.h"
#include "cli/memory_budget.h"
#include "run/estimate.h"
#include "run/run.h"
#include "sim/config_error.h"

namespace ringsim {

namespace {

struct CheckedScenario {
  Scenario scenario;
  std::string source_path;  // the scenario file as found
  RunSummary summary;
  std::vector<ExpectationOutcome> outcomes;
  std::string run_error;  // a run that threw (should not happen; reported as a JUnit <error>)
  std::string golden_path;      // empty: no golden compared
  std::string golden_expected_path;  // where its golden is looked up (--goldens), found or not
  std::optional<Golden> expected;  // the golden, read before anything runs (a bad one is exit 2)
  bool golden_required_missing = false;  // --require-goldens and no golden
  std::optional<bool> golden_matched;
  std::string golden_headline;  // one line: where it diverged, what moved most
  std::string golden_message;   // several lines (cli/golden_report.h)
  bool skipped = false;         // --quick and above the quick tier's budget
  double estimated_events = 0;
  double wall_time_s = 0;

  bool passed() const {
    return run_error.empty() && golden_matched.value_or(true) &&
           std::all_of(outcomes.begin(), outcomes.end(), [](const ExpectationOutcome& o) { return o.passed; });
  }
};

struct CheckContext {
  const CheckOptions& options;
  std::vector<MetricTolerance> tolerances;  // --tolerance
};

// "ringsim record X --golden G" with this check's --set/--seed, so the re-recorded golden
// matches what check runs; the shipped goldens also have ./dev.sh goldens.
// The golden's own tolerances are repeated, so re-recording keeps the gate it had (a record
// without them wrote a golden compared exactly, silently).
std::string record_command(const std::string& source_path, const std::string& golden_path, const CheckOptions& options,
                           const std::vector<MetricTolerance>& golden_tolerances) {
  std::string command = "ringsim record " + source_path + " --golden " + golden_path;
  for (const std::string& text : options.set_texts) command += " --set " + text;
  if (options.seed) command += " --seed " + std::to_string(*options.seed);
  for (const MetricTolerance& tolerance : golden_tolerances) command += " --tolerance " + tolerance.pattern + "=" + tolerance.text;
  const std::filesystem::path golden(golden_path);
  const bool shipped = golden.parent_path().filename() == "golden" &&
                       golden.parent_path().parent_path().filename() == "scenarios" &&
                       std::filesystem::exists(golden.parent_path().parent_path().parent_path() / "dev.sh") &&
                       options.set_texts.empty() && !options.seed;
  if (shipped) command += "   (or ./dev.sh goldens: every shipped golden)";
  return command;
}

void compare_with_golden(CheckedScenario& checked, const Golden& actual, const CheckContext& context) {
  const Golden& expected = *checked.expected;
  const std::string record = record_command(checked.source_path, checked.golden_path, context.options, expected.tolerances);
  const std::vector<std::string> changed = scenario_differences(expected.scenario_document, checked.scenario.document);
  // The scenario file's current tolerances count (editing one does not stale the golden).
  const std::vector<MetricTolerance> tolerances =
      effective_tolerances(expected, checked.scenario.tolerances, context.tolerances);
  std::string changed_text;
  if (!changed.empty()) {
    changed_text = "the scenario changed since the golden was recorded; keys that differ (golden -> now):\n";
    for (const std::string& line : changed) changed_text += "  " + line + "\n";
  }
  // Exact mode: a golden only means something for the scenario it recorded. With tolerances
  // an edited scenario is judged by them (the event stream is reported, not gated).
  if (!changed.empty() && tolerances.empty()) {
    checked.golden_matched = false;
    checked.golden_headline = "the scenario changed since the golden was recorded (" + changed.front() + ")";
    checked.golden_message = changed_text + "if the change is intended, re-record: " + record + "\n" +
                             "(or judge the edit by tolerances: --tolerance METRIC=LIMIT, docs/ci.md)\n";
    return;
  }
  const GoldenComparison comparison = compare_goldens(expected, actual, tolerances);
  checked.golden_matched = comparison.matched;
  if (comparison.matched && comparison.mode == GoldenComparison::Mode::kExact) return;
  GoldenReport report = report_golden_comparison(expected, checked.scenario, comparison, context.options.moved_shown);
  checked.golden_headline = (changed.empty() ? std::string() : "scenario edited (" + changed.front() + "); ") + report.headline;
  if (!comparison.matched) {
    report.text += "details: ringsim replay " + checked.golden_path + "\nif intended, re-record: " + record + "\n";
  }
  checked.golden_message = changed_text + report.text;
}

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
      const std::string result = !*item->golden_matched          ? "FAIL"
                                 : item->golden_message.empty() ? "pass"
                                                                : "pass (within tolerance)";
      rows.push_back({{name, "golden", item->golden_required_missing ? item->golden_expected_path + " (missing)" : item->golden_path,
                       "-", result, wall},
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

// JUnit as GitLab, GitHub and Jenkins read it, valid against the strict (Ant) schema in
// tests/junit/junit.xsd: a suite per scenario with timestamp, hostname, properties and
// system-out/system-err; a case per expectation named by its metric (the bound is in the
// failure message, so tuning a bound keeps the test's history), one "golden" case.
struct JunitCase {
  std::string name;
  std::string failure_type;  // empty: passed
  std::string message;
  std::string text;
  bool error = false;
  bool skipped = false;
};

std::vector<JunitCase> junit_cases(const CheckedScenario& item) {
  std::vector<JunitCase> cases;
  if (item.skipped) {
    cases.push_back({"run", "", "full tier: run without --quick", "", false, true});
    return cases;
  }
  if (item.golden_matched) {
    JunitCase golden{"golden", "", "", "", false, false};
    if (!*item.golden_matched) {
      golden.failure_type = "golden";
      golden.message = item.golden_required_missing ? item.golden_headline
                                                    : "golden " + item.golden_path + " differs: " + item.golden_headline;
      golden.text = item.golden_message;
    }
    cases.push_back(golden);
  }
  if (!item.run_error.empty() || (item.outcomes.empty() && !item.golden_matched)) {
    cases.push_back({"run", item.run_error.empty() ? "" : "error", item.run_error, "", !item.run_error.empty(), false});
  }
  std::map<std::string, int> seen;
  for (const ExpectationOutcome& outcome : item.outcomes) {
    const Expectation& expectation = *outcome.expectation;
    const int count = ++seen[expectation.metric];
    JunitCase test{expectation.metric + (count > 1 ? " #" + std::to_string(count) : ""), "", "", "", false, false};
    if (!outcome.passed) {
      test.failure_type = "expectation";
      test.message = expectation.metric + ": actual " + format_number(outcome.actual) + ", expected " +
                     expectation.describe_bound();
      test.text = test.message + "\nscenario " + item.scenario.name + " (" + item.scenario.file + "), at " + expectation.pointer;
    }
    cases.push_back(test);
  }
  return cases;
}

// `set_texts`: check's --set overrides, so the reproduce line runs what check ran.
std::string suite_system_out(const CheckedScenario& item, const std::vector<std::string>& set_texts) {
  std::ostringstream out;
  out << "scenario " << item.scenario.name << " (" << item.scenario.file << "), seed " << item.scenario.seed << "\n";
  if (item.skipped) return out.str();
  out << "events " << item.summary.events << ", trace hash " << format_trace_hash(item.summary.trace_hash) << ", wall "
      << format_seconds(item.wall_time_s) << " s\n";
  for (const OpSummary& op : item.summary.ops) {
    out << op.name;
    for (std::size_t stat = 0; stat < op.stats.size(); ++stat) out << " " << op_stat_names()[stat] << "=" << format_number(op.stats[stat]);
    out << "\n";
  }
  if (!item.golden_path.empty()) out << "golden " << item.golden_path << "\n" << item.golden_message;
  out << "reproduce with the HTML report: ringsim run " << item.scenario.file << " --seed " << item.scenario.seed;
  for (const std::string& text : set_texts) out << " --set " << text;
  out << " --report " << item.scenario.name << ".html\n";
  return out.str();
}

std::string junit_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  return buffer;
}

std::string junit_hostname() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0 || buffer[0] == '\0') return "localhost";
  return buffer;
}

// A suite per scenario, named by the scenario's name; when two scenarios share a name (the
// same file name in two folders), each is named by its path instead (without ".json"), so
// CI keeps their histories apart.
std::vector<std::string> suite_names(const std::vector<std::unique_ptr<CheckedScenario>>& checked) {
  std::map<std::string, int> uses;
  for (const auto& item : checked) uses[item->scenario.name] += 1;
  std::vector<std::string> names;
  for (const auto& item : checked) {
    if (uses[item->scenario.name] == 1) {
      names.push_back(item->scenario.name);
    } else {
      names.push_back(std::filesystem::path(item->source_path).replace_extension().lexically_normal().string());
    }
  }
  return names;
}

void write_junit(std::ostream& out, const std::vector<std::unique_ptr<CheckedScenario>>& checked,
                 const std::vector<std::string>& set_texts) {
  std::vector<std::vector<JunitCase>> all_cases;
  for (const auto& item : checked) all_cases.push_back(junit_cases(*item));
  const std::string timestamp = junit_timestamp();
  const std::string hostname = report::escape_xml(junit_hostname());
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  // The root carries no attributes: the Ant schema (windyroad JUnit.xsd) allows none there,
  // and every reader sums the suites.
  out << "<testsuites>\n";
  const std::vector<std::string> suites = suite_names(checked);
  for (std::size_t index = 0; index < checked.size(); ++index) {
    const CheckedScenario& item = *checked[index];
    const std::vector<JunitCase>& cases = all_cases[index];
    const std::string suite = report::escape_xml(suites[index]);
    std::size_t suite_failures = 0;
    std::size_t suite_errors = 0;
    std::size_t suite_skipped = 0;
    for (const JunitCase& test : cases) {
      suite_failures += !test.failure_type.empty() && !test.error ? 1 : 0;
      suite_errors += test.error ? 1 : 0;
      suite_skipped += test.skipped ? 1 : 0;
    }
    // Case times split the scenario's wall time: the run is shared by its expectations.
    const std::string case_time = xml_seconds(item.wall_time_s / static_cast<double>(std::max<std::size_t>(1, cases.size())));
    out << "  <testsuite name=\"" << suite << "\" tests=\"" << cases.size() << "\" failures=\"" << suite_failures
        << "\" errors=\"" << suite_errors << "\" skipped=\"" << suite_skipped << "\" time=\"" << xml_seconds(item.wall_time_s)
        << "\" timestamp=\"" << timestamp << "\" hostname=\"" << hostname << "\" id=\"" << index
        << "\" package=\"ringsim\">\n    <properties>\n";
    const auto property = [&](const std::string& name, const std::string& value) {
      out << "      <property name=\"" << name << "\" value=\"" << report::escape_xml(value) << "\"/>\n";
    };
    property("file", item.scenario.file);
    for (const std::string& text : set_texts) property("set", text);
    property("seed", std::to_string(item.scenario.seed));
    if (!item.golden_expected_path.empty()) property("golden", item.golden_expected_path);
    out << "    </properties>\n";
    for (const JunitCase& test : cases) {
      out << "    <testcase classname=\"" << suite << "\" name=\"" << report::escape_xml(test.name) << "\" time=\"" << case_time << "\"";
      if (test.failure_type.empty() && !test.skipped) {
        out << "/>\n";
        continue;
      }
      out << ">\n";
      if (test.skipped) {
        out << "      <skipped message=\"" << report::escape_xml(test.message) << "\"/>\n";
      } else if (test.error) {
        out << "      <error message=\"" << report::escape_xml(test.message) << "\" type=\"run\">" << report::escape_xml(test.message) << "</error>\n";
      } else {
        out << "      <failure message=\"" << report::escape_xml(test.message) << "\" type=\"" << test.failure_type << "\">"
            << report::escape_xml(test.text) << "</failure>\n";
      }
      out << "    </testcase>\n";
    }
    out << "    <system-out>" << report::escape_xml(suite_system_out(item, set_texts)) << "</system-out>\n    <system-err></system-err>\n";
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
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

void print_golden_messages(std::ostream& out, const std::vector<std::unique_ptr<CheckedScenario>>& checked) {
  for (const auto& item : checked) {
    if (item->golden_message.empty()) continue;
    if (item->golden_required_missing) continue;  // Listed with the record commands below.
    out << "\ngolden " << item->golden_path << (*item->golden_matched ? " matches within tolerance" : " DIFFERS") << " ("
        << console_text(item->scenario.name) << ")";
    if (!*item->golden_matched) out << ": " << console_text(item->golden_headline);
    out << "\n";
    std::istringstream lines(item->golden_message);
    for (std::string line; std::getline(lines, line);) out << "  " << console_text(line) << "\n";
  }
}

void print_missing_goldens(std::ostream& out, const std::vector<std::unique_ptr<CheckedScenario>>& checked,
                           const CheckOptions& options) {
  const std::string& goldens_dir = options.goldens_dir;
  std::vector<std::string> missing;
  for (const auto& item : checked) {
    if (item->golden_path.empty()) missing.push_back(record_command(item->source_path, item->golden_expected_path, options, {}));
  }
  if (!missing.empty()) {
    out << "\nno golden for " << missing.size() << " of " << checked.size() << " scenarios"
        << (options.require_goldens ? " (failed: --require-goldens)" : " (--require-goldens makes this a failure)")
        << "; record them with:\n";
    for (const std::string& line : missing) out << "  " << line << "\n";
  }
  // A golden whose scenario was renamed or removed is compared with nothing: say so, so the
  // gate is not silently smaller than it looks.
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

int command_check(const CheckOptions& options) {
  const ScenarioFiles found =
      find_scenario_files(options.paths.empty() ? std::vector<std::string>{"scenarios"} : options.paths);
  if (found.files.empty()) throw ConfigError(options.paths.empty() ? "scenarios" : options.paths[0], "", "no *.json scenario found");
  std::vector<Override> overrides;
  for (const std::string& text : options.set_texts) overrides.push_back(parse_override(text));
  CheckContext context{options, {}};
  for (const std::string& text : options.tolerance_texts) merge_tolerances(context.tolerances, {parse_tolerance_option(text)});
  // A mistyped --goldens DIR compared nothing and passed (a new user's trial): it is refused.
  if (!options.goldens_dir.empty()) {
    std::error_code error;
    if (!std::filesystem::is_directory(options.goldens_dir, error)) {
      throw ConfigError(options.goldens_dir, "", "--goldens: not a directory (" + (error ? error.message() : std::string("no such directory")) +
                                                     "); to start one: mkdir -p " + options.goldens_dir +
                                                     ", then ringsim record SCENARIO --golden " + options.goldens_dir + "/NAME.golden");
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
    item.scenario = load_scenario(file.string(), overrides, options.seed);
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
        golden_pointers.push_back(&*item.expected);
      } else if (options.require_goldens) {
        item.golden_required_missing = true;
        item.golden_matched = false;
        item.golden_headline = "no golden at " + golden.string() + " (--require-goldens)";
        item.golden_message = "no golden at " + golden.string() + "; record one: " +
                              record_command(item.source_path, golden.string(), options, {}) + "\n";
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
  print_golden_messages(std::cout, checked);
  // Printed under -q too: a gate that compares fewer goldens than it looks is not noise.
  if (!options.goldens_dir.empty()) print_missing_goldens(std::cout, checked, options);
  if (!found.skipped.empty()) {
    std::cout << "\nskipped " << found.skipped.size()
              << " JSON files that are not scenarios (no top-level \"station\" or \"cluster\"), e.g. "
              << found.skipped.front().string() << "\n";
  }
  std::cout << "\n" << checked.size() << " scenarios, " << rows.size() << " checks, " << failed_rows << " failed ("
            << failed_scenarios << " scenarios)";
  if (skipped_scenarios > 0) std::cout << ", " << skipped_scenarios << " skipped (full tier: run without --quick)";
  std::cout << " in " << format_seconds(wall_time_s) << " s wall on " << jobs << (jobs == 1 ? " job\n" : " jobs\n");
  if (!options.junit_path.empty()) {
    const std::filesystem::path junit_path(options.junit_path);
    std::error_code ignored;
    if (junit_path.has_parent_path()) std::filesystem::create_directories(junit_path.parent_path(), ignored);
    std::ofstream junit(junit_path);
    if (junit) write_junit(junit, checked, options.set_texts);
    if (!junit) {
      std::cerr << "ringsim: cannot write " << options.junit_path << "\n";
      return kExitOutputFailed;
    }
  }
  return failed_scenarios == 0 ? kExitOk : kExitFailed;
}

}  // namespace ringsim
