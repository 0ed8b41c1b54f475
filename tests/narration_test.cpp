// Narration that follows the run (run/narration.h): captions fired by an event name the node
// and numbers of the change that fired them, so an injected fault or a --set variant never
// shows a caption about a node or a number the run does not have; premises that fail are
// marked or skip their caption; slow motion lasts while the moment it is about lasts.
#include <catch2/catch.hpp>

#include "models/cluster/cluster_model.h"
#include "run/injection.h"
#include "run/narration.h"
#include "run/run.h"
#include "run/scenario.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

using testing::contains;

const std::string kTours = std::string(RINGSIM_SOURCE_DIR) + "/scenarios/tours/";

std::optional<ShownCaption> shown_at(Run& run, TimeNs at_ns) {
  run.advance_to(at_ns);
  const auto& cluster = dynamic_cast<const ClusterModel&>(run.model());
  return shown_caption(run.scenario().narration, &cluster, &run.metrics(), run.now_ns());
}


TEST_CASE("a fault injected into tour 3 is narrated with the node that failed, never the scripted one", "[narration]") {
  // The lecturer fails node 1 at 4.5 s; the script still fails node 3 at 5 s.
  const Scenario scenario = load_scenario(kTours + "03_replication_failure.json", {}, std::nullopt, {parse_injection("4.5s fail_node 1")});
  Run run(scenario);
  const std::optional<ShownCaption> crash = shown_at(run, 4'700'000'000);
  REQUIRE(crash);
  CAPTURE(crash->text);
  CHECK(contains(crash->text, "Node 1 crashed"));
  CHECK_FALSE(contains(crash->text, "3"));
  // Node 1's detection is the first declared_dead: its caption names node 1, and says it
  // assumes one crash (node 3 has crashed too by then), so it is marked.
  TimeNs dead_ns = -1;
  for (TimeNs t = 4'800'000'000; t <= 8'000'000'000 && dead_ns < 0; t += 50'000'000) {
    const std::optional<ShownCaption> shown = shown_at(run, t);
    if (shown && contains(shown->text, "declared it dead")) {
      dead_ns = t;
      CAPTURE(shown->text);
      CHECK(contains(shown->text, "node 1's heartbeats"));
      CHECK_FALSE(contains(shown->text, "node 3"));
      REQUIRE(shown->failed.size() == 1);
      CHECK(contains(shown->failed[0], "count.fail_node = 2"));
    }
    // No caption ever names node 3 as crashed before node 3's scripted crash at 5 s.
    if (shown && t < 5'000'000'000) CHECK_FALSE(contains(shown->text, "ode 3 crashed"));
  }
  CHECK(dead_ns > 0);
}

TEST_CASE("the 'about to crash' caption is marked when a crash was injected before it", "[narration]") {
  const Scenario scenario = load_scenario(kTours + "03_replication_failure.json", {}, std::nullopt, {parse_injection("4.2s fail_node 1")});
  Run run(scenario);
  const std::optional<ShownCaption> shown = shown_at(run, 4'600'000'000);
  REQUIRE(shown);
  CHECK(contains(shown->text, "about to crash"));
  REQUIRE(shown->failed.size() == 1);
  CHECK(contains(shown->failed[0], "count.fail_node = 1"));
  // Without the injection it holds.
  Run plain(load_scenario(kTours + "03_replication_failure.json", {}, std::nullopt));
  const std::optional<ShownCaption> scripted = shown_at(plain, 4'600'000'000);
  REQUIRE(scripted);
  CHECK(scripted->failed.empty());
}

// The last caption of tour 1 at its end, for the given overrides.
ShownCaption tour1_verdict(const std::vector<Override>& overrides) {
  Run run(load_scenario(kTours + "01_consistent_hashing.json", overrides, std::nullopt));
  const std::optional<ShownCaption> shown = shown_at(run, 8'000'000'000);
  REQUIRE(shown);
  return *shown;
}

TEST_CASE("tour 1's verdict quotes the keys this run moved, and its mod_n variant does not claim the rest stayed",
          "[narration]") {
  const ShownCaption ring = tour1_verdict({parse_override("/duration_s=8")});
  CAPTURE(ring.text);
  CHECK(contains(ring.text, "every other key stayed where it was"));
  CHECK(contains(ring.text, "minimum 4,444"));  // 40,000 / 9
  CHECK(ring.failed.empty());

  const ShownCaption mod_n =
      tour1_verdict({parse_override("/duration_s=8"), parse_override("/cluster/placement/strategy=mod_n")});
  CAPTURE(mod_n.text);
  CHECK_FALSE(contains(mod_n.text, "stayed where it was"));
  CHECK(contains(mod_n.text, "times the minimum 4,444"));
  // 8/9 of the keys move under hash mod N: the share quoted is the run's (~88.9 %).
  CHECK((contains(mod_n.text, "(88.") || contains(mod_n.text, "(89.")));
}

TEST_CASE("slow motion lasts while the migration a caption is about streams", "[narration]") {
  Run run(load_scenario(kTours + "01_consistent_hashing.json", {parse_override("/duration_s=8")}, std::nullopt));
  const std::optional<ShownCaption> before = shown_at(run, 6'999'000'000);
  REQUIRE(before);
  CHECK_FALSE(before->slow_motion);
  const std::optional<ShownCaption> during = shown_at(run, 7'010'000'000);
  REQUIRE(during);
  CHECK(contains(during->text, "Answer"));
  REQUIRE(during->slow_motion);
  CHECK(*during->slow_motion == 0.02);
  const std::optional<ShownCaption> after = shown_at(run, 7'900'000'000);
  REQUIRE(after);
  CHECK_FALSE(after->slow_motion);
}

TEST_CASE("a caption naming a value the run does not have is a scenario error", "[narration]") {
  nlohmann::json document = load_scenario(kTours + "01_consistent_hashing.json", {}, std::nullopt).document;
  document["narration"] = nlohmann::json::array({{{"at_s", 1}, {"text", "node {node} joined"}}});
  CHECK_THROWS_WITH(Run(testing::scenario_from(document)), Catch::Contains("/narration/0/text") &&
                                                               Catch::Contains("time caption has no event values"));
  document["narration"] = nlohmann::json::array(
      {{{"on", "join"}, {"text", "x"}, {"when", nlohmann::json::array({{{"metric", "no_such"}, {"eq", 1}}})}}});
  CHECK_THROWS_WITH(Run(testing::scenario_from(document)), Catch::Contains("no_such"));
}

}  // namespace
}  // namespace ringsim
