// What an engineer pastes into a design doc (issue #27): warnings when a run tested
// nothing, the console without zero noise, diff as a gate, and sweep statistics that do not
// assume normal per-seed values.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "cli/merge_stats.h"
#include "cli/run_warnings.h"
#include "sim/number_text.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

std::string write_summary(const std::string& name, const nlohmann::json& summary) {
  const std::filesystem::path dir = std::filesystem::path(testing::temp_root()) / "headless" / name;
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "summary.json") << summary.dump();
  return dir.string();
}

SummaryTable changes_table(std::vector<std::vector<nlohmann::json>> rows, bool shards = false) {
  SummaryTable table{"changes", {"time_s", "action", "subject", "members", "keys_moved", "keys_moved_ideal",
                                 "moved_over_ideal", "bytes_moved", "migration_s", "fully_replicated_s"}, std::move(rows)};
  if (shards) table.columns.insert(table.columns.end(), {"shards_moved", "shards_moved_ideal"});
  return table;
}

bool any_contains(const std::vector<std::string>& lines, const std::string& text) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("warnings: a fault on an empty node, a join that got nothing, moved below ideal, trivial expectations", "[headless]") {
  RunSummary summary;
  summary.tables.push_back(changes_table({
      {20.0, "fail_node", "3", "12->12", 0, 0, nullptr, 0, 0.0, nullptr, 0, 0},
      {21.0, "declared_dead", "3", "12->11", 0, 0.0, nullptr, 0, 0.0, nullptr, 0, 0},
      {40.0, "join", "12", "11->12", 0, 500.0, 0.0, 0, 0.0, nullptr, 0, 2.0},
      {50.0, "join", "13", "12->13", 3011, 6000.0, 0.50183, 1000, 1.0, nullptr, 1, 2.0},
  }, true));
  const Expectation lost{"lost_keys", Expectation::Comparison::kEq, 0, 0, ""};
  const Expectation deletes{"delete.p99_ms", Expectation::Comparison::kLt, 5, 0, ""};
  const std::vector<ExpectationOutcome> outcomes = {{&lost, 0, true}, {&deletes, NAN, false}};
  const std::vector<std::string> warnings = run_warnings(summary, outcomes);
  CHECK(any_contains(warnings, "21 s declared_dead 3: the node held no copies"));
  CHECK(any_contains(warnings, "40 s join 12: the joining node received nothing"));
  CHECK(any_contains(warnings, "50 s join 13: keys moved 3,011 is below the ideal 6,000 (ratio 0.5); keys move in whole shards"));
  CHECK(any_contains(warnings, "expectation lost_keys == 0 holds trivially"));
  CHECK(any_contains(warnings, "expectation delete.p99_ms < 5: no sample"));
  CHECK(warnings.size() == 5);

  // A failure that hit data: no trivial-expectation warning, no empty-node warning.
  RunSummary healthy;
  healthy.tables.push_back(changes_table({{21.0, "declared_dead", "3", "8->7", 75000, 75000.0, 1.0, 1, 3.0, 3.0}}));
  CHECK(run_warnings(healthy, {{&lost, 0, true}}).empty());
}

TEST_CASE("warnings: a fault that was skipped (node still booting) hit nothing, so its expectations hold trivially", "[headless]") {
  RunSummary summary;
  summary.tables.push_back(changes_table({
      {10.1, "fail_node (skipped: not running)", "8", "8->8", 0, 0, nullptr, 0, nullptr, nullptr},
      {12.0, "join", "8", "8->9", 67076, 66666.7, 1.006, 1, 5.5, 0.0},
  }));
  const Expectation lost{"lost_keys", Expectation::Comparison::kEq, 0, 0, ""};
  const std::vector<std::string> warnings = run_warnings(summary, {{&lost, 0, true}});
  CHECK(any_contains(warnings, "10.1 s fail_node 8 did nothing: not running (a node added by add_node runs only once it has booted"));
  CHECK(any_contains(warnings, "expectation lost_keys == 0 holds trivially"));
  CHECK(warnings.size() == 2);
  // A skipped recover_node is said, and is no fault: the run has none, so lost_keys == 0
  // holds trivially for that reason (not because a fault hit nothing).
  RunSummary recover;
  recover.tables.push_back(changes_table({{5.0, "recover_node (skipped: not failed)", "2", "8->8", 0, 0, nullptr, 0, nullptr, nullptr}}));
  const std::vector<std::string> recovered = run_warnings(recover, {{&lost, 0, true}});
  REQUIRE(recovered.size() == 2);
  CHECK(recovered[0] == "5 s recover_node 2 did nothing: not failed");
  CHECK(recovered[1].find("expectation lost_keys == 0 holds trivially: this run has no fault") == 0);
}

TEST_CASE("median interval: order statistics with their exact confidence, min to max below 6 seeds", "[headless][sweep]") {
  // n = 10: [x(2), x(9)], confidence 1 - 2 * 11/1024 = 97.85 % (Hollander & Wolfe table A.30).
  const std::optional<OrderStatInterval> ten = median_interval({10, 1, 9, 2, 8, 3, 7, 4, 6, 5});
  REQUIRE(ten);
  CHECK(ten->median == 5.5);
  CHECK(ten->low == 2);
  CHECK(ten->high == 9);
  CHECK(ten->level == Approx(1 - 2 * 11.0 / 1024));
  // A bimodal p99 (the failure hit nothing in one seed) cannot push the interval past the data.
  const std::optional<OrderStatInterval> three = median_interval({61.0, 30.0, 44.0});
  CHECK(three->low == 30);
  CHECK(three->high == 61);
  CHECK(three->level == Approx(0.75));
  CHECK(is_percentile_metric("search.p99_ms"));
  CHECK(is_percentile_metric("get.max_ms"));
  CHECK_FALSE(is_percentile_metric("get.mean_ms"));
  CHECK_FALSE(is_percentile_metric("keys_moved"));
}

TEST_CASE("shape flags: outliers by scaled MAD, two groups as bimodal", "[headless][sweep]") {
  const ShapeFlags outlier = shape_flags({1.0, 1.1, 1.2, 1.05, 50.0});
  CHECK(outlier.outliers == std::vector<std::size_t>{4});
  CHECK_FALSE(outlier.bimodal);  // One far value is an outlier, not a second mode.
  CHECK(shape_flags({28.0, 29.0, 61.0, 62.0}).bimodal);
  CHECK_FALSE(shape_flags({28.0, 29.0, 30.0, 31.0}).bimodal);
  // Seeds within a few percent are one population: 31.0 is 5.4 MADs out but 2.6 % away,
  // and two pairs 0.4 apart around 30 are no two modes.
  CHECK(shape_flags({30.0, 30.1, 30.2, 30.3, 31.0}).outliers.empty());
  CHECK_FALSE(shape_flags({30.0, 30.1, 30.5, 30.6}).bimodal);
  CHECK(shape_flags({30.0, 30.1, 30.2, 30.3, 45.0}).outliers == std::vector<std::size_t>{4});
}

TEST_CASE("a t interval of a non-negative metric is cut at 0 and says so", "[headless][sweep]") {
  // timeouts over 4 seeds: 0, 0, 3, 1400. mean 350.75, t(0.975; 3) sd / 2 = 1113: [-762, 1464].
  const SeedStats skewed = seed_stats({0, 0, 3, 1400});
  REQUIRE(skewed.ci95_low);
  CHECK(*skewed.ci95_low == 0);
  CHECK(skewed.ci95_cut_at_zero);
  CHECK(*skewed.ci95_high == Approx(350.75 + 1113.1).epsilon(1e-3));
  const SeedStats even = seed_stats({10, 11, 12});
  CHECK_FALSE(even.ci95_cut_at_zero);
  CHECK(*even.ci95_low == Approx(11 - 4.303 / std::sqrt(3.0)).epsilon(1e-3));
  const SeedStats same = seed_stats({0.1 + 0.2, 0.1 + 0.2, 0.1 + 0.2});  // Identical: sd exactly 0.
  CHECK(*same.sd == 0);
  CHECK(same.mean == 0.1 + 0.2);
  CHECK(*same.ci95_low == same.mean);
  CHECK(shape_flags({1.51, 1.53, 1.66}).outliers.empty());  // Three seeds: no outlier hunt.
  const SeedStats signed_values = seed_stats({-1, 0, 3, 1400});  // A value below 0: no cut.
  CHECK(*signed_values.ci95_low < 0);
  CHECK_FALSE(signed_values.ci95_cut_at_zero);
}

TEST_CASE("warnings: lost keys are named, since under_replicated never counts them", "[headless]") {
  RunSummary summary;
  summary.counters.emplace_back("lost_keys", 4935.0);
  const std::vector<std::string> warnings = run_warnings(summary, {});
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("4,935 keys were lost (lost_keys)") == 0);
  CHECK(warnings[0].find("not under-replicated") != std::string::npos);
  RunSummary kept;
  kept.counters.emplace_back("lost_keys", 0.0);
  CHECK(run_warnings(kept, {}).empty());
}

TEST_CASE("warnings: members that held no shard (whole-shard placement) are named", "[headless]") {
  RunSummary summary;
  summary.counters.emplace_back("members_without_shards_s", 12.0);
  const std::vector<std::string> warnings = run_warnings(summary, {});
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("members held no shard for 12 member-seconds") != std::string::npos);
  RunSummary even;
  even.counters.emplace_back("members_without_shards_s", 0.0);
  CHECK(run_warnings(even, {}).empty());
}

TEST_CASE("diff sorts by relative change and --threshold METRIC=PCT exits 1 when exceeded", "[headless][ci]") {
  const nlohmann::json base = {{"events", 1000}, {"ops", {{"get", {{"count", 100}, {"p99_ms", 2.0}}}}},
                               {"counters", {{"keys", 100}, {"timeouts", 0}}}};
  nlohmann::json changed = base;
  changed["ops"]["get"]["p99_ms"] = 3.0;  // +50 %
  changed["counters"]["keys"] = 101;      // +1 %
  const std::string a = write_summary("a", base), b = write_summary("b", changed);
  const testing::CommandResult sorted = testing::run_ringsim("diff " + a + " " + b);
  CHECK(sorted.exit_code == 0);
  REQUIRE(sorted.output.find("get.p99_ms") != std::string::npos);
  CHECK(sorted.output.find("get.p99_ms") < sorted.output.find("keys "));
  CHECK(sorted.output.find("keys ") < sorted.output.find("events"));
  const testing::CommandResult gate = testing::run_ringsim("diff " + a + " " + b + " --threshold get.p99_ms=10 --threshold keys=5");
  CHECK(gate.exit_code == 1);
  CHECK(gate.output.find("THRESHOLD EXCEEDED  get.p99_ms: 2 -> 3 (50 %, limit 10 %)") != std::string::npos);
  CHECK(gate.output.find("THRESHOLD EXCEEDED  keys") == std::string::npos);
  CHECK(testing::run_ringsim("diff " + a + " " + b + " --threshold keys=5").exit_code == 0);
  CHECK(testing::run_ringsim("diff " + a + " " + b + " --threshold nope=5").exit_code == 2);
  CHECK(testing::run_ringsim("diff " + a + " " + b + " --threshold get.p99_ms").exit_code == 2);
}

TEST_CASE("the console hides counters at 0 and says how many", "[headless]") {
  // node_join's first second: no retries, no cache; lost_keys is 0 but named by an expectation.
  const std::string node_join = std::string(RINGSIM_SOURCE_DIR) + "/scenarios/node_join.json";
  const testing::CommandResult run = testing::run_ringsim("run " + node_join + " --until 1 --no-expect");
  REQUIRE(run.exit_code == 0);
  CHECK(run.output.find("\nretries ") == std::string::npos);
  CHECK(run.output.find("\ncache_hits ") == std::string::npos);
  CHECK(run.output.find("\nlost_keys ") != std::string::npos);
  CHECK(run.output.find("counters at 0 not shown; summary.json lists every one") != std::string::npos);
}

}  // namespace ringsim

namespace ringsim {

TEST_CASE("the run's --set and --inject are echoed under the console header and kept in summary.json", "[headless]") {
  const std::filesystem::path dir = std::filesystem::path(testing::temp_root()) / "headless" / "inject";
  std::filesystem::remove_all(dir);
  const std::string scenario = std::string(RINGSIM_SOURCE_DIR) + "/scenarios/node_join.json";
  const testing::CommandResult result = testing::run_ringsim("run " + scenario + " --no-expect --set /duration_s=12 --inject '11s fail_node 2' --out " +
                                                             dir.string());
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.output, Catch::Contains("--set     /duration_s=12\n--inject  11s fail_node 2\n"));
  std::ifstream in(dir / "summary.json");
  const nlohmann::json summary = nlohmann::json::parse(in);
  CHECK(summary["overrides"] == nlohmann::json::array({"/duration_s=12"}));
  CHECK(summary["injections"] == nlohmann::json::array({"11s fail_node 2"}));
}

TEST_CASE("merge keeps per-seed values, a median interval for percentiles, report writes Markdown and SVG files", "[headless][sweep]") {
  const std::filesystem::path dir = std::filesystem::path(testing::temp_root()) / "headless" / "sweep";
  std::filesystem::remove_all(dir);
  const std::string mm1 = std::string(RINGSIM_SOURCE_DIR) + "/scenarios/mm1.json";
  REQUIRE(testing::run_ringsim("sweep " + mm1 + " --seeds 1..3 --set /duration_s=5 --set /warmup_s=1 --grid /workload/arrivals/rate_qps=300,500 --out " +
                               (dir / "s").string()).exit_code == 0);
  REQUIRE(testing::run_ringsim("merge " + (dir / "s").string() + " --out " + (dir / "m").string()).exit_code == 0);
  std::ifstream in(dir / "m" / "merged.json");
  const nlohmann::json merged = nlohmann::json::parse(in);
  const nlohmann::json& p99 = merged["points"][0]["metrics"]["request.p99_ms"];
  REQUIRE(p99["per_seed"].size() == 3);
  CHECK(p99["per_seed"][0][0] == 1);
  CHECK(p99["interval"] == "median_order_statistic");
  CHECK(p99["median_ci_low"].get<double>() == p99["min"].get<double>());  // 3 seeds: [min, max] ...
  CHECK(p99["median_ci_high"].get<double>() == p99["max"].get<double>());
  CHECK(p99["median_ci_level"].get<double>() == Approx(0.75));            // ... at 75 %.
  CHECK(merged["points"][0]["metrics"]["request.mean_ms"]["interval"] == "mean_t");
  // Percentiles at the histogram's resolution (3 significant digits), per seed, the mean and
  // the pooled value alike (issue #27 trial: 52.297727 suggested false precision).
  for (const auto& pair : p99["per_seed"]) CHECK(pair[1].get<double>() == round_quantile(pair[1].get<double>()));
  CHECK(p99["mean"].get<double>() == round_quantile(p99["mean"].get<double>()));
  const double pooled_p99 = merged["points"][0]["pooled"]["request"]["p99_ms"].get<double>();
  CHECK(pooled_p99 == round_quantile(pooled_p99));
  CHECK(merged["scenario"]["name"] == "mm1");            // The report's title says what was swept.
  CHECK(merged["points"][0]["warnings"].is_array());     // Each run's warnings, by seed.
  const testing::CommandResult typo = testing::run_ringsim("report " + (dir / "m").string() + " --out " +
                                                           (dir / "t.html").string() + " --metrics request.p99");
  CHECK(typo.exit_code == 2);
  CHECK(typo.output.find("did you mean request.p99_ms?") != std::string::npos);
  std::ifstream seeds(dir / "m" / "merged_seeds.csv");
  std::string header;
  std::getline(seeds, header);
  CHECK(header == "point,/workload/arrivals/rate_qps,seed,metric,value");

  const std::string md = (dir / "doc" / "sweep.md").string();
  REQUIRE(testing::run_ringsim("report " + (dir / "m").string() + " --markdown " + md + " --svg-dir " + (dir / "doc" / "plots").string() +
                               " --metrics request.p99_ms").exit_code == 0);
  std::ifstream markdown(md);
  const std::string text((std::istreambuf_iterator<char>(markdown)), std::istreambuf_iterator<char>());
  CHECK(text.find("![sweep-request-p99_ms-by-0](plots/sweep-request-p99_ms-by-0.svg)") != std::string::npos);
  CHECK(text.find("| point | /workload/arrivals/rate_qps | seeds |") != std::string::npos);
  CHECK(text.find("request.mean_ms") == std::string::npos);  // --metrics: only the metrics asked for.
  CHECK(std::filesystem::exists(dir / "doc" / "plots" / "sweep-request-p99_ms-by-0.svg"));
}

}  // namespace ringsim
