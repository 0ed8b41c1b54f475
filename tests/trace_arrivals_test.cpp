// Arrivals replayed from a trace (workloads/trace_arrivals.h): timestamps exactly, rates as
// a Poisson process whose counts match the integrated rate, time scaling, looping, and
// errors naming the trace file and line.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "sim/config_error.h"
#include "tests/test_support.h"
#include "workloads/arrivals.h"

namespace ringsim {
namespace {

ArrivalConfig read_trace(const std::string& name, const std::string& contents, const std::string& extra = "") {
  const std::string path = testing::write_temp_file(name, contents);
  const nlohmann::json value =
      nlohmann::json::parse(R"({"type": "trace", "file": ")" + path + "\"" + extra + "}");
  return read_arrivals(ObjectReader(value, "/workload/arrivals", "scenario.json"));
}

// Arrival times until end_ns.
std::vector<TimeNs> replay(const ArrivalConfig& config, TimeNs end_ns) {
  ArrivalProcess process(config, Rng(5));
  std::vector<TimeNs> times;
  TimeNs now_ns = 0;
  for (;;) {
    now_ns += process.next_gap_ns(now_ns);
    if (now_ns >= end_ns) return times;
    times.push_back(now_ns);
  }
}

TEST_CASE("a trace of timestamps is replayed exactly, scaled and looped", "[arrivals][trace]") {
  const std::string csv = "# epoch seconds\ntime_s\n1000.0\n1000.5\n1000.5\n1002\n";
  const ArrivalConfig once = read_trace("stamps.csv", csv);
  CHECK(once.trace->period_ns == 2 * kNsPerS + 2 * kNsPerS / 3);  // span 2 s + mean gap 2/3 s
  // Relative to the first row; two requests at 0.5 s are 1 ns apart (time must advance).
  CHECK(replay(once, 10 * kNsPerS) == std::vector<TimeNs>{1, kNsPerS / 2, kNsPerS / 2 + 1, 2 * kNsPerS});
  const ArrivalConfig slow_loop = read_trace("stamps.csv", csv, R"(, "time_scale": 2, "loop": true)");
  const std::vector<TimeNs> looped = replay(slow_loop, 8 * kNsPerS);
  // Pass length 2 x 8/3 s = 5.33 s: the second pass starts there.
  REQUIRE(looped.size() == 7);
  CHECK(looped[3] == 4 * kNsPerS);
  CHECK(looped[4] == slow_loop.trace->period_ns);
  CHECK(looped[5] == slow_loop.trace->period_ns + kNsPerS);
}

TEST_CASE("a trace of rates gives Poisson counts of the integrated rate per interval", "[arrivals][trace]") {
  const ArrivalConfig config =
      read_trace("rates.csv", "time_s,rate_qps\n0,1000\n10,0\n20,4000\n", R"(, "rate_scale": 0.5, "loop": true)");
  CHECK(config.trace->period_ns == 30 * kNsPerS);
  CHECK(config.rate_qps == Approx((500 * 10 + 0 + 2000 * 10) / 30.0));
  CHECK(config.peak_rate_qps() == Approx(2000));
  const std::vector<TimeNs> times = replay(config, 60 * kNsPerS);
  std::vector<double> per_interval(6, 0);
  for (const TimeNs at_ns : times) per_interval[static_cast<std::size_t>(at_ns / (10 * kNsPerS))] += 1;
  const double expected[] = {5000, 0, 20000, 5000, 0, 20000};
  for (std::size_t i = 0; i < 6; ++i) {
    CAPTURE(i);
    CHECK(per_interval[i] == Approx(expected[i]).margin(4 * std::sqrt(expected[i]) + 1e-9));
  }
  // Without loop nothing arrives after one pass; set_rate scales the trace.
  const ArrivalConfig once = read_trace("rates.csv", "time_s,rate_qps\n0,1000\n10,1000\n");
  CHECK(replay(once, 60 * kNsPerS).back() < 20 * kNsPerS);
  ArrivalProcess doubled(once, Rng(5));
  doubled.set_rate(2 * once.rate_qps);
  CHECK(doubled.rate_at(5 * kNsPerS) == Approx(2000));
}

TEST_CASE("trace errors name the file and line", "[arrivals][trace][scenario]") {
  CHECK_THROWS_WITH(read_trace("bad1.csv", "time_s,rate_qps\n0,100\n5,abc\n"),
                    Catch::Contains("bad1.csv:3: /workload/arrivals/file: expected \"time_s,rate_qps\""));
  CHECK_THROWS_WITH(read_trace("bad2.csv", "time_s\n3\n2\n"),
                    Catch::Contains("bad2.csv:3: /workload/arrivals/file: time_s must not decrease"));
  CHECK_THROWS_WITH(read_trace("bad3.csv", "when,qps\n"), Catch::Contains("bad3.csv:1:") &&
                                                              Catch::Contains("expected a header line"));
  CHECK_THROWS_WITH(read_trace("bad4.csv", "time_s,rate_qps\n0,0\n"), Catch::Contains("every rate_qps is 0"));
  CHECK_THROWS_WITH(read_trace("bad5.csv", "time_s\n1\n2\n", R"(, "rate_scale": 2)"),
                    Catch::Contains("/workload/arrivals/rate_scale"));
  const nlohmann::json missing = nlohmann::json::parse(R"({"type": "trace", "file": "no/such.csv"})");
  CHECK_THROWS_WITH(read_arrivals(ObjectReader(missing, "/workload/arrivals", "/tmp/s.json")),
                    Catch::Contains("/workload/arrivals/file: no such file: /tmp/no/such.csv"));
}

TEST_CASE("the shipped trace replay resolves its trace next to the scenario", "[arrivals][trace][scenario]") {
  const Scenario scenario =
      load_scenario(std::string(RINGSIM_SOURCE_DIR) + "/scenarios/trace_replay.json", {}, std::nullopt);
  const auto& cluster = std::get<ClusterScenario>(scenario.model);
  REQUIRE(cluster.workload.arrivals.type == ArrivalConfig::Type::kTrace);
  CHECK(cluster.workload.arrivals.trace->times_ns.size() == 12);
  CHECK(cluster.workload.arrivals.trace->period_ns == 120 * kNsPerS);
}

}  // namespace
}  // namespace ringsim
