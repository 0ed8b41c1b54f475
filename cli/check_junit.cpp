#include "cli/check_junit.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>

#include "cli/invoked_as.h"
#include "sim/config_error.h"
#include "sim/expectation.h"
#include "cli/atomic_output.h"
#include "cli/number_format.h"
#include "cli/report/escape.h"
#include "cli/run_warnings.h"

namespace ringsim {
namespace {

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
    if (!item.input_error.empty()) {
      golden.failure_type = "input";
      golden.error = true;
      golden.message = item.input_error;
    } else if (!*item.golden_matched) {
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
      test.message = expectation.metric + ": actual " +
                     (std::isnan(outcome.actual) ? std::string(kNoSampleText) : format_number(outcome.actual)) + ", expected " +
                     expectation.describe_bound();
      test.text = test.message + "\nscenario " + item.scenario.name + " (" + item.scenario.file + "), at " + expectation.pointer;
    }
    cases.push_back(test);
  }
  return cases;
}

// One line of the run's health, the counters a reviewer looks at before the latencies
// (those of the model that exist), then the run's warnings (cli/run_warnings.h).
void write_health(std::ostream& out, const CheckedScenario& item) {
  static const std::vector<std::pair<const char*, const char*>> kHealth = {
      {"under_replicated_max", "under-replicated max"}, {"under_replicated_s", "under-replicated s"},
      {"lost_keys", "lost keys"},                       {"lost_key_requests", "lost-key requests"},
      {"nodes_final", "nodes at end"},                  {"members_without_shards_s", "members without shards s"},
      {"station.utilization", "utilization"},           {"station.rejected", "rejected"}};
  std::string line;
  for (const auto& [counter, label] : kHealth) {
    for (const auto& [name, value] : item.summary.counters) {
      if (name == counter) line += std::string(line.empty() ? "" : ", ") + label + " " + format_number(value);
    }
  }
  const std::vector<std::string> warnings = run_warnings(item.summary, item.outcomes, item.scenario.document);
  out << "health: " << (line.empty() ? std::string("(no health counters in this model)") : line) << "; "
      << (warnings.empty() ? std::string("no warnings") : std::to_string(warnings.size()) + " warnings") << "\n";
  for (const std::string& warning : warnings) out << "warning: " << warning << "\n";
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
    // A statistic with no sample (count 0) is left out, as the console leaves it out.
    for (std::size_t stat = 0; stat < op.stats.size(); ++stat) {
      if (!std::isnan(op.stats[stat])) out << " " << op_stat_names()[stat] << "=" << format_number(op.stats[stat]);
    }
    out << "\n";
  }
  write_health(out, item);
  if (!item.golden_path.empty()) out << "golden " << item.golden_path << "\n" << item.golden_message;
  out << "reproduce with the HTML report: " << invoked_command("run") << " " << item.scenario.file << " --seed " << item.scenario.seed;
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

}  // namespace

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
  const std::vector<std::string> suites = scenario_display_names(checked);
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
        out << "      <error message=\"" << report::escape_xml(test.message) << "\" type=\"" << (test.failure_type == "input" ? "input" : "run") << "\">" << report::escape_xml(test.message) << "</error>\n";
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


// Written whole or not at all (cli/atomic_output.h); false (said on stderr) when it fails.
// A suite per scenario, named by the scenario's name; when two scenarios share a name (the
// same file name in two folders), each is named by its path instead (without ".json"), so
// CI keeps their histories apart.
std::vector<std::string> scenario_display_names(const std::vector<std::unique_ptr<CheckedScenario>>& checked) {
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

void check_junit_path(const std::string& path) {
  std::error_code error;
  const bool directory = std::filesystem::is_directory(path, error) || path.back() == '/';
  if (!directory) return;
  const std::filesystem::path suggested = std::filesystem::path(path) / "ringsim-check.xml";
  throw ConfigError(path, "", "--junit needs a file to write, and this is a directory; give a file name in it, e.g. --junit " +
                                  suggested.lexically_normal().string());
}

bool write_junit_file(const std::string& path_text, const std::string& content) {
  const std::filesystem::path junit_path(path_text);
  std::error_code ignored;
  if (junit_path.has_parent_path()) std::filesystem::create_directories(junit_path.parent_path(), ignored);
  try {
    write_file_atomically(junit_path, content);
    return true;
  } catch (const std::exception& error) {
    // The error names the file already ("cannot write PATH: ...").
    std::cerr << "ringsim: " << error.what() << "\n";
    return false;
  }
}

// One suite, one errored case "input": the message is the error check exited 2 with.
std::string input_error_junit(const std::string& message) {
  const std::string text = report::escape_xml(message);
  const std::string hostname = report::escape_xml(junit_hostname());
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
      << "  <testsuite name=\"ringsim check\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0.000\" timestamp=\""
      << junit_timestamp() << "\" hostname=\"" << hostname << "\" id=\"0\" package=\"ringsim\">\n    <properties/>\n"
      << "    <testcase classname=\"ringsim check\" name=\"input\" time=\"0.000\">\n"
      << "      <error message=\"" << text << "\" type=\"input\">" << text
      << "\nringsim check exited 2 (bad input) before running any scenario.</error>\n    </testcase>\n"
      << "    <system-out></system-out>\n    <system-err>" << text << "</system-err>\n  </testsuite>\n</testsuites>\n";
  return out.str();
}

}  // namespace ringsim
