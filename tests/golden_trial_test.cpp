// CI replays after a new user's trial (issue #28, 8/10), end to end through the binary: a
// golden edited by hand is reported as inconsistent (exit 2), never as "code changed" with
// an empty kind name; description, narration and expect do not stale a golden; the moved
// list puts what clients see first; an edited metric says the event stream still matches;
// a metric missing from a golden is named; check refuses a golden's invalid recorded
// scenario as replay does; --set errors name the scenario; the details line keeps
// --tolerance; JUnit system-out carries the cluster's health; an output error is said once.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "cli/golden.h"
#include "cli/metric_rank.h"
#include "cli/replay_hint.h"
#include "cli/scenario_diff.h"
#include "tests/test_support.h"

namespace ringsim::testing {
namespace {


// The first line of `text` holding `part` ("" when none).
std::string line_with(const std::string& text, const std::string& part) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (contains(line, part)) return line;
  }
  return "";
}

nlohmann::json small_scenario() {
  nlohmann::json document = station_scenario_json(100, 1, 1, 5);
  document["name"] = "small";
  document["description"] = "a small station";
  document["expect"] = {{{"metric", "request.p99_ms"}, {"lt", 1000}}};
  return document;
}

// dir/small.json and its golden dir/goldens/small.golden.
std::string recorded(const std::string& name) {
  const std::string dir = temp_dir(name);
  std::ofstream(dir + "/small.json") << small_scenario().dump(2);
  REQUIRE(run_ringsim("record " + dir + "/small.json --golden " + dir + "/goldens/small.golden").exit_code == 0);
  return dir;
}

// Replaces the first occurrence of `from` in the golden's text (a hand edit).
void edit_golden(const std::string& path, const std::string& from, const std::string& to) {
  std::string text = read_text(path);
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  std::ofstream(path) << text;
}

std::string second_window_hash(const std::string& golden_text) {
  std::smatch match;
  const std::regex second(R"re(\{"t_s": 1, "events": [0-9]+, "hash": "([0-9a-f]{16})")re");
  REQUIRE(std::regex_search(golden_text, match, second));
  return match[1];
}

}  // namespace

TEST_CASE("a golden edited by hand is inconsistent: exit 2 naming file and pointer, never an empty kind", "[golden_trial]") {
  const std::string dir = recorded("golden_trial_hash");
  const std::string golden = dir + "/goldens/small.golden";
  const std::string hash = second_window_hash(read_text(golden));
  std::string edited = hash;
  edited[15] = edited[15] == '0' ? '1' : '0';
  edit_golden(golden, "\"hash\": \"" + hash + "\"", "\"hash\": \"" + edited + "\"");
  std::ofstream(golden + ".tmp") << read_text(golden);
  const std::string check = "check " + dir + "/small.json --goldens " + dir + "/goldens --junit " + dir + "/j.xml";
  for (const std::string& command : {check, "replay " + golden}) {
    const CommandResult result = run_ringsim(command);
    CAPTURE(command, result.output);
    CHECK(result.exit_code == 2);
    CHECK(contains(result.output, golden + ": /windows/1/hash: the golden is inconsistent (edited by hand or corrupted): "));
    CHECK(contains(result.output, "re-record it with: " + std::string(RINGSIM_BINARY) + " record " + dir + "/small.json --golden " + golden));
    CHECK_FALSE(contains(result.output, "first  time"));
    CHECK_FALSE(contains(result.output, "code changed"));
  }
  CHECK(contains(read_text(dir + "/j.xml"), "type=\"input\">" + golden + ": /windows/1/hash: the golden is inconsistent"));
  // With the trace hash edited too the run cannot vouch for the window: what differs is named.
  nlohmann::json both = nlohmann::json::parse(read_text(golden));
  both["summary"]["trace_hash"] = "0123456789abcdef";
  std::ofstream(golden) << both.dump(1);
  const CommandResult unsure = run_ringsim("replay " + golden);
  CAPTURE(unsure.output);
  CHECK(unsure.exit_code == 1);
  CHECK(contains(unsure.output, "only the window hash differs (" + edited + " expected, " + hash + " actual)"));
  CHECK(contains(unsure.output, "no handler.kind of the window\n  differs"));
  CHECK_FALSE(contains(unsure.output, "first  time"));
  std::ofstream(golden) << read_text(golden + ".tmp");
  // A count that no longer adds up is found before anything runs.
  edit_golden(golden, "\"hash\": \"" + edited + "\"", "\"hash\": \"" + hash + "\"");
  const std::string text = read_text(golden);
  std::smatch match;
  REQUIRE(std::regex_search(text, match, std::regex(R"re("t_s": 1, "events": ([0-9]+))re")));
  edit_golden(golden, match[0], "\"t_s\": 1, \"events\": " + std::to_string(std::stoi(match[1]) + 1));
  const CommandResult counted = run_ringsim(check);
  CHECK(counted.exit_code == 2);
  CHECK(contains(counted.output, golden + ": /windows/1/events: the golden is inconsistent (edited by hand or corrupted): "
                                          "window #1 counts "));
}

TEST_CASE("a window hash that differs with no kind differing names what differs, not an empty kind", "[golden_trial]") {
  Golden expected, actual;
  GoldenWindow window;
  window.events = 2;
  window.hash = "00000000000000aa";
  window.kinds["station.arrival"] = {2, "0000000a", 5};
  expected.windows = {window};
  window.hash = "00000000000000bb";
  actual.windows = {window};
  expected.trace_hash = "1111111111111111";
  actual.trace_hash = "2222222222222222";
  const GoldenComparison comparison = compare_goldens(expected, actual);
  CHECK_FALSE(comparison.matched);
  REQUIRE(comparison.window_differences.size() == 2);
  CHECK(contains(comparison.window_differences[1], "only the window hash differs (00000000000000aa expected, "
                                                   "00000000000000bb actual)"));
}

TEST_CASE("editing description, narration or expect does not stale a golden, expectations come from the file", "[golden_trial]") {
  const std::string dir = recorded("golden_trial_text");
  const std::string check = "check " + dir + "/small.json --goldens " + dir + "/goldens";
  nlohmann::json edited = small_scenario();
  edited["description"] = "reworded for the tour";
  edited["narration"] = {{{"at_s", 1}, {"text", "the queue fills"}}};
  edited["expect"] = {{{"metric", "request.p99_ms"}, {"lt", 900}}};
  std::ofstream(dir + "/small.json") << edited.dump(2);
  const CommandResult text_only = run_ringsim(check);
  CAPTURE(text_only.output);
  CHECK(text_only.exit_code == 0);
  CHECK_FALSE(contains(text_only.output, "scenario changed"));
  CHECK(contains(line_with(text_only.output, "request.p99_ms"), "< 900"));  // the current expectation is judged
  edited["expect"] = {{{"metric", "request.p99_ms"}, {"lt", 0.001}}};
  std::ofstream(dir + "/small.json") << edited.dump(2);
  const CommandResult failing = run_ringsim(check);
  CHECK(failing.exit_code == 1);
  CHECK(contains(line_with(failing.output, "goldens/small.golden"), "pass"));
  CHECK(contains(line_with(failing.output, "request.p99_ms"), "FAIL"));
  CHECK_FALSE(contains(failing.output, "scenario changed"));
  // A key outside that list still stales it; an edit whose run still matches shows no empty
  // "what the edit did" header.
  edited["name"] = "renamed";
  std::ofstream(dir + "/small.json") << edited.dump(2);
  const CommandResult renamed = run_ringsim(check);
  CHECK(contains(renamed.output, "(/name: \"small\" -> \"renamed\"); the run still matches"));
  CHECK_FALSE(contains(renamed.output, "what the edit did"));
  edited["name"] = "small";
  edited["seed"] = 77;
  std::ofstream(dir + "/small.json") << edited.dump(2);
  CHECK(contains(run_ringsim(check).output, "the scenario changed since the golden was recorded (/seed: 1 -> 77)"));
}

TEST_CASE("moved metrics: client-facing first, then cluster health, internal stage stats last", "[golden_trial]") {
  Golden expected, actual;
  expected.metrics = {{"dag.migration.stage.apply.p99_ms", 0.2}, {"under_replicated_max", 10}, {"get.p99_ms", 10},
                      {"bytes_moved", 1000}, {"get.count", 100000}};
  actual.metrics = {{"dag.migration.stage.apply.p99_ms", 0.6}, {"under_replicated_max", 30}, {"get.p99_ms", 11},
                    {"bytes_moved", 5000}, {"get.count", 100500}};
  const GoldenComparison comparison = compare_goldens(expected, actual);
  REQUIRE(comparison.moved.size() == 5);
  CHECK(comparison.moved[0].metric == "get.p99_ms");  // +10 %, below the stage's +200 %
  CHECK(comparison.moved[1].metric == "get.count");   // client, +0.5 %
  CHECK(comparison.moved[2].metric == "under_replicated_max");
  CHECK(comparison.moved[3].metric == "bytes_moved");
  CHECK(comparison.moved[4].metric == "dag.migration.stage.apply.p99_ms");
  CHECK(metric_group("recall_at_k") == MetricGroup::kClient);
  CHECK(metric_group("dag.rag.retries") == MetricGroup::kInternal);
  CHECK(metric_group("lost_keys") == MetricGroup::kHealth);
  // A station scenario's own op name is a client op too (CI trial: "query.p95_ms +15 %" ranked
  // below "station.utilization +4.7 %"); dotted op names are internal.
  CHECK(metric_group("query.p95_ms") == MetricGroup::kClient);
  CHECK(metric_group("query.count") == MetricGroup::kClient);
  CHECK(metric_group("station.utilization") == MetricGroup::kHealth);
  CHECK(metric_group("pool.warehouse.wait.p99_ms") == MetricGroup::kInternal);
  CHECK(metric_group("dag.etl.makespan.p99_ms") == MetricGroup::kInternal);
}

TEST_CASE("an edited metric says the events still match, a metric missing from a golden is named", "[golden_trial]") {
  const std::string dir = recorded("golden_trial_metric");
  const std::string golden = dir + "/goldens/small.golden";
  nlohmann::json text = nlohmann::json::parse(read_text(golden));
  const double p99 = text["summary"]["request.p99_ms"].get<double>();
  text["summary"]["request.p99_ms"] = p99 * 2;
  std::ofstream(golden) << text.dump(1);
  const std::string check = "check " + dir + "/small.json --goldens " + dir + "/goldens";
  const CommandResult edited = run_ringsim(check);
  CAPTURE(edited.output);
  CHECK(edited.exit_code == 1);
  CHECK(contains(edited.output, "the event stream still matches exactly"));
  CHECK(contains(edited.output, "the event stream matches the golden exactly (trace hash, event count and every window)"));
  text["summary"]["request.p99_ms"] = p99;
  text["summary"].erase("request.max_ms");
  std::ofstream(golden) << text.dump(1);
  const CommandResult lacking = run_ringsim(check);
  CAPTURE(lacking.output);
  CHECK(lacking.exit_code == 1);
  CHECK(contains(lacking.output, "golden lacks metric request.max_ms (this run: "));
  CHECK(contains(lacking.output, "recorded by an older version or edited)"));
  // A tolerance on another metric leaves it compared exactly: still a failure.
  const CommandResult other = run_ringsim(check + " --tolerance request.count=1%");
  CAPTURE(other.output);
  CHECK(other.exit_code == 1);
  CHECK(contains(other.output, "golden lacks metric request.max_ms (this run: "));
}

TEST_CASE("check refuses an invalid recorded scenario as replay does, --set errors name the scenario", "[golden_trial]") {
  const std::string dir = recorded("golden_trial_recorded");
  const std::string golden = dir + "/goldens/small.golden";
  nlohmann::json text = nlohmann::json::parse(read_text(golden));
  text["scenario"]["station"]["cores"] = -3;
  std::ofstream(golden) << text.dump(1);
  for (const std::string& command : {"check " + dir + "/small.json --goldens " + dir + "/goldens", "replay " + golden}) {
    const CommandResult result = run_ringsim(command);
    CAPTURE(command, result.output);
    CHECK(result.exit_code == 2);
    CHECK(contains(result.output, golden + ": /scenario/station/cores: "));
  }
  // A suite of a station and a cluster scenario: a --set only one of them has.
  std::filesystem::remove(golden);
  std::filesystem::copy_file(std::string(RINGSIM_SOURCE_DIR) + "/scenarios/node_join.json", dir + "/node_join.json");
  const CommandResult set = run_ringsim("check " + dir + " --set /station/cores=2");
  CAPTURE(set.output);
  CHECK(set.exit_code == 2);
  CHECK(contains(set.output, "; --set /station/cores=2, which check gives to every scenario, failed on scenario node_join (" +
                                 dir + "/node_join.json)"));
}

TEST_CASE("check's details line keeps --tolerance, JUnit system-out has the cluster's health", "[golden_trial]") {
  const std::string dir = recorded("golden_trial_details");
  nlohmann::json edited = small_scenario();
  edited["workload"]["arrivals"]["rate_qps"] = 150;
  std::ofstream(dir + "/small.json") << edited.dump(2);
  const CommandResult result = run_ringsim("check " + dir + "/small.json --goldens " + dir +
                                           "/goldens --tolerance request.count=1% --junit " + dir + "/j.xml");
  CAPTURE(result.output);
  CHECK(result.exit_code == 1);
  CHECK(contains(result.output, "details: " + std::string(RINGSIM_BINARY) + " replay " + dir + "/goldens/small.golden --tolerance request.count=1% --set "));
  const std::string junit = read_text(dir + "/j.xml");
  CHECK(contains(junit, "health: utilization 0."));
  CHECK(contains(junit, "rejected 0; no warnings&#10;"));
  // A JUnit that cannot be written is said once ("cannot write PATH: why"), exit 3.
  std::ofstream(dir + "/file") << "x";
  const CommandResult unwritable = run_ringsim("check " + dir + "/small.json --junit " + dir + "/file/j.xml");
  CHECK(unwritable.exit_code == 3);
  const std::size_t first = unwritable.output.find("cannot write");
  REQUIRE(first != std::string::npos);
  CHECK(unwritable.output.find("cannot write", first + 1) == std::string::npos);
}

// json::diff names an appended array element ".../-" (RFC 6902), which cannot be read
// at: an edit that appends timeline actions crashed check (#28 trial 4).
TEST_CASE("an appended timeline action is named by its index, and the replay hint appends it", "[golden][ci]") {
  const nlohmann::json recorded = {{"timeline", {{{"at_s", 1}, {"action", "fail_node"}, {"node", 2}}}}};
  nlohmann::json current = recorded;
  current["timeline"].push_back({{"at_s", 2}, {"action", "add_node"}});
  current["timeline"].push_back({{"at_s", 3}, {"action", "add_node"}});
  const std::vector<std::string> lines = scenario_differences(recorded, current);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].find("/timeline/1: added {") == 0);
  CHECK(lines[1].find("/timeline/2: added {") == 0);
  const std::string hint = replay_details_hint("g.golden", "s.json", recorded, current);
  CHECK(hint.find("--set '/timeline/-={\"action\":\"add_node\",\"at_s\":2}'") != std::string::npos);
  CHECK(hint.find("--set '/timeline/-={\"action\":\"add_node\",\"at_s\":3}'") != std::string::npos);
}

}  // namespace ringsim::testing
