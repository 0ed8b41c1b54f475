// Tests of ringsim-gui's logic that need no window: the session's commands never change
// what the run computes, the command line's durations, the layout, the ring geometry, the
// node palette and the ring caption.
#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <string>

#include "viz/layout.h"
#include "viz/options.h"
#include "viz/palette.h"
#include "viz/ring_caption.h"
#include "viz/ring_geometry.h"
#include "viz/session.h"

namespace {

using namespace ringsim;
using namespace ringsim::viz;

constexpr TimeNs kTargetNs = 13 * kNsPerS;  // one second into node_join's migration

ScenarioSource small_node_join() {
  // Fewer keys keep the test fast; the join at 10 s (booted at 12 s) still migrates.
  return {std::string(RINGSIM_SOURCE_DIR) + "/scenarios/node_join.json",
          {parse_override("/duration_s=15"), parse_override("/data/keys=20000")},
          std::nullopt};
}

std::uint64_t reference_hash(TimeNs target_ns) {
  const ScenarioSource source = small_node_join();
  Run run(load_scenario(source.path, source.overrides, source.seed));
  run.advance_to(target_ns);
  return run.simulator().trace_hash();
}

// Pumps with no wall-time budget: one slice per call, the most fragmented way to advance.
void finish_goal(Session& session) {
  for (int pumps = 0; session.busy() && pumps < 1'000'000; ++pumps) session.pump(0, std::chrono::nanoseconds(0));
  REQUIRE_FALSE(session.busy());
}

TEST_CASE("GUI commands do not change the run", "[gui]") {
  const std::uint64_t expected = reference_hash(kTargetNs);

  SECTION("seek in many small slices") {
    Session session(small_node_join());
    session.seek(kTargetNs);
    finish_goal(session);
    CHECK(session.run().now_ns() == kTargetNs);
    CHECK(session.run().simulator().trace_hash() == expected);
  }
  SECTION("single events, playing, then a seek") {
    Session session(small_node_join());
    for (int i = 0; i < 5000; ++i) session.step_event();
    session.set_speed(2.0);
    session.set_playing(true);
    for (int frame = 0; frame < 100; ++frame) session.pump(1.0 / 60, std::chrono::seconds(1));
    REQUIRE(session.run().now_ns() < kTargetNs);
    session.seek(kTargetNs);
    finish_goal(session);
    CHECK(session.run().simulator().trace_hash() == expected);
  }
  SECTION("run to the next change, seek back (restart), seek forward") {
    Session session(small_node_join());
    session.run_to_next_change();
    finish_goal(session);
    session.seek(kTargetNs);
    finish_goal(session);
    session.seek(kTargetNs / 2);
    finish_goal(session);
    CHECK(session.run().now_ns() == kTargetNs / 2);
    session.seek(kTargetNs);
    finish_goal(session);
    CHECK(session.run().simulator().trace_hash() == expected);
  }
  SECTION("restart gives a fresh run of the same scenario") {
    Session session(small_node_join());
    const std::uint64_t generation = session.generation();
    session.seek(kTargetNs);
    finish_goal(session);
    session.restart();
    CHECK(session.generation() != generation);
    CHECK(session.run().now_ns() == 0);
    session.seek(kTargetNs);
    finish_goal(session);
    CHECK(session.run().simulator().trace_hash() == expected);
  }
}

TEST_CASE("run to the next change stops right after the event that made it", "[gui]") {
  Session session(small_node_join());
  session.run_to_next_change();
  finish_goal(session);
  const ClusterModel* model = session.cluster();
  REQUIRE(model != nullptr);
  REQUIRE(model->changes().size() == 1);
  CHECK(model->changes().back().action == "join");
  CHECK(session.run().now_ns() == model->changes().back().at_ns);
}

TEST_CASE("the ring caption states the latest change against its ideal", "[gui]") {
  Session session(small_node_join());
  session.seek(kTargetNs);
  finish_goal(session);
  const RingCaption caption = describe_ring_state(session.run(), *session.cluster());
  CHECK(caption.headline.find("node 8 joined: ") == 0);
  CAPTURE(caption.headline);
  CHECK(caption.headline.find("of replicas mov") != std::string::npos);
  CHECK(caption.headline.find("(ideal 11.1 %)") != std::string::npos);
}

TEST_CASE("loading a bad scenario keeps the current run", "[gui]") {
  Session session(small_node_join());
  const std::uint64_t generation = session.generation();
  CHECK_FALSE(session.load(std::string(RINGSIM_SOURCE_DIR) + "/scenarios/no_such_file.json"));
  CHECK_FALSE(session.error().empty());
  CHECK(session.generation() == generation);
  CHECK(session.cluster() != nullptr);
}

TEST_CASE("until times accept seconds, milliseconds and plain numbers", "[gui]") {
  CHECK(parse_duration_ns("40s") == 40 * kNsPerS);
  CHECK(parse_duration_ns("500ms") == 500 * kNsPerMs);
  CHECK(parse_duration_ns("2.5") == 2'500 * kNsPerMs);
  CHECK(parse_duration_ns("0") == 0);
  for (const char* bad : {"", "s", "ms", "abc", "-1", "5 s", "1e30", "nan", "12h"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_duration_ns(bad), UsageError);
  }
}

bool overlap(const RectF& a, const RectF& b) {
  if (a.empty() || b.empty()) return false;
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

TEST_CASE("views never overlap and stay inside the window", "[gui]") {
  for (const auto& [width, height] :
       {std::pair{1600.0f, 1000.0f}, {1280.0f, 720.0f}, {3200.0f, 2000.0f}, {640.0f, 480.0f}, {320.0f, 320.0f}}) {
    for (const float scale : {1.0f, 1.5f, 2.0f}) {
      for (const bool cluster : {true, false}) {
        CAPTURE(width, height, scale, cluster);
        const Layout layout = compute_layout(width, height, scale, cluster);
        const RectF rects[] = {layout.timeline,      layout.ring,          layout.event_log,     layout.cluster,
                               layout.latency,       layout.dag,           layout.separators[0], layout.separators[1],
                               layout.separators[2], layout.separators[3], layout.separators[4]};
        static_assert(kSeparatorCount == 5);
        for (const RectF& a : rects) {
          CHECK(a.x >= 0);
          CHECK(a.y >= 0);
          CHECK(a.x + a.w <= width + 0.01f);
          CHECK(a.y + a.h <= height + 0.01f);
          for (const RectF& b : rects) {
            if (&a != &b) CHECK_FALSE(overlap(a, b));
          }
        }
        if (!cluster) CHECK(layout.cluster.empty());
        if (width >= 1280 && scale <= 1.5f) {
          for (const RectF& a : rects) CHECK((a.empty() == ((&a == &rects[3] || &a == &rects[9]) && !cluster)));
        }
      }
    }
  }
}

TEST_CASE("ring angles map to hash positions clockwise from 12 o'clock", "[gui]") {
  const RingGeometry geometry = ring_geometry({0, 0, 800, 700}, 1.0f);
  REQUIRE(geometry.usable());
  const PointF top = ring_point(geometry, angle_of_position(0), geometry.band_outer);
  CHECK(top.x == Approx(geometry.centre.x));
  CHECK(top.y < geometry.centre.y);
  const PointF quarter = ring_point(geometry, angle_of_position(std::uint64_t{1} << 62), geometry.band_outer);
  CHECK(quarter.x > geometry.centre.x);  // a quarter turn clockwise is 3 o'clock
  for (const std::uint64_t position : {std::uint64_t{0}, std::uint64_t{1} << 40, std::uint64_t{1} << 63,
                                       ~std::uint64_t{0} - (std::uint64_t{1} << 20)}) {
    const double angle = angle_of_position(position);
    const std::uint64_t back = position_of_angle(angle_of_point(geometry, ring_point(geometry, angle, 100)));
    // Float screen coordinates resolve about 2^-20 of a turn.
    const std::uint64_t error = back > position ? back - position : position - back;
    CHECK(std::min(error, ~error + 1) < (std::uint64_t{1} << 46));
  }
}

TEST_CASE("every node id has its own colour, never the lost-key red", "[gui]") {
  std::set<std::uint32_t> colours;
  for (std::uint32_t node = 0; node < kNodesMax; ++node) {
    const Rgba colour = node_colour(node);
    CHECK_FALSE(colour == kLostKey);
    CHECK_FALSE(colour == kBackground);
    CHECK_FALSE(colour == kPanelBackground);
    colours.insert((std::uint32_t{colour.r} << 16) | (std::uint32_t{colour.g} << 8) | colour.b);
  }
  CHECK(colours.size() == kNodesMax);
}

}  // namespace
