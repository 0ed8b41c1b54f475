// "The Tail at Scale" (Dean & Barroso, CACM 2013): a request that fans out to N shards, each
// slow (>= 1 s) with probability p = 0.01, is slow with probability 1 - (1 - p)^N; a hedge
// to a second replica makes a shard slow only when both copies are (p^2). Expressed with a
// mixture distribution as each shard search's extra service time (index.search_extra_ms).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "sim/config_error.h"
#include "sim/distribution.h"
#include "sim/distribution_config.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

constexpr double kSlowP = 0.01;
constexpr double kRateQps = 50;

// Searches arrive for 38 s (a rates trace without loop), so every one completes by 40 s.
std::string arrivals_trace() {
  return testing::write_temp_file("tail_at_scale_rates.csv", "time_s,rate_qps\n0,50\n19,50\n");
}

nlohmann::json fan_out_scenario(std::uint32_t shards, double hedge_ms) {
  nlohmann::json document = nlohmann::json::parse(R"({
    "name": "tail_at_scale", "seed": 7, "duration_s": 40, "window_s": 1,
    "cluster": {
      "nodes": 4,
      "node": {"cores": 256, "queue_capacity": 100000},
      "network": {"latency": {"type": "constant", "value_ms": 0.1}},
      "replication": {"factor": 2, "write_quorum": 1, "read_policy": "random"},
      "client": {"timeout_ms": 10000, "max_retries": 0}
    },
    "data": {"keys": 200, "shards": 1, "vectors": {"dim": 8, "clusters": 4, "spread": 0.2}},
    "index": {"m": 8, "ef_construction": 20, "ef_search": 10, "k": 5,
              "search_extra_ms": {"type": "mixture", "components": [
                {"weight": 0.99, "distribution": {"type": "constant", "value_ms": 0}},
                {"weight": 0.01, "distribution": {"type": "constant", "value_ms": 1000}}]}},
    "workload": {"arrivals": {"type": "trace", "file": ""}, "mix": {"search": 1.0},
                 "recall_sample_rate": 0}
  })");
  document["data"]["shards"] = shards;
  document["data"]["keys"] = std::max<std::uint32_t>(200, 20 * shards);
  document["workload"]["arrivals"]["file"] = arrivals_trace();
  document["workload"]["hedge_ms"] = hedge_ms;
  return document;
}

struct SlowShare {
  double share;
  std::uint64_t searches;
};

SlowShare slow_share(std::uint32_t shards, double hedge_ms) {
  Run run(testing::scenario_from(fan_out_scenario(shards, hedge_ms)));
  run.run_to_end();
  const auto& names = run.metrics().op_names();
  const auto op = static_cast<OpId>(std::find(names.begin(), names.end(), "search") - names.begin());
  const LatencyHistogram& latency = run.metrics().op_histogram(op);
  std::uint64_t slow = 0;
  // Fast searches take well under a millisecond here, slow ones over a second.
  latency.for_each_bucket([&](std::uint64_t lower_ns, std::uint64_t, std::uint64_t count) {
    if (lower_ns >= 500 * static_cast<std::uint64_t>(kNsPerMs)) slow += count;
  });
  return {static_cast<double>(slow) / static_cast<double>(latency.count()), latency.count()};
}

TEST_CASE("tail at scale: a fan-out to N shards is slow with probability 1 - 0.99^N", "[tail][vectors][sanitize_skip]") {
  for (const std::uint32_t shards : {1U, 10U, 100U}) {
    CAPTURE(shards);
    const double expected = 1 - std::pow(1 - kSlowP, shards);
    const SlowShare measured = slow_share(shards, 0);
    // About 38 s x 50/s searches, every one completed.
    CHECK(measured.searches == Approx(38 * kRateQps).epsilon(0.1));
    const double sigma = std::sqrt(expected * (1 - expected) / static_cast<double>(measured.searches));
    CHECK(measured.share == Approx(expected).margin(4 * sigma));
  }
}

TEST_CASE("tail at scale: hedging a shard call after 50 ms cuts the slow share to 1 - (1 - p^2)^N",
          "[tail][vectors][sanitize_skip]") {
  for (const std::uint32_t shards : {1U, 10U, 100U}) {
    CAPTURE(shards);
    const SlowShare hedged = slow_share(shards, 50);
    const double expected = 1 - std::pow(1 - kSlowP * kSlowP, shards);  // 0.0001, 0.001, 0.00995
    const double sigma = std::sqrt(expected * (1 - expected) / static_cast<double>(hedged.searches));
    CHECK(hedged.share == Approx(expected).margin(4 * sigma + 1.0 / static_cast<double>(hedged.searches)));
    const double unhedged = 1 - std::pow(1 - kSlowP, shards);
    CHECK(hedged.share < unhedged / 5);
  }
}

TEST_CASE("a mixture draws each component with its weight", "[distribution]") {
  const Distribution mixture = Distribution::mixture(
      {{0.25, Distribution::constant(1)}, {0.75, Distribution::uniform(10, 20)}});
  CHECK(mixture.mean() == Approx(0.25 * 1 + 0.75 * 15));
  CHECK(mixture.scaled(2).mean() == Approx(2 * mixture.mean()));
  Rng rng(3);
  constexpr int kDraws = 40'000;
  int ones = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double value = mixture.sample(rng);
    CHECK((value == 1 || (value >= 10 && value <= 20)));
    ones += value == 1 ? 1 : 0;
  }
  // Binomial(40,000, 0.25): sigma = 87.
  CHECK(ones == Approx(0.25 * kDraws).margin(4 * 87));
  CHECK_THAT(mixture.describe(), Catch::Contains("mixture(0.25: constant(1)"));
}

Distribution read_json_distribution(const std::string& text) {
  const nlohmann::json value = nlohmann::json::parse(text);
  return read_distribution(ObjectReader(value, "/service", "s.json"), "ms", 1e6);
}

TEST_CASE("mixture weights must sum to 1, errors name the pointer", "[distribution][scenario]") {
  CHECK(read_json_distribution(R"({"type": "mixture", "components": [
          {"weight": 0.5, "distribution": {"type": "constant", "value_ms": 1}},
          {"weight": 0.5, "distribution": {"type": "mixture", "components": [
             {"weight": 1, "distribution": {"type": "exponential", "mean_ms": 3}}]}}]})")
            .mean() == Approx(2));
  CHECK_THROWS_WITH(read_json_distribution(R"({"type": "mixture", "components": [
          {"weight": 0.9, "distribution": {"type": "constant", "value_ms": 1}},
          {"weight": 0.09, "distribution": {"type": "constant", "value_ms": 2}}]})"),
                    Catch::Contains("s.json: /service/components: the component weights sum to 0.99"));
  CHECK_THROWS_WITH(read_json_distribution(R"({"type": "mixture", "components": [
          {"weight": 1, "distribution": {"type": "constant", "value_us": 1}}]})"),
                    Catch::Contains("/service/components/0/distribution"));
  CHECK_THROWS_WITH(read_json_distribution(R"({"type": "mixture", "components": []})"),
                    Catch::Contains("/service/components"));
}

}  // namespace
}  // namespace ringsim
