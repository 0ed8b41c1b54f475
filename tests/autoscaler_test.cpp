// The autoscaler: its policy against the HPA formula worked out by hand, its brakes
// (tolerance, stabilization, step limits, no scale-in while data moves), and the loop on a
// cluster: a load spike adds nodes, the load's end removes them, nothing is lost.
#include <catch2/catch.hpp>

#include <cmath>

#include "cluster/autoscaler.h"
#include "sim/station.h"
#include "sim/config_error.h"
#include "tests/test_support.h"
#include "models/cluster/cluster_model.h"

namespace ringsim {
namespace {

AutoscalerConfig policy() {
  AutoscalerConfig config;
  config.enabled = true;
  config.target_utilization = 0.6;
  config.tolerance = 0.1;
  config.scale_in_stabilization_ns = 30 * kNsPerS;
  config.min_nodes = 2;
  config.max_nodes = 16;
  config.max_scale_out_step = 4;
  config.max_scale_in_step = 1;
  return config;
}

AutoscalerInput input(TimeNs now_s, std::uint32_t ready, double utilization, std::uint32_t booting = 0,
                      bool migrating = false) {
  return {now_s * kNsPerS, ready, booting, utilization, migrating};
}

TEST_CASE("the autoscaler recommends ceil(ready x utilization / target)", "[autoscaler]") {
  Autoscaler autoscaler(policy());
  // 4 nodes at 0.9 against 0.6: 4 x 1.5 = 6 nodes.
  AutoscalerDecision decision = autoscaler.evaluate(input(5, 4, 0.9));
  CHECK(decision.recommended_nodes == 6);
  CHECK(decision.desired_nodes == 6);
  CHECK(decision.delta_nodes == 2);
  // 5 nodes at 0.75: 6.25, rounded up to 7.
  CHECK(Autoscaler(policy()).evaluate(input(5, 5, 0.75)).recommended_nodes == 7);
  // Within 10 % of the target: hold, whatever the formula says (0.65 x 10 / 0.6 = 10.8).
  decision = Autoscaler(policy()).evaluate(input(5, 10, 0.65));
  CHECK(decision.delta_nodes == 0);
  CHECK_THAT(decision.reason, Catch::Contains("within tolerance"));
}

TEST_CASE("booting nodes count as capacity on its way, and steps are limited", "[autoscaler]") {
  // 4 ready at 0.9 want 6; 2 are already booting: nothing more to add.
  CHECK(Autoscaler(policy()).evaluate(input(5, 4, 0.9, 2)).delta_nodes == 0);
  // Saturated: 4 x 1.0 / 0.1 = 40, capped at max_nodes 16, then at 4 more per step.
  AutoscalerConfig config = policy();
  config.target_utilization = 0.1;
  const AutoscalerDecision decision = Autoscaler(config).evaluate(input(5, 4, 1.0));
  CHECK(decision.recommended_nodes == 40);
  CHECK(decision.desired_nodes == 8);
  CHECK(decision.delta_nodes == 4);
  // At max_nodes it holds and says so.
  config.max_nodes = 4;
  CHECK_THAT(Autoscaler(config).evaluate(input(5, 4, 1.0)).reason, Catch::Contains("at max_nodes"));
}

TEST_CASE("scale-in waits out the stabilization window, one node at a time", "[autoscaler]") {
  Autoscaler autoscaler(policy());
  CHECK(autoscaler.evaluate(input(0, 8, 0.6)).delta_nodes == 0);  // recommends 8
  // Load drops at 5 s: 8 x 0.15 / 0.6 = 2, but 8 was recommended within the last 30 s.
  for (TimeNs now_s = 5; now_s <= 30; now_s += 5) {
    CAPTURE(now_s);
    const AutoscalerDecision decision = autoscaler.evaluate(input(now_s, 8, 0.15));
    CHECK(decision.recommended_nodes == 2);
    CHECK(decision.delta_nodes == 0);
    CHECK_THAT(decision.reason, Catch::Contains("stabilization"));
  }
  // At 35 s the 8 of time 0 has left the window: down by max_scale_in_step.
  CHECK(autoscaler.evaluate(input(35, 8, 0.15)).delta_nodes == -1);
  // Not while data migrates, nor while nodes boot.
  CHECK(autoscaler.evaluate(input(40, 7, 0.15, 0, true)).delta_nodes == 0);
  CHECK(autoscaler.evaluate(input(45, 7, 0.15, 1)).delta_nodes == 0);
  // Never below min_nodes.
  Autoscaler quick(policy());
  CHECK(quick.evaluate(input(0, 2, 0.01)).delta_nodes == 0);
  CHECK_THAT(quick.evaluate(input(100, 2, 0.01)).reason, Catch::Contains("at min_nodes"));
}

TEST_CASE("system work takes the next free core ahead of queued client jobs", "[autoscaler][station]") {
  Station station(1, 2);
  CHECK(station.arrive({1, 0}, 0) == Station::Admission::kStarted);
  CHECK(station.arrive({2, 0}, 0) == Station::Admission::kQueued);
  CHECK(station.arrive({3, 0}, 0) == Station::Admission::kQueued);
  CHECK(station.arrive({4, 0}, 0) == Station::Admission::kRejected);  // Client queue full.
  CHECK(station.arrive({5, 0}, 0, Station::Lane::kSystem) == Station::Admission::kQueued);  // Never rejected.
  CHECK(station.queue_length() == 3);
  CHECK(station.complete(10)->job_id == 5);
  CHECK(station.complete(20)->job_id == 2);
  CHECK(station.complete(30)->job_id == 3);
  CHECK_FALSE(station.complete(40).has_value());
  CHECK(station.busy_core_ns(40) == 40);
}

std::string scenario_path(const std::string& name) { return std::string(RINGSIM_SOURCE_DIR) + "/scenarios/" + name; }

TEST_CASE("a load spike scales the cluster out and its end scales it back in", "[autoscaler][cluster]") {
  const Scenario scenario = load_scenario(scenario_path("autoscale.json"), {}, std::nullopt);
  Run run(scenario);
  const auto& model = dynamic_cast<const ClusterModel&>(run.model());
  // Before the spike (4,000/s on 4 nodes): about half the capacity, within tolerance.
  run.advance_to(30 * kNsPerS);
  REQUIRE(model.latest_autoscaler_decision() != nullptr);
  CHECK(model.latest_autoscaler_decision()->utilization == Approx(0.5).margin(0.1));
  CHECK(model.autoscaler_actions().empty());
  // The spike to 12,000/s: scaled out; the first decision sees saturated nodes.
  run.advance_to(75 * kNsPerS);
  REQUIRE_FALSE(model.autoscaler_actions().empty());
  const AutoscalerDecision& first = model.autoscaler_actions().front();
  CHECK(first.at_ns == 35 * kNsPerS);
  CHECK(first.utilization > 0.95);
  CHECK(first.recommended_nodes == static_cast<std::uint32_t>(std::ceil(4 * first.utilization / 0.6 - 1e-9)));
  // Three times the load needs about three times the nodes at the same utilization.
  CHECK(model.placement().members().size() >= 9);
  CHECK(model.latest_autoscaler_decision()->utilization < 0.6 * 1.1);
  // After the drop to 3,000/s: back to min_nodes, every scale-in a graceful drain.
  run.run_to_end();
  model.check_invariants();
  CHECK(model.placement().members().size() == 4);
  const RunSummary summary = run.summary();
  CHECK(summary.find("lost_keys").value() == 0);
  CHECK(summary.find("under_replicated_max").value() == 0);
  CHECK(summary.find("autoscaler.nodes_removed").value() == summary.find("autoscaler.nodes_added").value());
  for (const AutoscalerDecision& decision : model.autoscaler_actions()) CHECK(decision.desired_nodes <= 16);
  Run again(scenario);
  again.run_to_end();
  CHECK(again.summary().trace_hash == summary.trace_hash);
}

TEST_CASE("autoscaler configuration errors name their pointer", "[autoscaler][scenario]") {
  nlohmann::json document = read_json_file(scenario_path("autoscale.json"));
  document["cluster"]["autoscaler"]["min_nodes"] = 8;
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("/cluster/autoscaler/max_nodes") &&
                                                          Catch::Contains("cluster.nodes (4) must lie in"));
  document["cluster"]["autoscaler"]["min_nodes"] = 20;
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("/cluster/autoscaler/min_nodes"));
  document["cluster"]["autoscaler"]["min_nodes"] = 2;
  document["cluster"]["autoscaler"]["target_utilisation"] = 0.5;
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("did you mean \"target_utilization\"?"));
}

}  // namespace
}  // namespace ringsim
