// The second fresh-user trial of headless runs (issue #27, 8/10): a search's attempt timeout
// named in the scenario (client.search_timeout_ms), client and shard-call timeouts counted
// apart, a sweep's --set kept in merged.json and its report, change times over seeds, one
// rounding for a percentile and its expectation, bar labels for every group, a crashed node
// in keys per node, a sweep axis scaled to its data, counts with separators.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "cli/report/client_timeouts.h"
#include "cli/merge_json.h"
#include "cli/report/charts.h"
#include "cli/report/error_bar_plot.h"
#include "cli/report/sweep_report.h"
#include "sim/config_error.h"
#include "sim/expectation.h"
#include "sim/number_text.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

// 4 nodes, 4 shards RF 2, searches only; node 0 crashes at 2 s and is declared dead 1 s later:
// searches coordinated by it or calling its shards wait out their timeouts meanwhile.
nlohmann::json crash_search(const nlohmann::json& client) {
  nlohmann::json document = nlohmann::json::parse(R"({
    "name": "search_timeouts", "seed": 5, "duration_s": 5, "window_s": 1,
    "cluster": {
      "nodes": 4,
      "node": {"cores": 8},
      "replication": {"factor": 2, "write_quorum": 1, "read_policy": "primary"},
      "failure_detection": {"heartbeat_ms": 100, "failure_timeout_ms": 1000}
    },
    "data": {"keys": 400, "shards": 4, "vectors": {"dim": 8, "clusters": 4, "spread": 0.2}},
    "index": {"m": 8, "ef_construction": 20, "ef_search": 10, "k": 5},
    "workload": {"arrivals": {"type": "poisson", "rate_qps": 200}, "mix": {"search": 1.0}, "recall_sample_rate": 0},
    "timeline": [{"at_s": 2, "action": "fail_node", "node": 0}]
  })");
  document["cluster"]["client"] = client;
  return document;
}

double counter(const RunSummary& summary, const std::string& name) { return summary.find(name).value_or(NAN); }

}  // namespace

TEST_CASE("client.search_timeout_ms: the search attempt timeout, derived by default", "[headless][trial2][search]") {
  // Default timeout_ms 50 x (max_retries 2 + 2) = 200 ms: given explicitly, the same run.
  const RunSummary derived = testing::run_to_end(testing::scenario_from(crash_search({{"timeout_ms", 50}})));
  const RunSummary explicit_same =
      testing::run_to_end(testing::scenario_from(crash_search({{"timeout_ms", 50}, {"search_timeout_ms", 200}})));
  CHECK(derived.trace_hash == explicit_same.trace_hash);
  // A search whose coordinator crashed waits the whole attempt timeout, then retries.
  CHECK(counter(derived, "search.max_ms") > 200);
  const RunSummary shorter =
      testing::run_to_end(testing::scenario_from(crash_search({{"timeout_ms", 50}, {"search_timeout_ms", 80}})));
  CHECK(counter(shorter, "search.max_ms") > 80);
  CHECK(counter(shorter, "search.max_ms") < 200);
  // Timeouts counted apart; timeouts is their total.
  for (const RunSummary* summary : {&derived, &shorter}) {
    CHECK(counter(*summary, "client_timeouts") > 0);
    CHECK(counter(*summary, "shard_timeouts") > 0);
    CHECK(counter(*summary, "timeouts") == counter(*summary, "client_timeouts") + counter(*summary, "shard_timeouts"));
  }
  // Shorter than one shard call's timeout: refused, naming the key.
  try {
    (void)testing::scenario_from(crash_search({{"timeout_ms", 50}, {"search_timeout_ms", 30}}));
    FAIL("search_timeout_ms < timeout_ms was accepted");
  } catch (const ConfigError& error) {
    CHECK_THAT(error.what(), Catch::Contains("/cluster/client/search_timeout_ms"));
    CHECK_THAT(error.what(), Catch::Contains("must be >= timeout_ms"));
  }
  CHECK(client_timeouts_text(crash_search({{"timeout_ms", 50}})) ==
        "call 50 ms (timeout_ms), search attempt 200 ms (search_timeout_ms = 50 x (2 + 2)), max_retries 2");
  CHECK(client_timeouts_text(crash_search({{"timeout_ms", 50}, {"search_timeout_ms", 120}})) ==
        "call 50 ms (timeout_ms), search attempt 120 ms (search_timeout_ms), max_retries 2");
}

TEST_CASE("an expectation on a percentile compares the value shown (3 significant digits)", "[headless][trial2]") {
  RunSummary summary;
  summary.ops.push_back({"search", {10, 4.1, 2.43, 3.71, 4.47, 51.773439, 251.0, 252.7}});
  std::vector<Expectation> expectations(2);
  expectations[0].metric = "search.p99_ms";
  expectations[0].comparison = Expectation::Comparison::kGe;
  expectations[0].bound = 51.8;  // 51.773439 is shown as 51.8: ">= 51.8" holds on the shown value.
  expectations[1].metric = "search.max_ms";  // Exact statistics stay exact.
  expectations[1].comparison = Expectation::Comparison::kLe;
  expectations[1].bound = 253;
  const std::vector<ExpectationOutcome> outcomes = evaluate_expectations(expectations, summary);
  CHECK(outcomes[0].actual == 51.8);
  CHECK(outcomes[0].passed);
  CHECK(outcomes[1].actual == 252.7);
}

TEST_CASE("merged changes give each change's time over the seeds", "[headless][trial2][sweep]") {
  const std::vector<nlohmann::ordered_json> runs = {
      nlohmann::ordered_json::parse(R"([{"time_s": 10.2, "action": "declared_dead", "subject": "5", "keys_moved": 10}])"),
      nlohmann::ordered_json::parse(R"([{"time_s": 10.3, "action": "declared_dead", "subject": "5", "keys_moved": 12}])"),
      nlohmann::ordered_json::parse(R"([{"time_s": 10.2, "action": "declared_dead", "subject": "5", "keys_moved": 11}])")};
  const nlohmann::ordered_json changes = changes_json(runs);
  REQUIRE(changes[0]["time_s"].is_object());
  CHECK(changes[0]["time_s"]["min"] == 10.2);
  CHECK(changes[0]["time_s"]["max"] == 10.3);
  nlohmann::ordered_json merged = nlohmann::ordered_json::parse(R"({"grid": ["/x"], "points": [
      {"values": {"/x": 1}, "seeds": [1, 2, 3], "metrics": {}}]})");
  merged["points"][0]["changes"] = changes;
  const std::string html = report::build_sweep_report_html(merged, "m", {});
  CHECK_THAT(html, Catch::Contains("10.23 [10.2, 10.3]"));
}

TEST_CASE("a sweep's --set and grid are in merged.json and the sweep report", "[headless][trial2][sweep]") {
  const std::filesystem::path dir = std::filesystem::path(testing::temp_root()) / "trial2" / "sweep";
  std::filesystem::remove_all(dir);
  const std::string mm1 = std::string(RINGSIM_SOURCE_DIR) + "/scenarios/mm1.json";
  REQUIRE(testing::run_ringsim("sweep " + mm1 + " --seeds 1..2 --set /duration_s=2 --set /warmup_s=0.5 " +
                               "--grid /workload/arrivals/rate_qps=300,500 --out " + (dir / "s").string())
              .exit_code == 0);
  REQUIRE(testing::run_ringsim("merge " + (dir / "s").string() + " --out " + (dir / "m").string()).exit_code == 0);
  std::ifstream in(dir / "m" / "merged.json");
  const nlohmann::ordered_json merged = nlohmann::ordered_json::parse(in);
  CHECK(merged["set"] == nlohmann::ordered_json::array({"/duration_s=2", "/warmup_s=0.5"}));
  CHECK(merged["grid_axes"][0]["pointer"] == "/workload/arrivals/rate_qps");
  CHECK(merged["grid_axes"][0]["values"] == nlohmann::ordered_json::array({300, 500}));
  const std::string html = report::build_sweep_report_html(merged, "m", {});
  CHECK_THAT(html, Catch::Contains("/duration_s=2  /warmup_s=0.5"));
  CHECK_THAT(html, Catch::Contains("description as written; this sweep overrides /duration_s, /warmup_s and "
                                   "/workload/arrivals/rate_qps"));
}

TEST_CASE("bar labels wrap so every group keeps its label", "[headless][trial2][report]") {
  report::BarChart chart;
  chart.id = "keys-moved";
  chart.series_labels = {"moved", "ideal"};
  for (const char* label : {"failure_timeout_ms=1500 @ 21.5 s declared_dead", "failure_timeout_ms=1500 @ 42 s join",
                            "failure_timeout_ms=300 @ 20.3 s declared_dead", "failure_timeout_ms=300 @ 42 s join"}) {
    chart.groups.push_back({label, {1, 2}});
  }
  const std::string svg = report::render_bar_chart(chart);
  // Every group's label, on wrapped lines: "42 s join" of both runs included.
  std::size_t joins = 0;
  for (std::size_t at = svg.find("@ 42 s join"); at != std::string::npos; at = svg.find("@ 42 s join", at + 1)) joins += 1;
  CHECK(joins >= 2);
}

TEST_CASE("a sweep plot of values near 1 is scaled to the data and says so", "[headless][trial2][sweep]") {
  report::ErrorBarPlot plot;
  plot.id = "recall";
  plot.y_title = "recall_at_k (mean)";
  plot.series.push_back({"mean over seeds", "#000", {{1, 0.99998, {}, {}, {0.99996, 1.0}, {}, {}},
                                                     {2, 0.99990, {}, {}, {0.9998, 1.0}, {}, {}}}});
  const std::string svg = report::render_error_bar_plot(plot);
  CHECK_THAT(svg, Catch::Contains("recall_at_k (mean) (axis not from 0)"));
  plot.series[0].points[1].mean = 0.2;  // A real drop: from 0 again.
  CHECK_THAT(report::render_error_bar_plot(plot), !Catch::Contains("axis not from 0"));
}

TEST_CASE("report tables print counts with thousands separators", "[headless][trial2][report]") {
  CHECK(format_table_number(1236289) == "1,236,289");
  CHECK(format_table_number(-22222) == "-22,222");
  CHECK(format_table_number(999) == "999");
  CHECK(format_table_number(0.7996) == "0.7996");
}

}  // namespace ringsim
