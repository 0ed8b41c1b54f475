// Injected actions (run/injection.h): the text form parses into timeline entries, bad text
// is refused with the part named, and a run with injections is exactly the run of the
// scenario file saved from it (what the GUI's "save scenario as" promises).
#include <catch2/catch.hpp>

#include <fstream>

#include "run/injection.h"
#include "run/run.h"
#include "run/scenario.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

const std::string kNodeJoin = std::string(RINGSIM_SOURCE_DIR) + "/scenarios/node_join.json";

TEST_CASE("injection text parses into timeline entries", "[injection]") {
  CHECK(parse_injection("20s fail_node 2") == nlohmann::json({{"at_s", 20.0}, {"action", "fail_node"}, {"node", 2}}));
  CHECK(parse_injection("1500ms slow_node 1 factor=5 duration_s=10") ==
        nlohmann::json({{"at_s", 1.5}, {"action", "slow_node"}, {"node", 1}, {"factor", 5}, {"duration_s", 10}}));
  CHECK(parse_injection("30 partition 1,2 duration_s=5")["nodes"] == nlohmann::json({1, 2}));
  CHECK(parse_injection("10s set_rate 9000")["rate_qps"] == 9000);
  CHECK(parse_injection("5s add_node 2")["count"] == 2);
  CHECK(parse_injection("5s hot_key share=0.5 duration_s=20")["share"] == 0.5);
}

TEST_CASE("bad injection text names what is wrong", "[injection]") {
  CHECK_THROWS_WITH(parse_injection("fail_node 2"), Catch::Contains("is not a time"));
  CHECK_THROWS_WITH(parse_injection("20h fail_node 2"), Catch::Contains("is not a time"));
  CHECK_THROWS_WITH(parse_injection("-1s fail_node 2"), Catch::Contains(">= 0"));
  CHECK_THROWS_WITH(parse_injection("20s"), Catch::Contains("TIME ACTION"));
  CHECK_THROWS_WITH(parse_injection("20s fail_node 2 3"), Catch::Contains("only one argument"));
  CHECK_THROWS_WITH(parse_injection("20s hot_key 3"), Catch::Contains("only KEY=VALUE"));
  CHECK_THROWS_WITH(parse_injection("20s fail_node at_s=3"), Catch::Contains("another key"));
}

TEST_CASE("an injected action the scenario cannot take is a scenario error", "[injection]") {
  CHECK_THROWS_WITH(load_scenario(kNodeJoin, {}, std::nullopt, {parse_injection("20s fail_node 99")}),
                    Catch::Contains("/timeline/1"));
  CHECK_THROWS_WITH(load_scenario(kNodeJoin, {}, std::nullopt, {parse_injection("20s explode_node node=1")}),
                    Catch::Contains("action"));
}

TEST_CASE("injection times round-trip through a saved scenario exactly", "[injection]") {
  for (const TimeNs at_ns : {TimeNs{0}, TimeNs{12'345'678'000}, TimeNs{59'999'999'000}, TimeNs{3'000'001'000}}) {
    const nlohmann::json entry = injection_at(at_ns, {{"action", "fail_node"}, {"node", 1}});
    const nlohmann::json reread = nlohmann::json::parse(entry.dump());
    CHECK(seconds_to_ns(reread["at_s"].get<double>()) == at_ns);
  }
  // Sub-microsecond parts are dropped (never moved later than asked).
  CHECK(injection_at(1'000'001'999, {})["at_s"].get<double>() == 1.000001);
}

TEST_CASE("a run with injections equals the run of the scenario saved from it", "[injection][determinism][sanitize_skip]") {
  const std::vector<Override> shorter = {parse_override("/duration_s=16")};
  const std::vector<nlohmann::json> injections = {parse_injection("12s slow_node 1 factor=4 duration_s=2"),
                                                  injection_at(13'250'000'000, {{"action", "fail_node"}, {"node", 5}})};
  const Scenario injected = load_scenario(kNodeJoin, shorter, std::optional<std::uint64_t>(11), injections);
  const std::string saved = testing::write_temp_file("injected.json", injected.document.dump(2));
  const Scenario reloaded = load_scenario(saved, {}, std::nullopt);
  const RunSummary a = testing::run_to_end(injected);
  const RunSummary b = testing::run_to_end(reloaded);
  CHECK(a.trace_hash == b.trace_hash);
  CHECK(a.events == b.events);
  // And the injections changed the run: without them the hash differs.
  const RunSummary plain = testing::run_to_end(load_scenario(kNodeJoin, shorter, std::optional<std::uint64_t>(11)));
  CHECK(plain.trace_hash != a.trace_hash);
}

}  // namespace
}  // namespace ringsim
