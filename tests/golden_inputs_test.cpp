// Golden comparisons a reviewer can trust (issue #28, second trial): a changed data file is
// reported as that, not as a code change; a tolerance for one metric leaves every other
// metric compared exactly; the headline names the cluster's health beside the client
// metric that moved most; numbers that differ never print alike.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli/golden.h"
#include "cli/golden_report.h"
#include "cli/golden_sha256.h"
#include "tests/test_support.h"

namespace ringsim::testing {
namespace {


// A station fed by a rate trace next to it (trace.csv), 3 s long.
nlohmann::json traced_scenario() {
  nlohmann::json document = station_scenario_json(100, 1, 1, 3);
  document["name"] = "traced";
  document["workload"]["arrivals"] = {{"type", "trace"}, {"file", "data/trace.csv"}, {"loop", true}};
  return document;
}

void write_trace(const std::string& dir, int rate_qps) {
  std::filesystem::create_directories(dir + "/data");
  std::ofstream(dir + "/data/trace.csv") << "time_s,rate_qps\n0," << rate_qps << "\n1," << rate_qps << "\n";
}

}  // namespace

TEST_CASE("SHA-256 matches FIPS 180-4's examples and sha256sum", "[golden_inputs]") {
  // FIPS 180-4 / NIST CSRC example values (SHA256.pdf): "abc", the 448-bit message; and the
  // empty message's well-known digest.
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  const std::string dir = temp_dir("golden_inputs_sha");
  std::string big(200'003, 'x');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 23);
  std::ofstream(dir + "/big.bin", std::ios::binary) << big;
  REQUIRE(std::system(("sha256sum " + dir + "/big.bin | cut -c1-64 > " + dir + "/sum.txt").c_str()) == 0);
  const FileDigest digest = sha256_file(dir + "/big.bin");
  CHECK(digest.bytes == big.size());
  CHECK(digest.sha256 + "\n" == read_text(dir + "/sum.txt"));
}

TEST_CASE("a changed input file is reported as that, not as a code change", "[golden_inputs]") {
  const std::string dir = temp_dir("golden_inputs_trace");
  write_trace(dir, 100);
  std::ofstream(dir + "/traced.json") << traced_scenario().dump(2);
  const std::string golden = dir + "/goldens/traced.golden";
  REQUIRE(run_ringsim("record " + dir + "/traced.json --golden " + golden).exit_code == 0);
  const std::string text = read_text(golden);
  CHECK(contains(text, "\"inputs\": {\n    \"/workload/arrivals/file\": {\"path\": \"" + dir + "/data/trace.csv\", \"bytes\": "));
  const std::string check = "check " + dir + "/traced.json --goldens " + dir + "/goldens";
  REQUIRE(run_ringsim(check).exit_code == 0);
  const std::string before = sha256_file(dir + "/data/trace.csv").sha256;
  write_trace(dir, 120);
  const std::string after = sha256_file(dir + "/data/trace.csv").sha256;
  const CommandResult changed = run_ringsim(check);
  CAPTURE(changed.output);
  CHECK(changed.exit_code == 1);
  const std::string line = "input " + dir + "/data/trace.csv changed (sha256 " + before.substr(0, 12) + ".. -> " +
                           after.substr(0, 12) + "..";
  CHECK(contains(changed.output, "DIFFERS (traced): " + line));  // the headline leads with it
  CHECK(contains(changed.output, "input files changed since the golden was recorded (not the code):"));
  CHECK(contains(changed.output, "its input file changed (above)"));
  CHECK_FALSE(contains(changed.output, "the code changed"));
  CHECK_FALSE(contains(changed.output, "the scenario changed"));  // no scenario key changed
  // replay reads the data from disk too and says the same.
  const CommandResult replay = run_ringsim("replay " + golden);
  CHECK(replay.exit_code == 1);
  CHECK(contains(replay.output, line));
  // Same bytes, different content of the same size: still caught by the digest.
  write_trace(dir, 100);
  REQUIRE(run_ringsim(check).exit_code == 0);
  std::ofstream(dir + "/data/trace.csv", std::ios::app) << "# a comment\n";
  const CommandResult inert = run_ringsim(check);
  CAPTURE(inert.output);
  CHECK(inert.exit_code == 1);  // the golden recorded a run of other inputs
  CHECK(contains(inert.output, "changed (sha256 "));
  CHECK(contains(inert.output, "; the run still matches"));
}

TEST_CASE("a golden without input digests still reads and says they are absent", "[golden_inputs]") {
  const std::string dir = temp_dir("golden_inputs_old");
  write_trace(dir, 100);
  std::ofstream(dir + "/traced.json") << traced_scenario().dump(2);
  const std::string golden = dir + "/goldens/traced.golden";
  REQUIRE(run_ringsim("record " + dir + "/traced.json --golden " + golden).exit_code == 0);
  nlohmann::json old = nlohmann::json::parse(read_text(golden));
  old.erase("inputs");  // as a golden recorded before the digests existed
  std::ofstream(golden) << old.dump(1);
  const std::string check = "check " + dir + "/traced.json --goldens " + dir + "/goldens";
  CHECK(run_ringsim(check).exit_code == 0);
  write_trace(dir, 120);
  const CommandResult changed = run_ringsim(check);
  CAPTURE(changed.output);
  CHECK(changed.exit_code == 1);
  CHECK(contains(changed.output, "this golden records no digests of the input files its scenario reads"));
  CHECK(contains(changed.output, "the code changed, or an input file did"));
  const Golden read = read_golden(golden);
  CHECK_FALSE(read.inputs_recorded);
  // A corrupt digest block names the golden and the pointer.
  old["inputs"] = {{"/workload/arrivals/file", {{"path", "x"}, {"bytes", 3}, {"sha256", "abc"}}}};
  std::ofstream(golden) << old.dump(1);
  const CommandResult corrupt = run_ringsim(check);
  CHECK(corrupt.exit_code == 2);
  CHECK(contains(corrupt.output, golden + ": /inputs/~1workload~1arrivals~1file/sha256: expected its SHA-256 (64 hex digits)"));
}

TEST_CASE("a tolerance for one metric leaves every other metric compared exactly", "[golden_inputs]") {
  Golden expected, actual;
  expected.metrics = {{"search.p99_ms", 10.0}, {"search.count", 1000}, {"keys_moved", 480}};
  actual.metrics = {{"search.p99_ms", 10.2}, {"search.count", 1000}, {"keys_moved", 480}};
  const std::vector<MetricTolerance> p99 = {parse_tolerance_option("search.p99_ms=5%")};
  // The same event stream cannot give other metrics: that is an edit, not tolerated behaviour.
  CHECK_FALSE(compare_goldens(expected, actual, p99).matched);
  expected.trace_hash = "1111111111111111";  // another event stream: a behaviour change
  actual.trace_hash = "2222222222222222";
  CHECK(compare_goldens(expected, actual, p99).matched);  // within 5 %, the rest unchanged
  actual.metrics[2].second = 481;                           // keys_moved has no tolerance
  const GoldenComparison moved = compare_goldens(expected, actual, p99);
  CHECK_FALSE(moved.matched);
  CHECK(moved.exact_metrics == 2);
  REQUIRE(moved.exact_changed.size() == 1);
  CHECK(moved.exact_changed[0].metric == "keys_moved");
  // Through the binary: a tolerance on p99 does not wave through a change in request.count.
  const std::string dir = temp_dir("golden_inputs_tolerance");
  nlohmann::json document = station_scenario_json(100, 1, 1, 5);
  document["name"] = "small";
  std::ofstream(dir + "/small.json") << document.dump(2);
  REQUIRE(run_ringsim("record " + dir + "/small.json --set /workload/arrivals/rate_qps=101 --golden " + dir +
                      "/goldens/small.golden").exit_code == 0);
  nlohmann::json golden = nlohmann::json::parse(read_text(dir + "/goldens/small.golden"));
  golden["scenario"] = document;  // a code change: the same scenario, other events
  std::ofstream(dir + "/goldens/small.golden") << golden.dump(1);
  const std::string check = "check " + dir + "/small.json --goldens " + dir + "/goldens ";
  const CommandResult one = run_ringsim(check + "--tolerance request.p99_ms=50%");
  CAPTURE(one.output);
  CHECK(one.exit_code == 1);
  CHECK(contains(one.output, "changed and has no tolerance (compared exactly)"));
  CHECK(contains(one.output, "metrics without a tolerance, compared exactly: "));
  CHECK(contains(one.output, "none   CHANGED"));
  CHECK(contains(one.output, "the event stream is reported, not gated: it differs (trace_hash "));
  const CommandResult all = run_ringsim(check + "--tolerance '*=50%'");
  CAPTURE(all.output);
  CHECK(all.exit_code == 0);
  CHECK(contains(all.output, "metrics without a tolerance, compared exactly: 0, all unchanged"));
}

TEST_CASE("the headline names the cluster's health beside the client metric that moved most", "[golden_inputs]") {
  Golden expected, actual;
  expected.metrics = {{"get.p99_ms", 10.0}, {"keys_moved", 480}, {"lost_keys", 0}, {"bytes_moved", 10}};
  actual.metrics = {{"get.p99_ms", 11.0}, {"keys_moved", 512}, {"lost_keys", 0}, {"bytes_moved", 20}};
  const GoldenComparison comparison = compare_goldens(expected, actual);
  REQUIRE(comparison.moved.size() == 3);
  CHECK(comparison.moved[0].metric == "get.p99_ms");
  CHECK(comparison.moved[1].metric == "keys_moved");  // health, ahead of bytes_moved (+100 %)
  const Scenario replayed = scenario_from(station_scenario_json(100, 1, 1, 1));
  const GoldenReport report = report_golden_comparison(expected, replayed, comparison);
  CAPTURE(report.headline);
  CHECK(contains(report.headline, "moved most (client metrics): get.p99_ms 10.0 -> 11.0 (+10.0 %); "
                                  "cluster health: keys_moved 480 -> 512 (+6.7 %)"));
  // No health metric moved: said, so a reader knows it was looked at.
  actual.metrics[1].second = 480;
  const GoldenReport calm = report_golden_comparison(expected, replayed, compare_goldens(expected, actual));
  CHECK(contains(calm.headline, "moved most (client metrics): get.p99_ms 10.0 -> 11.0 (+10.0 %); cluster health unchanged"));
  // Only a health metric moved: it leads, marked as such.
  actual.metrics = expected.metrics;
  actual.metrics[2].second = 3;
  const GoldenReport lost = report_golden_comparison(expected, replayed, compare_goldens(expected, actual));
  CHECK(contains(lost.headline, "moved most (cluster health): lost_keys 0 -> 3 (new)"));
}

TEST_CASE("two values that differ never print alike", "[golden_inputs]") {
  Golden expected, actual;
  expected.metrics = {{"get.p99_ms", 52.8312}, {"get.mean_ms", 1000.0}};
  actual.metrics = {{"get.p99_ms", 52.8349}, {"get.mean_ms", 1000.01}};
  const Scenario replayed = scenario_from(station_scenario_json(100, 1, 1, 1));
  const GoldenReport report = report_golden_comparison(expected, replayed, compare_goldens(expected, actual));
  CAPTURE(report.text);
  CHECK(contains(report.text, "52.831  ->"));
  CHECK(contains(report.text, "52.835  +0.007 %"));
  CHECK(contains(report.headline, "get.p99_ms 52.831 -> 52.835 (+0.007 %)"));
  CHECK_FALSE(contains(report.text, "+0.0 %"));
}

}  // namespace ringsim::testing

namespace ringsim::testing {

TEST_CASE("check: same-named scenarios by path on the console, --junit DIR refused, commands as invoked", "[golden_inputs]") {
  const std::string dir = temp_dir("golden_inputs_polish");
  std::filesystem::create_directories(dir + "/sc/a");
  std::filesystem::create_directories(dir + "/sc/b");
  nlohmann::json document = station_scenario_json(100, 1, 1, 2);
  document["name"] = "small";
  std::ofstream(dir + "/sc/a/small.json") << document.dump(2);
  std::ofstream(dir + "/sc/b/small.json") << document.dump(2);
  REQUIRE(run_ringsim("record " + dir + "/sc/a/small.json --golden " + dir + "/g/a/small.golden").exit_code == 0);
  REQUIRE(run_ringsim("record " + dir + "/sc/b/small.json --set /seed=5 --golden " + dir + "/g/b/small.golden").exit_code == 0);
  nlohmann::json golden = nlohmann::json::parse(read_text(dir + "/g/b/small.golden"));
  golden["scenario"] = document;  // b's golden no longer matches its run
  std::ofstream(dir + "/g/b/small.golden") << golden.dump(1);
  const CommandResult check = run_ringsim("check " + dir + "/sc --goldens " + dir + "/g");
  CAPTURE(check.output);
  CHECK(check.exit_code == 1);
  CHECK(contains(check.output, "\n" + dir + "/sc/a/small  golden"));
  CHECK(contains(check.output, "DIFFERS (" + dir + "/sc/b/small)"));
  CHECK(contains(check.output, "re-record: " + std::string(RINGSIM_BINARY) + " record " + dir + "/sc/b/small.json"));
  std::filesystem::create_directories(dir + "/out");
  const CommandResult junit_dir = run_ringsim("check " + dir + "/sc --junit " + dir + "/out/");
  CHECK(junit_dir.exit_code == 2);
  CHECK(contains(junit_dir.output, "--junit needs a file to write, and this is a directory; give a file name in it, e.g. --junit " +
                                       dir + "/out/ringsim-check.xml"));
  // A golden whose value has the wrong type names its pointer and what was expected.
  golden["windows"][1]["kinds"]["station.arrival"] = {1, "abc"};
  std::ofstream(dir + "/g/b/small.golden") << golden.dump(1);
  const CommandResult typed = run_ringsim("replay " + dir + "/g/b/small.golden");
  CHECK(typed.exit_code == 2);
  CHECK(contains(typed.output, dir + "/g/b/small.golden: /windows/1/kinds/station.arrival: expected [count, 8-hex-digit hash, "
                               "first event time in ns] in a golden"));
}

}  // namespace ringsim::testing
