// The client's retry policy and the node's load shedding, held to their definitions:
// backoff per jitter mode against the AWS Architecture Blog's formulas, the retry budget's
// token arithmetic, the circuit breaker's closed/open/half-open transitions, drop_expired
// spending no core time, "overloaded" answered at once, and the retry storm of Bronson et
// al. (HotOS 2021, 2.1) collapsing without mitigation and recovering with each mitigation.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "models/cluster/cluster_model.h"
#include "models/cluster/retry_policy.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

ClientConfig backoff_config(ClientConfig::Jitter jitter) {
  ClientConfig config;
  config.backoff_base_ns = 100 * kNsPerMs;
  config.backoff_max_ns = 1000 * kNsPerMs;
  config.jitter = jitter;
  return config;
}

TEST_CASE("backoff without jitter doubles from the base up to the cap", "[retry]") {
  const ClientConfig config = backoff_config(ClientConfig::Jitter::kNone);
  Rng rng(1);
  const TimeNs expected_ms[] = {100, 200, 400, 800, 1000, 1000};
  for (std::uint32_t retry = 1; retry <= 6; ++retry) {
    CHECK(backoff_delay_ns(config, retry, rng) == expected_ms[retry - 1] * kNsPerMs);
  }
  CHECK(backoff_delay_ns(config, 200, rng) == 1000 * kNsPerMs);  // No overflow far out.
  ClientConfig immediate = config;
  immediate.backoff_base_ns = 0;
  CHECK(backoff_delay_ns(immediate, 3, rng) == 0);
}

// Full jitter: uniform on [0, ceiling); equal jitter: ceiling/2 + uniform on [0, ceiling/2).
TEST_CASE("full and equal jitter draw uniformly under the ceiling", "[retry]") {
  constexpr int kSamples = 20'000;
  const double ceiling_ns = 400.0 * kNsPerMs;  // retry 3: 100 ms * 2^2
  for (const auto jitter : {ClientConfig::Jitter::kFull, ClientConfig::Jitter::kEqual}) {
    const ClientConfig config = backoff_config(jitter);
    Rng rng(42);
    const double low_ns = jitter == ClientConfig::Jitter::kFull ? 0 : ceiling_ns / 2;
    double sum_ns = 0;
    for (int i = 0; i < kSamples; ++i) {
      const auto delay_ns = static_cast<double>(backoff_delay_ns(config, 3, rng));
      REQUIRE(delay_ns >= low_ns);
      REQUIRE(delay_ns <= ceiling_ns);
      sum_ns += delay_ns;
    }
    // Mean of a uniform on [low, ceiling]; its standard error here is under 0.3 %.
    CHECK(sum_ns / kSamples == Approx((low_ns + ceiling_ns) / 2).epsilon(0.01));
  }
}

TEST_CASE("the retry budget deposits ratio per request and withdraws one per retry", "[retry]") {
  RetryBudget budget(0.1, 10);
  CHECK(budget.balance() == 10);  // Starts full (gRPC's maxTokens).
  for (int i = 0; i < 10; ++i) CHECK(budget.try_withdraw());
  CHECK_FALSE(budget.try_withdraw());
  for (int i = 0; i < 9; ++i) budget.on_request();
  CHECK_FALSE(budget.try_withdraw());  // 0.9 tokens: not yet one retry.
  budget.on_request();
  CHECK(budget.try_withdraw());  // Ten requests earn one retry.
  CHECK_FALSE(budget.try_withdraw());
  for (int i = 0; i < 1000; ++i) budget.on_request();
  CHECK(budget.balance() == Approx(10));  // Capped.
  RetryBudget unlimited(-1, 10);
  for (int i = 0; i < 100; ++i) CHECK(unlimited.try_withdraw());
}

CircuitBreakerConfig breaker_config() {
  CircuitBreakerConfig config;
  config.enabled = true;
  config.failure_ratio = 0.5;
  config.window_ns = 10 * kNsPerS;
  config.open_ns = 5 * kNsPerS;
  config.min_requests = 4;
  return config;
}

TEST_CASE("the circuit breaker opens, probes half-open and closes", "[retry]") {
  CircuitBreaker breaker(breaker_config());
  TimeNs now_ns = 100 * kNsPerS;
  breaker.on_success(now_ns);
  breaker.on_failure(now_ns);
  breaker.on_failure(now_ns);
  CHECK(breaker.state() == CircuitBreaker::State::kClosed);  // 3 outcomes < min_requests
  breaker.on_success(now_ns);
  CHECK(breaker.state() == CircuitBreaker::State::kClosed);  // 2 of 4 failed, but the last succeeded
  breaker.on_failure(now_ns);                                // 3 of 5 failed >= 0.5
  CHECK(breaker.state() == CircuitBreaker::State::kOpen);
  CHECK(breaker.opens() == 1);
  CHECK_FALSE(breaker.allow(now_ns + 4 * kNsPerS));
  now_ns += 5 * kNsPerS;
  CHECK(breaker.allow(now_ns));  // Half-open: one probe...
  CHECK(breaker.state() == CircuitBreaker::State::kHalfOpen);
  CHECK_FALSE(breaker.allow(now_ns));  // ...at a time.
  breaker.on_failure(now_ns + kNsPerS);
  CHECK(breaker.state() == CircuitBreaker::State::kOpen);  // The probe failed: open again.
  CHECK(breaker.opens() == 2);
  now_ns += 6 * kNsPerS;
  CHECK(breaker.allow(now_ns));
  breaker.on_success(now_ns);
  CHECK(breaker.state() == CircuitBreaker::State::kClosed);
  // Closing cleared the window: three more failures are below min_requests.
  for (int i = 0; i < 3; ++i) breaker.on_failure(now_ns);
  CHECK(breaker.state() == CircuitBreaker::State::kClosed);
}

TEST_CASE("the circuit breaker forgets outcomes older than its window", "[retry]") {
  CircuitBreaker breaker(breaker_config());
  for (int i = 0; i < 3; ++i) breaker.on_failure(i * kNsPerS);
  breaker.on_failure(20 * kNsPerS);  // The first three are out of the 10 s window.
  CHECK(breaker.state() == CircuitBreaker::State::kClosed);
  for (int i = 0; i < 3; ++i) breaker.on_failure(21 * kNsPerS);
  CHECK(breaker.state() == CircuitBreaker::State::kOpen);
  CircuitBreaker disabled(CircuitBreakerConfig{});
  for (int i = 0; i < 100; ++i) disabled.on_failure(0);
  CHECK(disabled.allow(0));
}

// One node with one core; gets of constant service; arrivals only for the first 10 s.
nlohmann::json one_core_scenario(double rate_qps, double service_ms, double timeout_ms) {
  nlohmann::json document = nlohmann::json::parse(R"({
    "name": "shedding", "seed": 3, "duration_s": 30, "window_s": 1,
    "cluster": {
      "nodes": 1,
      "node": {"cores": 1, "queue_capacity": 1000, "boot_s": 1,
               "service": {"get": {"type": "constant", "value_ms": 100}}},
      "network": {"latency": {"type": "constant", "value_ms": 0.5}},
      "replication": {"factor": 1, "write_quorum": 1},
      "client": {"timeout_ms": 150, "max_retries": 0}
    },
    "data": {"keys": 100, "value_size": {"type": "constant", "value_bytes": 100}},
    "workload": {"arrivals": {"type": "trace", "file": ""}, "mix": {"get": 1.0},
                 "popularity": {"type": "uniform"}}
  })");
  document["cluster"]["node"]["service"]["get"]["value_ms"] = service_ms;
  document["cluster"]["client"]["timeout_ms"] = timeout_ms;
  document["workload"]["arrivals"]["file"] = testing::write_temp_file(
      "shedding_rates.csv", "time_s,rate_qps\n0," + std::to_string(rate_qps) + "\n5," + std::to_string(rate_qps) + "\n");
  return document;
}

TEST_CASE("drop_expired drops dead work without core time", "[retry]") {
  nlohmann::json document = one_core_scenario(20, 100, 150);
  document["cluster"]["node"]["drop_expired"] = true;
  Run run(testing::scenario_from(document));
  run.run_to_end();
  const auto& model = dynamic_cast<const ClusterModel&>(run.model());
  const Node& node = model.nodes().at(0);
  const RunSummary summary = run.summary();
  const double dropped = summary.find("dropped_expired").value();
  CHECK(dropped > 50);  // Offered twice the capacity for 10 s.
  // Every core-nanosecond went to a request that was served: 100 ms each, none to a drop.
  CHECK(node.station.busy_core_ns(run.end_ns()) ==
        Approx(static_cast<double>(node.requests_served) * 100.0 * kNsPerMs).epsilon(1e-9));
  CHECK(static_cast<double>(node.requests_served) + dropped == Approx(summary.find("get.count").value() +
                                                                     summary.find("failed_requests").value()));
  // Without shedding the same node serves every queued request, dead or alive.
  nlohmann::json serving_all = one_core_scenario(20, 100, 150);
  Run baseline(testing::scenario_from(serving_all));
  baseline.run_to_end();
  CHECK(baseline.summary().find("dropped_expired").value() == 0);
  CHECK(dynamic_cast<const ClusterModel&>(baseline.model()).nodes().at(0).requests_served >
        node.requests_served + 50);
}

TEST_CASE("a full queue answers overloaded at once", "[retry]") {
  // Queue of one, 1 s service, a 100 s timeout in a 30 s run: a request the node turned
  // away can only fail within the run if the node said so at once.
  nlohmann::json document = one_core_scenario(5, 1000, 100'000);
  document["cluster"]["node"]["queue_capacity"] = 1;
  const RunSummary summary = testing::run_to_end(testing::scenario_from(document));
  const double overloaded = summary.find("overloaded_answers").value();
  CHECK(overloaded > 20);
  CHECK(summary.find("queue_rejections").value() == overloaded);
  CHECK(summary.find("timeouts").value() == 0);
  CHECK(summary.find("failed_requests").value() == overloaded);  // max_retries 0
}

// The storm on a shorter run: burst at 20-30 s, goodput measured from 60 s to 120 s.
double storm_goodput(const std::string& file) {
  std::ifstream in(std::string(RINGSIM_SOURCE_DIR) + "/scenarios/" + file);
  nlohmann::json document = nlohmann::json::parse(in);
  document["duration_s"] = 120;
  document.erase("expect");
  const RunSummary summary = testing::run_to_end(testing::scenario_from(document));
  return summary.find("goodput_qps").value();
}

TEST_CASE("a retry storm collapses goodput and each mitigation recovers it", "[retry][storm]") {
  CHECK(storm_goodput("retry_storm.json") < 1.0);
  CHECK(storm_goodput("retry_storm/backoff_jitter.json") < 1.0);
  CHECK(storm_goodput("retry_storm/retry_budget.json") > 7.0);
  CHECK(storm_goodput("retry_storm/drop_expired.json") > 7.0);
  CHECK(storm_goodput("retry_storm/circuit_breaker.json") > 7.0);
}

}  // namespace
}  // namespace ringsim
