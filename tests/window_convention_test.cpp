// The time series' window convention (docs/outputs.md, "Time series"): a row covers
// [start, end) and is stamped with its start; gauges are read at `end` before any event at
// that instant, so a change at exactly a window boundary belongs to the next row. A window
// (or run) without latency samples has no latency statistics (NaN), never 0.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

#include "cli/report.h"
#include "sim/simulator.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

class Recorder final : public EventHandler {
 public:
  std::vector<std::uint64_t> order;
  void handle_event(Simulator&, const Event& event) override { order.push_back(event.arg0); }
  const char* handler_name() const override { return "recorder"; }
  const char* event_kind_name(EventKind) const override { return "tag"; }
};

double value_at(const std::vector<TimePoint>& points, double start_s) {
  for (const TimePoint& point : points) {
    if (point.window_start_ns == seconds_to_ns(start_s)) return point.value;
  }
  FAIL("no window starting at " << start_s << " s");
  return 0;
}

// Deterministic arrivals every 10 ms, constant 5 ms service: just before each arrival the
// station is empty, just after it holds one job.
nlohmann::json periodic_station(double service_ms) {
  nlohmann::json document = testing::station_scenario_json(100, 1, 1, 10);
  document["workload"]["arrivals"] = {{"type", "constant"}, {"rate_qps", 100}};
  document["station"]["service"] = {{"type", "constant"}, {"value_ms", service_ms}};
  return document;
}

}  // namespace

TEST_CASE("schedule_first_at fires before ordinary events at the same instant, even earlier ones", "[engine][window]") {
  Simulator simulator;
  Recorder recorder;
  const HandlerId id = simulator.add_handler(recorder);
  simulator.schedule_at(10, id, 0, 1);
  simulator.schedule_at(5, id, 0, 2);
  simulator.schedule_first_at(10, id, 0, 3);
  simulator.schedule_first_at(10, id, 0, 4);
  simulator.run_to_empty();
  CHECK(recorder.order == std::vector<std::uint64_t>{2, 3, 4, 1});
}

TEST_CASE("a crash exactly at a window boundary shows in the row that starts there, not the one before", "[window]") {
  nlohmann::json document = nlohmann::json::parse(R"({
    "name": "boundary", "seed": 3, "duration_s": 24, "window_s": 1,
    "cluster": {"nodes": 4,
                "node": {"cores": 2, "boot_s": 1,
                         "service": {"get": {"type": "exponential", "mean_ms": 0.2},
                                     "put": {"type": "exponential", "mean_ms": 0.4}}},
                "replication": {"factor": 2, "write_quorum": 1}},
    "data": {"keys": 2000, "value_size": {"type": "constant", "value_bytes": 1024}},
    "workload": {"arrivals": {"type": "poisson", "rate_qps": 200}, "mix": {"get": 0.8, "put": 0.2}},
    "timeline": [{"at_s": 20, "action": "fail_node", "node": 1}]
  })");
  Run run(testing::scenario_from(document));
  run.run_to_end();
  const std::vector<TimePoint>& nodes_up = testing::series_named(run, "nodes_up");
  CHECK(value_at(nodes_up, 19) == 4);  // [19, 20): read at 20 s before the crash.
  CHECK(value_at(nodes_up, 20) == 3);  // [20, 21): the crash at 20 s is in it.
  CHECK(value_at(testing::series_named(run, "under_replicated"), 19) == 0);
  // The crashed node's copies die with it: from its crash window on it holds none, although
  // the replica map lists it until it is declared dead (failure_timeout after 20 s).
  const std::vector<TimePoint>& keys = testing::series_named(run, "node.1.keys");
  CHECK(value_at(keys, 19) > 0);
  CHECK(value_at(keys, 20) == 0);
  CHECK(value_at(testing::series_named(run, "under_replicated"), 20) == Approx(value_at(keys, 19)));
  // A down node has no utilization (an empty cell, a blank heatmap cell), never an idle 0.
  const std::vector<TimePoint>& utilization = testing::series_named(run, "node.1.utilization");
  CHECK(std::isfinite(value_at(utilization, 19)));
  CHECK(std::isnan(value_at(utilization, 21)));
  CHECK(std::isfinite(value_at(testing::series_named(run, "node.0.utilization"), 21)));
}

TEST_CASE("under-replication and a migration shorter than a window show in its maximum and its rate", "[window]") {
  // Declared dead 0.3 s after a crash at 20.2 s; re-replication of ~1,000 keys x 1 KiB at
  // 100 Mbit/s takes ~80 ms: both begin and end inside the window [20, 21).
  nlohmann::json document = nlohmann::json::parse(R"({
    "name": "short", "seed": 3, "duration_s": 24, "window_s": 1,
    "cluster": {"nodes": 4,
                "node": {"cores": 2, "boot_s": 1,
                         "service": {"get": {"type": "exponential", "mean_ms": 0.2},
                                     "put": {"type": "exponential", "mean_ms": 0.4}}},
                "replication": {"factor": 2, "write_quorum": 1},
                "failure_detection": {"heartbeat_ms": 50, "failure_timeout_ms": 300},
                "migration": {"rebalance_bandwidth_mbps": 100}},
    "data": {"keys": 2000, "value_size": {"type": "constant", "value_bytes": 1024}},
    "workload": {"arrivals": {"type": "poisson", "rate_qps": 200}, "mix": {"get": 0.8, "put": 0.2}},
    "timeline": [{"at_s": 20.2, "action": "fail_node", "node": 1}]
  })");
  Run run(testing::scenario_from(document));
  run.run_to_end();
  const RunSummary summary = run.summary();
  const std::vector<TimePoint>& level = testing::series_named(run, "under_replicated");
  const std::vector<TimePoint>& peak = testing::series_named(run, "under_replicated_window_max");
  REQUIRE(peak.size() == level.size());
  CHECK(value_at(level, 20) == 0);  // Read at 21 s: re-replication already ended ...
  CHECK(value_at(peak, 20) > 500);  // ... but the window held ~1,000 under-replicated keys.
  double highest = 0;
  for (std::size_t i = 0; i < peak.size(); ++i) {
    CHECK(peak[i].value >= level[i].value);                 // The end is an instant of the window.
    if (i > 0) CHECK(peak[i].value >= level[i - 1].value);  // So is its start.
    highest = std::max(highest, peak[i].value);
  }
  CHECK(highest == *summary.find("under_replicated_max"));
  // Bytes delivered per window, times the window, add up to the run's bytes moved.
  const std::vector<TimePoint>& rate = testing::series_named(run, "migration_bytes_per_s");
  double delivered = 0;
  for (const TimePoint& point : rate) delivered += point.value * 1.0;
  CHECK(*summary.find("bytes_moved") > 0);
  CHECK(delivered == Approx(*summary.find("bytes_moved")).epsilon(1e-9));
  CHECK(value_at(rate, 20) == Approx(*summary.find("bytes_moved")).epsilon(1e-9));
  CHECK(value_at(testing::series_named(run, "migration_bytes_remaining"), 20) == 0);
}

TEST_CASE("rates of a run's trailing partial window divide by its real length, so it is no dip", "[window]") {
  nlohmann::json document = periodic_station(5);
  document["duration_s"] = 10.5;
  Run run(testing::scenario_from(document));
  run.run_to_end();
  const std::vector<TimePoint>& rate = testing::series_named(run, "request.rate_qps");
  REQUIRE(rate.size() == 11);
  CHECK(value_at(rate, 5) == Approx(100).epsilon(1e-9));
  CHECK(value_at(testing::series_named(run, "request.count"), 10) == 50);  // [10, 10.5) holds 50 ...
  CHECK(value_at(rate, 10) == Approx(100).epsilon(0.021));         // ... at 100/s, not 50/s.
  CHECK(value_at(testing::series_named(run, "station.utilization"), 10) == Approx(0.5).epsilon(0.021));
}

TEST_CASE("gauges are read before the arrival at a window's end (periodic arrivals in phase with windows)", "[window][queueing]") {
  Run run(testing::scenario_from(periodic_station(5)));
  run.run_to_end();
  // An arrival lands exactly on every window end; it belongs to the next window.
  for (const TimePoint& point : testing::series_named(run, "station.in_system")) CHECK(point.value == 0);
  // The time average is Little's L = λW = 100/s × 5 ms = 0.5 in every window (the first has
  // 99 arrivals: the first one is at 10 ms).
  const std::vector<TimePoint>& mean = testing::series_named(run, "station.in_system_mean");
  REQUIRE(mean.size() == 10);
  CHECK(mean[0].value == Approx(0.495).epsilon(1e-9));
  for (std::size_t i = 1; i < mean.size(); ++i) CHECK(mean[i].value == Approx(0.5).epsilon(1e-9));
}

TEST_CASE("a window or run without samples has no latency statistics: NaN, empty CSV cell, null in JSON", "[window]") {
  // One arrival every 2 s, windows of 1 s: every other window has no completion.
  nlohmann::json document = periodic_station(5);
  document["workload"]["arrivals"]["rate_qps"] = 0.5;
  Run run(testing::scenario_from(document));
  run.run_to_end();
  const std::vector<TimePoint>& p99 = testing::series_named(run, "request.p99_ms");
  CHECK(std::isnan(value_at(p99, 0)));  // The first arrival is at 2 s.
  CHECK(value_at(p99, 2) == Approx(5).epsilon(0.01));
  CHECK(std::isnan(value_at(p99, 3)));
  CHECK(value_at(testing::series_named(run, "request.count"), 3) == 0);  // Counts stay 0, not absent.
  std::ostringstream csv;
  write_timeseries_csv(csv, run.metrics());
  CHECK(csv.str().find("\n3,request.p99_ms,\n") != std::string::npos);
  CHECK(csv.str().find("\n3,request.count,0\n") != std::string::npos);

  document["workload"]["arrivals"]["rate_qps"] = 0.01;  // The first arrival is after the end.
  const Scenario quiet = testing::scenario_from(document);
  const RunSummary summary = testing::run_to_end(quiet);
  REQUIRE(summary.ops.at(0).stats.at(0) == 0);
  CHECK(std::isnan(*summary.find("request.p99_ms")));
  const nlohmann::ordered_json json = summary_to_json(quiet, summary, 0, {});
  CHECK(json["ops"]["request"]["p99_ms"].is_null());
  CHECK(json["ops"]["request"]["count"] == 0);
}

}  // namespace ringsim
