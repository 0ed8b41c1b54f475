// CI regression replays a team leaves on (issue #28), end to end through the binary:
// a golden failure inside `check` reads in a few lines; stale-golden advice names the key
// and the exact record command; tolerance mode; goldens laid out for line diffs; JUnit
// valid against tests/junit/junit.xsd; non-scenario JSON skipped; --set/--seed/--quick;
// missing goldens listed; progress on a terminal.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/golden.h"
#include "cli/replay_hint.h"
#include "sim/json_reader.h"
#include "tests/test_support.h"

namespace ringsim::testing {
namespace {


std::size_t longest_line(const std::string& text) {
  std::size_t longest = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) longest = std::max(longest, line.size());
  return longest;
}

nlohmann::json small_scenario(double rate_qps) {
  nlohmann::json document = station_scenario_json(rate_qps, 1, 1, 5);
  document["name"] = "small";
  document["expect"] = {{{"metric", "request.p99_ms"}, {"lt", 1000}}};
  return document;
}

// A golden of `recorded_rate` whose scenario reads like the file (rate 100): what a code
// change looks like to check (same scenario, other events), without changing the code.
void write_changed_golden(const std::string& dir, double recorded_rate) {
  const std::string scenario = dir + "/small.json";
  std::ofstream(scenario) << small_scenario(100).dump(2);
  const std::string golden = dir + "/goldens/small.golden";
  REQUIRE(run_ringsim("record " + scenario + " --set /workload/arrivals/rate_qps=" + std::to_string(recorded_rate) +
                      " --golden " + golden)
              .exit_code == 0);
  nlohmann::json text = nlohmann::json::parse(read_text(golden));
  text["scenario"] = small_scenario(100);
  std::ofstream(golden) << text.dump(1);
}

}  // namespace

TEST_CASE("check: a golden failure reads in a few lines: window, first events, moved metrics", "[golden_ci]") {
  const std::string dir = temp_dir("golden_ci_failure");
  write_changed_golden(dir, 110);
  const CommandResult check = run_ringsim("check " + dir + "/small.json --goldens " + dir + "/goldens --junit " + dir + "/j.xml");
  CHECK(check.exit_code == 1);
  CAPTURE(check.output);
  CHECK(contains(check.output, "first diverging window: #0 [0 s, 1 s)"));
  CHECK(contains(check.output, "station.arrival: "));
  CHECK(contains(check.output, "expected, "));
  CHECK(contains(check.output, "first at 0."));  // the kind's first event time, golden vs now
  CHECK(contains(check.output, "metrics that moved most (golden -> this run):"));
  CHECK(contains(check.output, "request.count"));
  CHECK(contains(check.output, " %"));
  CHECK(contains(check.output, "ringsim record " + dir + "/small.json --golden " + dir + "/goldens/small.golden"));
  // A few lines, no 4 KB line: 300 characters beside the golden's path, which the headline names.
  const std::size_t path_size = (dir + "/goldens/small.golden").size();
  CHECK(longest_line(check.output) < 300 + path_size);
  const std::string junit = read_text(dir + "/j.xml");
  const std::size_t message = junit.find("<failure message=\"golden ");
  REQUIRE(message != std::string::npos);
  const std::string attribute = junit.substr(message, junit.find('"', message + 18) - message);
  CHECK(attribute.size() < 300 + path_size);
  CHECK(contains(attribute, "window #0"));
  CHECK(contains(attribute, "moved most (client metrics): "));
}

TEST_CASE("check: a stale golden names the key that changed and the exact record command", "[golden_ci]") {
  const std::string dir = temp_dir("golden_ci_stale");
  std::ofstream(dir + "/small.json") << small_scenario(100).dump(2);
  REQUIRE(run_ringsim("record " + dir + "/small.json --golden " + dir + "/goldens/small.golden").exit_code == 0);
  CHECK(run_ringsim("check " + dir + "/small.json --goldens " + dir + "/goldens").exit_code == 0);
  std::ofstream(dir + "/small.json") << small_scenario(120).dump(2);
  const CommandResult stale = run_ringsim("check " + dir + "/small.json --goldens " + dir + "/goldens");
  CHECK(stale.exit_code == 1);
  CAPTURE(stale.output);
  CHECK(contains(stale.output, "/workload/arrivals/rate_qps: 100.0 -> 120.0"));
  CHECK(contains(stale.output, "re-record: " + std::string(RINGSIM_BINARY) + " record " + dir + "/small.json --golden " + dir + "/goldens/small.golden"));
  CHECK_FALSE(contains(stale.output, "dev.sh goldens"));
  // The same --set that check ran with is part of the advice.
  const CommandResult with_set =
      run_ringsim("check " + dir + "/small.json --goldens " + dir + "/goldens --set /workload/arrivals/rate_qps=130");
  CHECK(contains(with_set.output, "--set /workload/arrivals/rate_qps=130"));
  // A tolerance added to the scenario does not stale the golden.
  nlohmann::json tolerant = small_scenario(100);
  tolerant["tolerances"] = {{"request.p99_ms", "5%"}};
  std::ofstream(dir + "/small.json") << tolerant.dump(2);
  CHECK(run_ringsim("check " + dir + "/small.json --goldens " + dir + "/goldens").exit_code == 0);
}

TEST_CASE("tolerance mode: a metric within its tolerance passes, beyond it fails, exact stays the default", "[golden_ci]") {
  const std::string dir = temp_dir("golden_ci_tolerance");
  write_changed_golden(dir, 101);  // about 1 % more requests
  const std::string check = "check " + dir + "/small.json --goldens " + dir + "/goldens ";
  CHECK(run_ringsim(check).exit_code == 1);  // exact: any change fails
  // Every metric without a tolerance is compared exactly: '*=5%' covers the rest.
  CHECK(run_ringsim(check + "--tolerance request.count=5%").exit_code == 1);
  const CommandResult within = run_ringsim(check + "--tolerance request.count=5% --tolerance '*=5%'");
  CAPTURE(within.output);
  CHECK(within.exit_code == 0);
  CHECK(contains(within.output, "5%     ok"));
  CHECK(contains(within.output, "tolerance mode: the event stream is reported, not gated"));
  const CommandResult beyond = run_ringsim(check + "--tolerance request.count=0.1% --tolerance '*=5%'");
  CAPTURE(beyond.output);
  CHECK(beyond.exit_code == 1);
  CHECK(contains(beyond.output, "beyond its tolerance 0.1%"));
  CHECK(contains(beyond.output, "EXCEEDED"));
  // A tolerance that names no metric is a mistake, not a pass: bad input, refused before running.
  const CommandResult typo = run_ringsim(check + "--tolerance request.p99=5%");
  CHECK(typo.exit_code == 2);
  CHECK(contains(typo.output, "--tolerance: request.p99=5%: matches no metric of the 1 golden(s) compared; did you mean request.p99_ms?"));
  CHECK(run_ringsim(check + "--tolerance request.count=five").exit_code == 2);
  // A pattern that is a metric's name without its unit suggests that metric, not a longer one.
  CHECK(closest_match("get.p99", {"get.p50_ms", "get.p99_ms", "get.p999_ms"}) == "get.p99_ms");
  CHECK(closest_match("get.p9", {"get.p90_ms", "get.p99_ms"}).empty());
  // The same from the scenario's tolerances block, and through replay.
  nlohmann::json tolerant = small_scenario(100);
  tolerant["tolerances"] = {{"request.count*", "5%"}, {"*", "5%"}};
  std::ofstream(dir + "/small.json") << tolerant.dump(2);
  CHECK(run_ringsim(check).exit_code == 0);
  CHECK(run_ringsim("replay " + dir + "/goldens/small.golden --tolerance request.count=5% --tolerance '*=5%'").exit_code == 0);
  CHECK(run_ringsim("replay " + dir + "/goldens/small.golden --tolerance request.count=0.1%").exit_code == 1);
  // A golden's own tolerances block (record --tolerance).
  REQUIRE(run_ringsim("record " + dir + "/small.json --golden " + dir + "/g2.golden --tolerance request.p99_ms=3%").exit_code == 0);
  CHECK(contains(read_text(dir + "/g2.golden"), "\"tolerances\": {\"request.p99_ms\":\"3%\"}"));
}

TEST_CASE("tolerance mode ranks like exact mode: a client metric beyond its limit leads, unchanged rows are counted", "[golden_ci]") {
  const std::string dir = temp_dir("golden_ci_tolerance_rank");
  // A crash at 1 s; the golden was recorded at a higher rate (client metrics move) and a
  // lower rebalance bandwidth (the cluster's health and the migration DAG's stages move).
  const nlohmann::json scenario = nlohmann::json::parse(R"({
    "name": "tol_rank", "seed": 3, "duration_s": 4, "window_s": 1,
    "cluster": {"nodes": 4, "node": {"cores": 4},
                "network": {"latency": {"type": "constant", "value_ms": 0.2}},
                "replication": {"factor": 2, "write_quorum": 1}, "client": {"timeout_ms": 20, "max_retries": 2},
                "migration": {"rebalance_bandwidth_mbps": 400}},
    "data": {"keys": 3000, "value_size": {"type": "constant", "value_bytes": 1000}},
    "workload": {"arrivals": {"type": "poisson", "rate_qps": 1000}, "mix": {"get": 1.0}},
    "timeline": [{"at_s": 1, "action": "fail_node", "node": 1}]
  })");
  std::ofstream(dir + "/tol_rank.json") << scenario.dump(2);
  const std::string golden = dir + "/goldens/tol_rank.golden";
  REQUIRE(run_ringsim("record " + dir + "/tol_rank.json --set /workload/arrivals/rate_qps=1300 --set /cluster/migration/rebalance_bandwidth_mbps=100 --golden " + golden).exit_code == 0);
  nlohmann::json text = nlohmann::json::parse(read_text(golden));
  text["scenario"] = scenario;  // as if the code changed: same scenario, other events
  std::ofstream(golden) << text.dump(1);
  // Alphabetically dag.* comes first; by rank the client's get.* metrics do.
  const CommandResult result = run_ringsim("check " + dir + "/tol_rank.json --goldens " + dir +
                                           "/goldens --tolerance 'dag.*=0.001%' --tolerance 'get.*=0.001%' "
                                           "--tolerance '*=1000%'");
  CAPTURE(result.output);
  REQUIRE(result.exit_code == 1);
  const std::size_t headline = result.output.find("DIFFERS (tol_rank): ");
  REQUIRE(headline != std::string::npos);
  CHECK(result.output.compare(headline + 20, 4, "get.") == 0);
  const std::string headline_line = result.output.substr(headline, result.output.find('\n', headline) - headline);
  CHECK(contains(headline_line, "beyond its tolerance 0.001%; cluster health: "));
  const std::size_t first_exceeded = result.output.find("EXCEEDED");
  const std::size_t first_dag = result.output.find("    dag.");
  REQUIRE(first_dag != std::string::npos);
  CHECK(first_exceeded < first_dag);
  CHECK(contains(result.output, " more unchanged\n"));
  CHECK_FALSE(contains(result.output, "+0.0 %  limit"));  // unchanged rows are counted, not listed
}

TEST_CASE("golden files diff cleanly: one value per line, windows independent of earlier ones", "[golden_ci]") {
  const std::string dir = temp_dir("golden_ci_layout");
  const std::string scenario = std::string(RINGSIM_SOURCE_DIR) + "/scenarios/mm1.json";
  REQUIRE(run_ringsim("record " + scenario + " --set /duration_s=12 --golden " + dir + "/a.golden").exit_code == 0);
  const std::string text = read_text(dir + "/a.golden");
  // Summary and windows one value per line (the scenario's own strings may be long).
  CHECK(longest_line(text.substr(text.find("\"summary\""))) < 120);
  CHECK(contains(text, "\n       \"request.p99_ms\": "));
  // The same events give the same window lines whatever happened before: a window's lines
  // hash (time, handler, kind), not the ids history allocated.
  WindowDigestSink left(1'000'000'000, 2'000'000'000);
  WindowDigestSink right(1'000'000'000, 2'000'000'000);
  struct Handler final : EventHandler {
    void handle_event(Simulator&, const Event&) override {}
    const char* handler_name() const override { return "h"; }
    const char* event_kind_name(EventKind) const override { return "k"; }
  } handler;
  left.on_event(Event{100, 0, 1, 0, 5, 0}, handler);
  right.on_event(Event{100, 0, 1, 0, 5, 0}, handler);
  right.on_event(Event{200, 1, 1, 0, 6, 0}, handler);  // one more event in window 0
  left.on_event(Event{1'500'000'000, 1, 1, 0, 6, 0}, handler);
  right.on_event(Event{1'500'000'000, 2, 1, 0, 7, 0}, handler);  // same event, next id
  CHECK(left.windows()[0].hash.value() != right.windows()[0].hash.value());
  CHECK(left.windows()[1].hash.value() == right.windows()[1].hash.value());
  CHECK(left.windows()[1].kinds[0].hash.value() == right.windows()[1].kinds[0].hash.value());
}

TEST_CASE("check JUnit: names by scenario and metric, system-out, valid against the strict schema", "[golden_ci]") {
  const std::string dir = temp_dir("golden_ci_junit");
  write_changed_golden(dir, 110);
  nlohmann::json failing = small_scenario(100);
  failing["name"] = "failing";
  failing["expect"] = {{{"metric", "request.count"}, {"gt", 1e9}}, {{"metric", "request.count"}, {"lt", 1e10}}};
  std::ofstream(dir + "/failing.json") << failing.dump();
  const CommandResult check =
      run_ringsim("check " + dir + " --goldens " + dir + "/goldens --junit " + dir + "/junit.xml");
  CHECK(check.exit_code == 1);
  const std::string junit = read_text(dir + "/junit.xml");
  CAPTURE(junit);
  CHECK(contains(junit, "<testcase classname=\"failing\" name=\"request.count\""));
  CHECK(contains(junit, "<testcase classname=\"failing\" name=\"request.count #2\""));
  CHECK(contains(junit, "<testcase classname=\"small\" name=\"golden\""));
  CHECK(contains(junit, "<failure message=\"request.count: actual "));
  CHECK(contains(junit, ", expected &gt; "));  // the bound is in the message, not the name
  CHECK(contains(junit, "<system-out>scenario failing"));
  CHECK(contains(junit, "trace hash "));
  CHECK(contains(junit, "--report failing.html"));
  CHECK_FALSE(contains(junit, " file=\""));
  const std::string xsd = std::string(RINGSIM_SOURCE_DIR) + "/tests/junit/junit.xsd";
  CHECK(std::system(("xmllint --noout --schema " + xsd + " " + dir + "/junit.xml 2>" + dir + "/xmllint.txt").c_str()) == 0);
  CAPTURE(read_text(dir + "/xmllint.txt"));
  // The schema is strict: the old layout (a file attribute, no timestamp) fails it.
  std::ofstream(dir + "/old.xml") << "<testsuites><testsuite name=\"a\" tests=\"0\" failures=\"0\" errors=\"0\" time=\"0\" "
                                     "file=\"x.json\"></testsuite></testsuites>";
  CHECK(std::system(("xmllint --noout --schema " + xsd + " " + dir + "/old.xml 2>/dev/null").c_str()) != 0);
}

TEST_CASE("check DIR skips JSON that is not a scenario, --set, --seed, --quick, lists missing goldens", "[golden_ci]") {
  const std::string dir = temp_dir("golden_ci_dir");
  std::ofstream(dir + "/small.json") << small_scenario(100).dump();
  std::filesystem::create_directories(dir + "/out/run1");
  std::ofstream(dir + "/out/run1/cluster.json") << "{\"placement\": \"ring\", \"nodes\": []}";
  // A --goldens directory that does not exist is a typo, refused (exit 2); an empty one lists what is missing.
  CHECK(run_ringsim("check " + dir + " --goldens " + dir + "/absent").exit_code == 2);
  std::filesystem::create_directories(dir + "/none");
  const CommandResult check = run_ringsim("check " + dir + " --goldens " + dir + "/none --junit " + dir + "/a.xml");
  CAPTURE(check.output);
  CHECK(check.exit_code == 0);
  CHECK(contains(check.output, "skipped 1 JSON files that are not scenarios"));
  CHECK(contains(check.output, "no golden for 1 of 1 scenarios"));
  CHECK(contains(check.output, dir + "/none/small.golden"));
  // --set reaches every scenario: this bound fails at a tenth of the rate.
  nlohmann::json counted = small_scenario(100);
  counted["expect"] = {{{"metric", "request.count"}, {"gt", 300}}};
  std::ofstream(dir + "/small.json") << counted.dump();
  CHECK(run_ringsim("check " + dir).exit_code == 0);
  CHECK(run_ringsim("check " + dir + " --set /workload/arrivals/rate_qps=10").exit_code == 1);
  // --seed: another run (its trace hash in JUnit's system-out), the seed as a property.
  REQUIRE(run_ringsim("check " + dir + " --seed 7 --junit " + dir + "/b.xml").exit_code == 0);
  const std::string a = read_text(dir + "/a.xml");
  const std::string b = read_text(dir + "/b.xml");
  CHECK(contains(b, "<property name=\"seed\" value=\"7\"/>"));
  CHECK(a.substr(a.find("trace hash "), 27) != b.substr(b.find("trace hash "), 27));
  // --quick skips what is estimated above its budget and says so.
  nlohmann::json big = station_scenario_json(1e6, 64, 0.01, 100);
  big["name"] = "big";
  std::ofstream(dir + "/big.json") << big.dump();
  const CommandResult quick = run_ringsim("check " + dir + " --quick");
  CAPTURE(quick.output);
  CHECK(quick.exit_code == 0);
  CHECK(contains(quick.output, "1 skipped (full tier: run without --quick)"));
}

TEST_CASE("check and replay show progress on a terminal only", "[golden_ci]") {
  const std::string dir = temp_dir("golden_ci_progress");
  std::ofstream(dir + "/small.json") << small_scenario(100).dump();
  REQUIRE(run_ringsim("record " + dir + "/small.json --golden " + dir + "/small.golden").exit_code == 0);
  CHECK_FALSE(contains(run_ringsim("check " + dir + "/small.json").output, "scenarios done"));
  // RINGSIM_PROGRESS=1 stands in for a terminal on stderr.
  CHECK(contains(run_ringsim("check " + dir + "/small.json").output, "1 scenarios, "));
  CHECK(setenv("RINGSIM_PROGRESS", "1", 1) == 0);
  const CommandResult check = run_ringsim("check " + dir + "/small.json");
  const CommandResult replay = run_ringsim("replay " + dir + "/small.golden");
  unsetenv("RINGSIM_PROGRESS");
  CHECK(contains(check.output, "check: 1/1 scenarios done"));
  CHECK(contains(replay.output, "replay: 1/1 goldens done"));
  // Under a real pseudo-terminal (util-linux script), without the variable.
  const std::string command = "script -qec '" + std::string(RINGSIM_BINARY) + " check " + dir + "/small.json' /dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  pclose(pipe);
  CHECK(contains(output, "check: 1/1 scenarios done"));
}

}  // namespace ringsim::testing

namespace ringsim::testing {

TEST_CASE("check --goldens: corrupt golden exit 2, --require-goldens, a --tolerance only where its metric is, "
          "distinct suite names, precedence, an edited scenario judged by tolerance", "[golden_ci]") {
  const std::string dir = temp_dir("golden_ci_gate");
  std::filesystem::create_directories(dir + "/sc/a");
  std::filesystem::create_directories(dir + "/sc/b");
  std::ofstream(dir + "/sc/a/small.json") << small_scenario(100).dump(2);
  std::ofstream(dir + "/sc/b/small.json") << small_scenario(100).dump(2);
  REQUIRE(run_ringsim("record " + dir + "/sc/a/small.json --golden " + dir + "/g/a/small.golden").exit_code == 0);
  const std::string check = "check " + dir + "/sc --goldens " + dir + "/g ";
  // b has no golden: listed with its exact record command; --require-goldens fails it.
  const CommandResult listed = run_ringsim(check + "--junit " + dir + "/j.xml");
  CAPTURE(listed.output);
  CHECK(listed.exit_code == 0);
  CHECK(contains(listed.output, "ringsim record " + dir + "/sc/b/small.json --golden " + dir + "/g/b/small.golden"));
  const std::string junit = read_text(dir + "/j.xml");
  CHECK(contains(junit, "<testsuites>\n"));  // No attributes on the root (Ant schema).
  CHECK(contains(junit, "<testsuite name=\"" + dir + "/sc/a/small\""));  // Two scenarios named "small".
  CHECK(contains(junit, "<testsuite name=\"" + dir + "/sc/b/small\""));
  const CommandResult required = run_ringsim(check + "--require-goldens");
  CHECK(required.exit_code == 1);
  CHECK(contains(required.output, "(missing)  "));
  // A --tolerance for a metric some golden lacks applies where it exists; the others stay exact.
  std::ofstream(dir + "/sc/b/small.json") << small_scenario(100).dump(2);
  REQUIRE(run_ringsim("record " + dir + "/sc/b/small.json --golden " + dir + "/g/b/small.golden").exit_code == 0);
  nlohmann::json golden_b = nlohmann::json::parse(read_text(dir + "/g/b/small.golden"));
  golden_b["summary"]["only_in_b"] = 1;
  std::ofstream(dir + "/g/b/small.golden") << golden_b.dump(1);
  const CommandResult partial = run_ringsim(check + "--tolerance only_in_b=1");
  CAPTURE(partial.output);
  CHECK(partial.exit_code == 1);  // b: only_in_b is gated and not produced by this run ...
  CHECK(contains(partial.output, "only_in_b: in the golden, not produced by this run"));
  CHECK_FALSE(contains(partial.output, "DIFFERS (small): tolerance"));  // ... a: exact, no "matches no metric".
  std::ofstream(dir + "/g/b/small.golden") << "{\"format\": \"ringsim-golden/2\", \"file\": 3}";
  const CommandResult corrupt = run_ringsim(check);
  CHECK(corrupt.exit_code == 2);
  CHECK(contains(corrupt.output, dir + "/g/b/small.golden: /file: missing or of the wrong type in a golden"));
  std::filesystem::remove(dir + "/g/b/small.golden");
  std::filesystem::remove_all(dir + "/sc/b");
  // An edited scenario: exact mode refuses it; with tolerances it is judged by them.
  nlohmann::json edited = small_scenario(101);
  std::ofstream(dir + "/sc/a/small.json") << edited.dump(2);
  const CommandResult stale = run_ringsim(check);
  CHECK(stale.exit_code == 1);
  CHECK(contains(stale.output, "(or judge the edit by tolerances"));
  const CommandResult judged = run_ringsim(check + "--tolerance request.count=5% --tolerance '*=5%'");
  CAPTURE(judged.output);
  CHECK(judged.exit_code == 0);
  CHECK(contains(judged.output, "/workload/arrivals/rate_qps: 100.0 -> 101.0"));
  CHECK(contains(judged.output, "5%     ok"));
  // Sources: the scenario file's tolerances, then --tolerance; a golden's own block does not
  // gate check (cli/golden_tolerances.h), it is reported with the limit that applies now.
  edited["tolerances"] = {{"request.count", "5%"}, {"*", "5%"}};
  std::ofstream(dir + "/sc/a/small.json") << edited.dump(2);
  CHECK(run_ringsim(check).exit_code == 0);
  nlohmann::json golden_a = nlohmann::json::parse(read_text(dir + "/g/a/small.golden"));
  golden_a["tolerances"] = {{"request.count", "0.01%"}};
  std::ofstream(dir + "/g/a/small.golden") << golden_a.dump(1);
  const CommandResult block = run_ringsim(check);
  CHECK(block.exit_code == 0);
  CHECK(contains(block.output, "tolerances not used (check takes tolerances from the scenario file and --tolerance only): "
                               "request.count=0.01% (now 5%)"));
  CHECK(run_ringsim(check + "--tolerance request.count=0.01%").exit_code == 1);
}

TEST_CASE("replay hint: an edit as --set arguments, quoted for the shell, and what --set cannot carry", "[golden_ci]") {
  const nlohmann::json recorded = {{"seed", 1}, {"name", "x"}, {"tolerances", {{"a", "5%"}}}};
  const nlohmann::json current = {{"seed", 9}, {"name", "two words"}, {"id", "8"}, {"tolerances", {{"a", "9%"}}}};
  CHECK(replay_details_hint("g/x.golden", "s/x.json", recorded, current) ==
        "ringsim replay g/x.golden --set '/name=two words' --set /seed=9 --set '/id=\"8\"'");
  CHECK(replay_details_hint("g/x.golden", "s/x.json", recorded, recorded) == "ringsim replay g/x.golden");
  const std::string removed = replay_details_hint("g/x.golden", "s/x.json", recorded, {{"seed", 1}});
  CHECK(contains(removed, "this edit removes /name, which --set cannot carry"));
  CHECK(contains(removed, "ringsim run s/x.json --report run.html"));
}

TEST_CASE("check after an edit: what it did, a details command that reproduces it, JUnit even on bad input", "[golden_ci]") {
  const std::string dir = temp_dir("golden_ci_edit");
  std::ofstream(dir + "/small.json") << small_scenario(100).dump(2);
  std::ofstream(dir + "/other.json") << small_scenario(100).dump(2);
  REQUIRE(run_ringsim("record " + dir + "/small.json --golden " + dir + "/goldens/small.golden").exit_code == 0);
  REQUIRE(run_ringsim("record " + dir + "/other.json --golden " + dir + "/goldens/other.golden").exit_code == 0);
  const std::string check = "check " + dir + "/small.json --goldens " + dir + "/goldens --junit " + dir + "/j.xml";
  const CommandResult clean = run_ringsim(check);
  REQUIRE(clean.exit_code == 0);
  CHECK_FALSE(contains(clean.output, "have no scenario in this check"));  // One file checked on purpose.
  nlohmann::json edited = small_scenario(120);
  edited["seed"] = 9;
  std::ofstream(dir + "/small.json") << edited.dump(2);
  const CommandResult stale = run_ringsim(check);
  CAPTURE(stale.output);
  CHECK(stale.exit_code == 1);
  CHECK(contains(stale.output, "(/seed: 1 -> 9 (+1 more))"));
  CHECK(contains(stale.output, "what the edit did (compared exactly with the golden):"));
  CHECK(contains(stale.output, "metrics that moved most (golden -> this run):"));
  // The command names the binary as it was invoked (argv[0]), so it pastes as is.
  const std::string hint = "details: " + std::string(RINGSIM_BINARY) + " ";
  const std::size_t at = stale.output.find(hint);
  REQUIRE(at != std::string::npos);
  const std::string replay = stale.output.substr(at + hint.size(), stale.output.find('\n', at) - at - hint.size());
  CHECK(contains(stale.output, "re-record: " + std::string(RINGSIM_BINARY) + " record "));
  CHECK(contains(replay, "--set /seed=9 --set /workload/arrivals/rate_qps=120.0"));
  const CommandResult replayed = run_ringsim(replay);  // What check ran, not the golden's own run.
  CHECK(replayed.exit_code == 1);
  CHECK(contains(replayed.output, "MISMATCH"));
  // A corrupt golden is exit 2 and the JUnit says so, in place of the earlier green file.
  std::ofstream(dir + "/goldens/small.golden") << "{";
  CHECK(run_ringsim(check).exit_code == 2);
  const std::string junit = read_text(dir + "/j.xml");
  CHECK(contains(junit, "<testcase classname=\"ringsim check\" name=\"input\""));
  CHECK(contains(junit, "type=\"input\">" + dir + "/goldens/small.golden: "));
  CHECK_FALSE(contains(junit, "name=\"small\""));
  // record refuses a tolerance that matches no metric, before writing anything.
  const CommandResult typo = run_ringsim("record " + dir + "/other.json --golden " + dir + "/t.golden --tolerance request.p99ms=5%");
  CHECK(typo.exit_code == 2);
  CHECK(contains(typo.output, "did you mean request.p99_ms?"));
  CHECK_FALSE(std::filesystem::exists(dir + "/t.golden"));
  // A bad value inside a golden's recorded scenario is blamed on the golden, not on the file.
  nlohmann::json golden = nlohmann::json::parse(read_text(dir + "/goldens/other.golden"));
  golden["scenario"]["station"]["cores"] = -3;
  std::ofstream(dir + "/goldens/other.golden") << golden.dump(1);
  const CommandResult blamed = run_ringsim("replay " + dir + "/goldens/other.golden");
  CHECK(blamed.exit_code == 2);
  CHECK(contains(blamed.output, dir + "/goldens/other.golden: /scenario/station/cores: "));
}

TEST_CASE("moved metrics rank small counts below real relative changes, record warns on failed expectations", "[golden_ci]") {
  Golden expected, actual;
  expected.metrics = {{"retries", 2}, {"get.p99_ms", 10.5}, {"get.count", 100000}};
  actual.metrics = {{"retries", 6}, {"get.p99_ms", 11.55}, {"get.count", 101000}};
  const GoldenComparison comparison = compare_goldens(expected, actual);
  REQUIRE(comparison.moved.size() == 3);
  CHECK(comparison.moved[0].metric == "get.p99_ms");  // +10 %
  CHECK(comparison.moved[1].metric == "retries");     // 2 -> 6: 4 / 100
  CHECK(comparison.moved[1].relative_change == Approx(2.0));
  CHECK(comparison.moved[2].metric == "get.count");   // +1 %
  const std::string dir = temp_dir("golden_ci_record_warn");
  nlohmann::json failing = small_scenario(100);
  failing["expect"] = {{{"metric", "request.count"}, {"gt", 1e9}}};
  std::ofstream(dir + "/f.json") << failing.dump();
  const CommandResult record = run_ringsim("record " + dir + "/f.json --golden " + dir + "/f.golden");
  CHECK(record.exit_code == 0);
  CHECK(contains(record.output, "warning: the recorded run fails its expectation request.count > 1e+09"));
}

}  // namespace ringsim::testing
