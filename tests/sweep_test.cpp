// Sweeps and merging: the sweep plan's order and naming, the Student-t interval against
// published t-table values and its coverage on normal samples, and the histogram file
// format round trip (exact pooling across runs depends on it).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/merge_stats.h"
#include "cli/pooled_output.h"
#include "cli/sweep_plan.h"
#include "sim/config_error.h"
#include "sim/histogram_json.h"
#include "sim/random.h"

namespace ringsim {
namespace {

TEST_CASE("t quantiles match a published t table", "[sweep]") {
  // Two-sided 95 % critical values, e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2.
  CHECK(student_t_quantile(0.975, 1) == Approx(12.706).margin(5e-4));
  CHECK(student_t_quantile(0.975, 3) == Approx(3.182).margin(5e-4));
  CHECK(student_t_quantile(0.975, 9) == Approx(2.262).margin(5e-4));
  CHECK(student_t_quantile(0.975, 30) == Approx(2.042).margin(5e-4));
  CHECK(student_t_quantile(0.975, 100) == Approx(1.984).margin(5e-4));
}

TEST_CASE("seed statistics: mean, sample sd and t interval by hand", "[sweep]") {
  const SeedStats stats = seed_stats({2.0, 4.0, 4.0, 6.0});
  CHECK(stats.n == 4);
  CHECK(stats.mean == 4.0);
  // Squared deviations 4 + 0 + 0 + 4 over n - 1 = 3.
  CHECK(*stats.sd == Approx(std::sqrt(8.0 / 3.0)));
  const double half = 3.182446305284263 * std::sqrt(8.0 / 3.0) / 2.0;
  CHECK(*stats.ci95_low == Approx(4.0 - half));
  CHECK(*stats.ci95_high == Approx(4.0 + half));
  const SeedStats one = seed_stats({7.0});
  CHECK(one.mean == 7.0);
  CHECK_FALSE(one.sd.has_value());
  CHECK_FALSE(one.ci95_low.has_value());
}

TEST_CASE("the t interval covers a normal mean 95 % of the time with 4 samples", "[sweep]") {
  // With 4 samples a normal-quantile (1.96) interval covers only ~86 %; Student's t gives 95 %.
  Rng rng(20261130, "ci_coverage");
  constexpr int kTrials = 20'000;
  int covered = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    std::vector<double> values;
    for (int i = 0; i < 4; ++i) values.push_back(10.0 + 3.0 * rng.next_standard_normal());
    const SeedStats stats = seed_stats(values);
    if (*stats.ci95_low <= 10.0 && 10.0 <= *stats.ci95_high) covered++;
  }
  // Binomial sd at 20k trials is 0.0015; +-0.006 is four of them.
  CHECK(static_cast<double>(covered) / kTrials == Approx(0.95).margin(0.006));
}

TEST_CASE("sweep plan: grid outermost in order, seeds innermost, names and arguments", "[sweep]") {
  SweepSpec spec;
  spec.scenario_path = "/abs/mm1.json";
  parse_seed_range("3..5", spec.seed_first, spec.seed_last);
  spec.grid.push_back(parse_grid_axis("/a=1,2"));
  spec.grid.push_back(parse_grid_axis("/b=x,\"y\""));
  const std::vector<SweepPoint> points = plan_points(spec);
  REQUIRE(points.size() == 12);
  CHECK(points[0].values == std::vector<std::string>{"1", "x"});
  CHECK(points[0].seed == 3);
  CHECK(points[2].seed == 5);
  CHECK(points[3].values == std::vector<std::string>{"1", "\"y\""});
  CHECK(points[3].grid_point == 1);
  CHECK(points[11].values == std::vector<std::string>{"2", "\"y\""});
  CHECK(points[11].index == 12);
  CHECK(point_dir("/s", 12, points.size()) == "/s/points/0012");
  CHECK(point_name(7, 12) == "0007");  // at least 4 digits
  CHECK(point_name(7, 123'456) == "000007");
  const std::vector<std::string> arguments = run_arguments(spec, points[3], "/s/points/0004");
  const std::vector<std::string> expected = {"run", "/abs/mm1.json", "--seed", "3", "--set", "/expect=[]",
                                             "--set", "/a=1", "--set", "/b=\"y\"", "--out", "/s/points/0004",
                                             "--quiet", "--threads", "1"};
  CHECK(arguments == expected);
  CHECK(shell_quote("/a=1") == "/a=1");
  CHECK(shell_quote("/b=\"it's\"") == "'/b=\"it'\\''s\"'");
}

TEST_CASE("sweep options: malformed seeds and grids are refused", "[sweep]") {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  CHECK_THROWS_AS(parse_seed_range("5..3", first, last), ConfigError);
  CHECK_THROWS_AS(parse_seed_range("1..", first, last), ConfigError);
  CHECK_THROWS_AS(parse_seed_range("a", first, last), ConfigError);
  parse_seed_range("9", first, last);
  CHECK((first == 9 && last == 9));
  CHECK_THROWS_AS(parse_grid_axis("rate=1,2"), ConfigError);
  CHECK_THROWS_AS(parse_grid_axis("/rate=1,,2"), ConfigError);
  CHECK_THROWS_AS(parse_grid_axis("/rate="), ConfigError);
  SweepSpec spec;
  spec.seed_first = 1;
  spec.seed_last = 1000;
  spec.grid.push_back(parse_grid_axis("/a=1,2,3,4,5,6,7,8,9,10"));
  spec.grid.push_back(parse_grid_axis("/b=1,2,3,4,5,6,7,8,9,10,11"));
  spec.grid.push_back(parse_grid_axis("/c=1,2,3,4,5,6,7,8,9,10"));
  CHECK_THROWS_AS(plan_points(spec), ConfigError);  // 1.1 M points
}

TEST_CASE("a histogram survives its JSON form exactly, and pools like an in-memory merge", "[sweep]") {
  Rng rng(7, "histogram_json");
  LatencyHistogram a;
  LatencyHistogram b;
  for (int i = 0; i < 50'000; ++i) a.record(rng.next_u64() >> (rng.next_below(64)));
  for (int i = 0; i < 30'000; ++i) b.record(1'000'000 + rng.next_below(9'000'000));
  // A sum above 2^64 must survive too (it is written as a decimal string).
  b.record_n(std::numeric_limits<std::uint64_t>::max(), 3);
  const LatencyHistogram a_read = histogram_from_json(nlohmann::json::parse(histogram_to_json(a).dump()), "a", "");
  const LatencyHistogram b_read = histogram_from_json(nlohmann::json::parse(histogram_to_json(b).dump()), "b", "");
  CHECK(a_read == a);
  CHECK(b_read == b);
  LatencyHistogram merged = a;
  merged.merge(b);
  LatencyHistogram pooled = a_read;
  pooled.merge(b_read);
  CHECK(pooled == merged);
  CHECK(histogram_from_json(histogram_to_json(LatencyHistogram()), "e", "") == LatencyHistogram());
}

TEST_CASE("inconsistent histogram files are refused with the file and pointer", "[sweep]") {
  LatencyHistogram h;
  h.record(1000);
  h.record(5000);
  nlohmann::json json = nlohmann::json::parse(histogram_to_json(h).dump());
  auto expect_error = [](const nlohmann::json& bad, const std::string& pointer) {
    try {
      histogram_from_json(bad, "run/pooled.json", "/ops/request");
      FAIL("accepted " << bad.dump());
    } catch (const ConfigError& error) {
      CHECK(error.file() == "run/pooled.json");
      CHECK(error.pointer() == pointer);
    }
  };
  nlohmann::json bad = json;
  bad["min_ns"] = 3000u;  // not in the first nonzero bucket
  expect_error(bad, "/ops/request");
  bad = json;
  bad["count"] = 3u;
  expect_error(bad, "/ops/request/count");
  bad = json;
  bad["sum_ns"] = 6000;  // a number, not a decimal string
  expect_error(bad, "/ops/request/sum_ns");
  bad = json;
  bad["buckets"][1] = {5000};
  expect_error(bad, "/ops/request/buckets/1");
  bad = json;
  bad["extra"] = 1;
  expect_error(bad, "/ops/request/extra");
  bad = json;
  bad["max_ns"] = -1;
  expect_error(bad, "/ops/request/max_ns");
}

}  // namespace
}  // namespace ringsim
