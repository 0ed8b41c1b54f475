// The scenario loader refuses bad input with a precise message: which file, which JSON
// pointer, what was expected. The binary turns that into exit code 2 and writes nothing.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "sim/config_error.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

struct BadInput {
  const char* what;
  const char* pointer;   // JSON pointer to patch ("" = replace the document).
  const char* value;     // JSON text; "<delete>" removes the key.
  const char* expected_pointer;
  const char* expected_message;  // Substring of the error.
};

const BadInput kBadInputs[] = {
    {"unknown top-level key", "/durations_s", "10", "/durations_s",
     "unknown key \"durations_s\" (did you mean \"duration_s\"?)"},
    {"unknown nested key", "/workload/arrivals/rate", "5", "/workload/arrivals/rate",
     "did you mean \"rate_qps\"?"},
    {"typo in a distribution key", "/station/service/mean_s", "1", "/station/service/mean_s",
     "did you mean \"mean_ms\"?"},
    {"wrong type", "/workload/arrivals/rate_qps", "\"fast\"", "/workload/arrivals/rate_qps",
     "expected a number > 0"},
    {"negative rate", "/workload/arrivals/rate_qps", "-5", "/workload/arrivals/rate_qps",
     "expected a number > 0"},
    {"negative duration", "/duration_s", "-1", "/duration_s", "expected a number > 0"},
    {"zero duration", "/duration_s", "0", "/duration_s", "got 0"},
    {"missing required key", "/seed", "<delete>", "/seed", "missing required key"},
    {"misspelt required key", "/workload", "{\"arivals\": {\"type\": \"poisson\", \"rate_qps\": 5}}",
     "/workload/arivals", "unknown key \"arivals\" (did you mean \"arrivals\"?)"},
    {"missing model", "/station", "<delete>", "/station", "exactly one model"},
    {"two models", "/cluster", "{}", "/cluster", "exactly one model"},
    {"fractional integer", "/station/cores", "1.5", "/station/cores", "expected an integer"},
    {"zero cores", "/station/cores", "0", "/station/cores", "expected an integer >= 1"},
    {"unknown choice", "/workload/arrivals/type", "\"poison\"", "/workload/arrivals/type",
     "did you mean \"poisson\"?"},
    {"huge queue", "/station/queue_capacity", "1e12", "/station/queue_capacity", "<= 10000000"},
    {"huge request count", "/workload/arrivals/rate_qps", "1e8", "/workload", "requests; at most"},
    {"too many windows", "/window_s", "0.00001", "/window_s", "windows; at most"},
    {"warm-up longer than run", "/warmup_s", "200", "/warmup_s", "less than duration_s"},
    {"array where object", "/station", "[1, 2]", "/station", "expected an object, got an array"},
    {"expectation without comparison", "/expect", "[{\"metric\": \"request.p99_ms\"}]", "/expect/0",
     "exactly one of lt, le, gt, ge, eq, between"},
    {"expectation with two comparisons", "/expect", "[{\"metric\": \"request.p99_ms\", \"lt\": 1, \"gt\": 0}]",
     "/expect/0", "found 2"},
    {"bad between", "/expect", "[{\"metric\": \"request.p99_ms\", \"between\": [5, 1]}]",
     "/expect/0/between", "low <= high"},
    {"top level not an object", "", "[]", "/", "expected an object"},
    {"lognormal with both forms", "/station/service",
     "{\"type\": \"lognormal\", \"median_ms\": 1, \"p99_ms\": 5, \"sigma\": 1}", "/station/service/type",
     "not both"},
    {"lognormal p99 below median", "/station/service",
     "{\"type\": \"lognormal\", \"median_ms\": 5, \"p99_ms\": 1}", "/station/service/p99_ms",
     "must be > median_ms"},
};

nlohmann::json patched(const BadInput& bad) {
  nlohmann::json document = testing::station_scenario_json(100, 1, 1.0, 200);
  document["expect"] = nlohmann::json::array();
  const std::string pointer = bad.pointer;
  if (pointer.empty()) return nlohmann::json::parse(bad.value);
  const nlohmann::json::json_pointer json_pointer(pointer);
  if (std::string(bad.value) == "<delete>") {
    document[json_pointer.parent_pointer()].erase(json_pointer.back());
  } else {
    document[json_pointer] = nlohmann::json::parse(bad.value);
  }
  return document;
}

TEST_CASE("each malformed scenario names its pointer and what was expected", "[scenario]") {
  for (const BadInput& bad : kBadInputs) {
    CAPTURE(bad.what);
    const nlohmann::json document = patched(bad);
    try {
      (void)testing::scenario_from(document);
      FAIL("accepted: " << document.dump());
    } catch (const ConfigError& error) {
      CHECK(error.file() == "test.json");
      CHECK(error.pointer() == (std::string(bad.expected_pointer) == "/" ? "" : bad.expected_pointer));
      CHECK_THAT(error.message(), Catch::Contains(bad.expected_message));
    }
  }
}

TEST_CASE("the unpatched base scenario is valid (so the table tests one fault each)", "[scenario]") {
  CHECK_NOTHROW(testing::scenario_from(testing::station_scenario_json(100, 1, 1.0, 10)));
}

TEST_CASE("an expectation on an unknown metric is refused before the run", "[scenario]") {
  nlohmann::json document = testing::station_scenario_json(100, 1, 1.0, 10);
  document["expect"] = {{{"metric", "request.p99ms"}, {"lt", 5}}};
  const Scenario scenario = testing::scenario_from(document);
  try {
    Run run(scenario);
    FAIL("accepted");
  } catch (const ConfigError& error) {
    CHECK(error.pointer() == "/expect/0/metric");
    CHECK_THAT(error.message(), Catch::Contains("did you mean \"request.p99_ms\"?"));
  }
  // `ringsim validate`'s check, which builds the model without starting the run.
  try {
    Run::check_scenario(scenario);
    FAIL("accepted by check_scenario");
  } catch (const ConfigError& error) {
    CHECK(error.pointer() == "/expect/0/metric");
  }
}

TEST_CASE("validate's check knows the cluster model's metrics without starting the run", "[scenario]") {
  // keys_moved is registered by the cluster model, not by the scenario reader.
  std::ifstream file(std::string(RINGSIM_SOURCE_DIR) + "/scenarios/node_join.json");
  nlohmann::json document = nlohmann::json::parse(file);
  document["expect"] = {{{"metric", "keys_moved"}, {"gt", 0}}};
  CHECK_NOTHROW(Run::check_scenario(testing::scenario_from(document)));
  document["expect"] = {{{"metric", "keys_moveed"}, {"gt", 0}}};
  CHECK_THROWS_WITH(Run::check_scenario(testing::scenario_from(document)), Catch::Contains("keys_moved"));
}

TEST_CASE("overrides given with --set change values by JSON pointer before validation", "[scenario]") {
  const std::string path = testing::write_temp_file(
      "override.json", testing::station_scenario_json(100, 1, 1.0, 10).dump());
  const Scenario scenario = load_scenario(
      path, {parse_override("/workload/arrivals/rate_qps=250"), parse_override("/name=renamed")}, 99);
  CHECK(std::get<StationScenario>(scenario.model).workload.arrivals.rate_qps == 250);
  CHECK(scenario.name == "renamed");
  CHECK(scenario.seed == 99);
  CHECK_THROWS_AS(parse_override("rate_qps=5"), ConfigError);
  // A missing parent is created (optional objects can be set key by key); validation then
  // names a created key that is not a scenario key, and an array element is never created.
  CHECK_THROWS_WITH(load_scenario(path, {parse_override("/nope/deeper=1")}, std::nullopt),
                    Catch::Contains("/nope: unknown key"));
  CHECK_THROWS_WITH(load_scenario(path, {parse_override("/workload/arrivals/rate_qps/x=1")}, std::nullopt),
                    Catch::Contains("not an object"));
  CHECK_THROWS_WITH(load_scenario(path, {parse_override("/workload/arrivals/rate_qs=1")}, std::nullopt),
                    Catch::Contains("did you mean \"rate_qps\"?"));
}

TEST_CASE("invalid JSON reports line and column", "[scenario]") {
  const std::string path = testing::write_temp_file("broken.json", "{\n  \"name\": \"x\",\n  \"seed\": ,\n}\n");
  CHECK_THROWS_WITH(load_scenario(path, {}, std::nullopt), Catch::Contains("line 3"));
  CHECK_THROWS_WITH(load_scenario("/nonexistent/x.json", {}, std::nullopt),
                    Catch::Contains("cannot open"));
}

TEST_CASE("the binary exits 2 on bad input and writes nothing", "[scenario][cli]") {
  nlohmann::json document = testing::station_scenario_json(100, 1, 1.0, 10);
  document["durashun_s"] = 5;
  const std::string path = testing::write_temp_file("typo.json", document.dump());
  const std::filesystem::path out_dir = std::filesystem::path(testing::temp_root()) / "typo-out";
  std::filesystem::remove_all(out_dir);

  const testing::CommandResult typo = testing::run_ringsim("run " + path + " --out " + out_dir.string());
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.output, Catch::Contains("/durashun_s: unknown key"));
  CHECK_THAT(typo.output, Catch::Contains(path));
  CHECK_FALSE(std::filesystem::exists(out_dir));

  CHECK(testing::run_ringsim("validate " + path).exit_code == 2);
  CHECK(testing::run_ringsim("run /nonexistent.json").exit_code == 2);
  CHECK(testing::run_ringsim("run").exit_code == 2);
  CHECK(testing::run_ringsim("frobnicate").exit_code == 2);
  CHECK(testing::run_ringsim("run " + path + " --set nonsense").exit_code == 2);
  CHECK(testing::run_ringsim("--help").exit_code == 0);
  CHECK(testing::run_ringsim("run --help").exit_code == 0);
}

TEST_CASE("a failed expectation exits 1 and says which", "[scenario][cli]") {
  nlohmann::json document = testing::station_scenario_json(100, 1, 1.0, 10);
  document["expect"] = {{{"metric", "request.p99_ms"}, {"lt", 0.001}},
                        {{"metric", "station.rejected"}, {"eq", 0}}};
  const std::string path = testing::write_temp_file("fails.json", document.dump());
  const testing::CommandResult result = testing::run_ringsim("run " + path);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("FAIL  request.p99_ms < 0.001"));
  CHECK_THAT(result.output, Catch::Contains("PASS  station.rejected == 0"));
}

TEST_CASE("run with an output directory writes summary.json and timeseries.csv with the promised fields", "[scenario][cli]") {
  const std::string path = testing::write_temp_file(
      "outputs.json", testing::station_scenario_json(100, 1, 1.0, 5).dump());
  const std::filesystem::path out_dir = std::filesystem::path(testing::temp_root()) / "out";
  std::filesystem::remove_all(out_dir);
  REQUIRE(testing::run_ringsim("run " + path + " --trace --quiet --out " + out_dir.string()).exit_code == 0);
  const nlohmann::json summary = read_json_file((out_dir / "summary.json").string());
  for (const char* key : {"scenario", "seed", "trace_hash", "events", "sim_time_s", "wall_time_s", "ops", "counters"}) {
    CAPTURE(key);
    CHECK(summary.contains(key));
  }
  CHECK(summary["trace_hash"].get<std::string>().size() == 16);
  for (const char* stat : {"count", "mean_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "p999_ms", "max_ms"}) {
    CAPTURE(stat);
    CHECK(summary["ops"]["request"].contains(stat));
  }
  CHECK(std::filesystem::file_size(out_dir / "timeseries.csv") > 100);
  CHECK(std::filesystem::file_size(out_dir / "trace.jsonl") > 100);
}

}  // namespace
}  // namespace ringsim
