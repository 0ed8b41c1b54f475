// The fresh-user trial of headless runs (issue #27, 8/10): percentiles at the histogram's
// resolution, bounded metrics' intervals inside [0, 1], hot-key results only with hot keys,
// one shape flag per point, keys per node labelled with the instant sampled, and shard
// replicas per node in place of ring pies for whole-shard placements.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "cli/merge_stats.h"
#include "cli/report.h"
#include "cli/report/sweep_report.h"
#include "run/hot_key_results.h"
#include "sim/number_text.h"
#include "tests/test_support.h"

namespace ringsim {

TEST_CASE("percentiles are written with the histogram's 3 significant digits", "[headless][trial]") {
  CHECK(round_quantile(52.297727) == 52.3);
  CHECK(format_quantile(0.834178) == "0.834");
  CHECK(format_quantile(1.528) == "1.53");
  CHECK(format_quantile(50.987) == "51.0");
  CHECK(format_quantile(6109.2) == "6110");
  CHECK(is_bucketed_quantile("search.p99_ms"));
  CHECK(is_bucketed_quantile("hot_node_p99_ms"));
  CHECK(is_bucketed_quantile("p50_ms"));
  CHECK_FALSE(is_bucketed_quantile("search.max_ms"));
  CHECK_FALSE(is_bucketed_quantile("top99_ms"));

  const Scenario scenario = testing::scenario_from(testing::station_scenario_json(500, 1, 1, 1));
  RunSummary summary;
  summary.ops.push_back({"request", {10, 1.23456789, 0.834178, 1.528, 1.7, 52.297727, 53.0, 54.347444}});
  const nlohmann::ordered_json json = summary_to_json(scenario, summary, 0, {});
  CHECK(json["ops"]["request"]["p99_ms"].get<double>() == 52.3);
  CHECK(json["ops"]["request"]["max_ms"].get<double>() == 54.347444);  // Exact: kept.
  std::ostringstream console;
  print_summary_table(console, scenario, summary, 0, {});
  CHECK(console.str().find("52.3 ") != std::string::npos);
  CHECK(console.str().find("52.298") == std::string::npos);
}

TEST_CASE("a bounded metric's t interval is clipped to [0, 1] and the sweep report says so", "[headless][trial][sweep]") {
  CHECK(is_unit_interval_metric("recall_at_k"));
  CHECK(is_unit_interval_metric("hot_node_share"));
  CHECK(is_unit_interval_metric("tombstone_ratio_max"));
  CHECK(is_unit_interval_metric("station.utilization"));
  CHECK_FALSE(is_unit_interval_metric("load_max_over_mean"));
  CHECK_FALSE(is_unit_interval_metric("recall_samples"));
  SeedStats recall = seed_stats({0.99, 1.0, 1.0});  // mean 0.9967, t interval [0.982, 1.011]
  REQUIRE(*recall.ci95_high > 1);
  clip_to_unit_interval(recall);
  CHECK(*recall.ci95_high == 1);
  CHECK(recall.ci95_cut_at_one);
  CHECK(*recall.ci95_low < 1);

  const nlohmann::ordered_json merged = nlohmann::ordered_json::parse(R"({
    "grid": ["/x"], "points": [
      {"values": {"/x": 1}, "seeds": [1, 2, 3], "metrics": {"recall_at_k": {"n": 3, "mean": 0.9967, "ci95_low": 0.982,
        "ci95_high": 1, "ci95_cut_at_one": true, "min": 0.99, "max": 1, "per_seed": [[1, 0.99], [2, 1], [3, 1]]}}},
      {"values": {"/x": 2}, "seeds": [1, 2, 3], "metrics": {"recall_at_k": {"n": 3, "mean": 0.95, "ci95_low": 0.94,
        "ci95_high": 0.96, "min": 0.94, "max": 0.96, "per_seed": [[1, 0.94], [2, 0.95], [3, 0.96]]}}}]})");
  const std::string html = report::build_sweep_report_html(merged, "m", {});
  CHECK(html.find("95 % CI [0.982, 1] (clipped at 1: the metric cannot exceed 1)") != std::string::npos);
  CHECK(html.find("clipped at 1 where the t interval reached above it") != std::string::npos);
}

TEST_CASE("shape flags: a set with two groups of seeds is bimodal, never also outliers", "[headless][trial][sweep]") {
  // The trial's get.p99_ms over 5 seeds: the MAD of the three near 51 called 1.8 and 3.5
  // outliers while the gap made the set bimodal.
  const ShapeFlags flags = shape_flags({1.8, 3.5, 51.5, 51.0, 50.7});
  CHECK(flags.bimodal);
  CHECK(flags.outliers.empty());
  CHECK(shape_flags({1.0, 1.1, 1.2, 1.05, 50.0}).outliers == std::vector<std::size_t>{4});  // One far seed: an outlier.
}

TEST_CASE("hot-key results are absent without hot keys: null in summary.json, n/a on the console", "[headless][trial]") {
  CHECK_FALSE(scenario_has_hot_keys(nlohmann::json::parse(R"({"workload": {"popularity": {"type": "uniform"}}})")));
  CHECK(scenario_has_hot_keys(nlohmann::json::parse(R"({"workload": {"popularity": {"type": "zipf"}}})")));
  CHECK(scenario_has_hot_keys(nlohmann::json::parse(R"({"timeline": [{"at_s": 1, "action": "hot_key"}]})")));
  CHECK(scenario_has_hot_keys(nlohmann::json::parse(R"({"cluster": {"node": {"cache": {"capacity_entries": 10}}}})")));
  const std::string dir = testing::temp_dir("trial-hot-keys");
  const std::string node_join = std::string(RINGSIM_SOURCE_DIR) + "/scenarios/node_join.json";
  const testing::CommandResult run = testing::run_ringsim("run " + node_join + " --until 2 --no-expect --set " +
                                                          "'/workload/popularity={\"type\":\"uniform\"}' --out " + dir);
  REQUIRE(run.exit_code == 0);
  CHECK(run.output.find("n/a (no hot keys)") != std::string::npos);
  const nlohmann::json summary = nlohmann::json::parse(testing::read_text(dir + "/summary.json"));
  CHECK(summary["counters"]["hot_node_share"].is_null());
  CHECK(summary["counters"]["hot_node_p99_ms"].is_null());
  CHECK(summary["counters"]["other_nodes_p99_ms"].is_null());
  CHECK(summary["counters"]["cache_hit_ratio"].is_null());  // No cache: no ratio.
  // The same scenario with its Zipf popularity keeps them.
  const testing::CommandResult zipf = testing::run_ringsim("run " + node_join + " --until 2 --no-expect");
  CHECK(zipf.output.find("n/a (no hot keys)") == std::string::npos);
}

TEST_CASE("keys per node are labelled with the instant sampled, whole-shard placements show shard replicas", "[headless][trial][report]") {
  const std::string dir = testing::temp_dir("trial-report");
  const std::string node_failure = std::string(RINGSIM_SOURCE_DIR) + "/scenarios/node_failure.json";
  REQUIRE(testing::run_ringsim("run " + node_failure + " --until 20 --no-expect -q --report " + dir + "/nf.html").exit_code == 0);
  const std::string html = testing::read_text(dir + "/nf.html");
  CHECK(html.find("Keys per node at ") != std::string::npos);
  CHECK(html.find("before (at ") != std::string::npos);
  CHECK(html.find("data-plot=\"ring-0-0-before\"") != std::string::npos);  // Keys on a ring: rings.

  const std::string shards = std::string(RINGSIM_SOURCE_DIR) + "/scenarios/shards/new_node_manual.json";
  REQUIRE(testing::run_ringsim("run " + shards + " --until 12 --no-expect -q --set /data/keys=2000 --report " + dir +
                               "/shards.html").exit_code == 0);
  const std::string shard_html = testing::read_text(dir + "/shards.html");
  CHECK(shard_html.find("data-plot=\"ring-0-0-shards\"") != std::string::npos);
  CHECK(shard_html.find("data-plot=\"ring-0-0-before\"") == std::string::npos);
  CHECK(shard_html.find("moves whole shard replicas, so the hash-circle ring is not drawn") != std::string::npos);
  CHECK(shard_html.find(">n8<") != std::string::npos);  // The joined member with no shard, at 0.
}

}  // namespace ringsim
