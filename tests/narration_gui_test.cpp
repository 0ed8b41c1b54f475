// The GUI's narration logic without a window: teacher mode pauses at the first caption
// too, caption wrap never splits a number, slow motion caps playback and ends by itself,
// and the "what you should see" checklist ticks the tour's expectations as they hold.
#include <catch2/catch.hpp>

#include <string>

#include "run/narration.h"
#include "viz/caption_follow.h"
#include "viz/caption_wrap.h"
#include "viz/checklist.h"
#include "viz/session.h"

namespace ringsim::viz {
namespace {

const std::string kTour1 = std::string(RINGSIM_SOURCE_DIR) + "/scenarios/tours/01_consistent_hashing.json";

TEST_CASE("teacher mode pauses at the first caption, at each new one, and not on a rebuild", "[gui][narration]") {
  CaptionFollow follow;
  CHECK(pause_for_caption(follow, 0, 1, true, true));   // the tour starts playing: caption 1 pauses it
  CHECK_FALSE(pause_for_caption(follow, 0, 1, true, true));
  CHECK(pause_for_caption(follow, 1, 1, true, true));   // a new caption
  CHECK_FALSE(pause_for_caption(follow, 2, 2, true, true));  // rebuilt (injection) to a later caption
  CHECK_FALSE(pause_for_caption(follow, 3, 2, false, true)); // teacher mode off
  CHECK_FALSE(pause_for_caption(follow, 4, 2, true, false)); // already paused
}

TEST_CASE("captions wrap at spaces only, so 4,444 never splits", "[gui][narration]") {
  const auto width_of = [](std::string_view text) { return static_cast<float>(text.size()); };  // 1 per byte
  const std::string text = "its fair share, about 4,444 keys of 40,000";
  for (float width = 4; width <= 45; width += 1) {
    for (const std::string& line : wrap_caption(text, width, width_of)) {
      CAPTURE(width, line);
      CHECK(line.find("4,") != line.size() - 2);  // no line ends inside a number
      CHECK(line.front() != ',');
    }
  }
  CHECK(wrap_caption(text, 22, width_of) == std::vector<std::string>{"its fair share, about", "4,444 keys of 40,000"});
}

TEST_CASE("slow motion caps playback while tour 1's migration streams, then lets go", "[gui][narration]") {
  Session session(ScenarioSource{kTour1, {}, std::nullopt, {}});
  session.set_speed(1);
  session.advance_to(7'010'000'000);  // the join at 7 s; its 85 ms migration streams
  const auto* cluster = session.cluster();
  std::optional<ShownCaption> shown =
      shown_caption(session.scenario().narration, cluster, &session.run().metrics(), session.run().now_ns());
  REQUIRE(shown);
  REQUIRE(shown->slow_motion);
  session.set_speed_cap(shown->slow_motion);
  session.set_playing(true);
  const TimeNs before_ns = session.run().now_ns();
  session.pump(1.0, std::chrono::seconds(5));  // one wall second
  // At x0.02 one wall second is 20 ms of virtual time, not 1 s.
  CHECK(session.run().now_ns() - before_ns <= 20'000'001);
  CHECK(session.run().now_ns() - before_ns >= 19'000'000);
}

TEST_CASE("the checklist ticks tour 1's expectations as the run makes them hold", "[gui][narration]") {
  Session session(ScenarioSource{kTour1, {}, std::nullopt, {}});
  session.advance_to(6'000'000'000);
  std::vector<ChecklistItem> before = lesson_checklist(session.run());
  REQUIRE(before.size() == 4);  // lost_keys == 0, keys_moved < 4900, keys_moved > 4000, nodes_final == 9
  CHECK(before[0].holds);
  CHECK_FALSE(before[2].holds);  // nothing moved yet
  session.advance_to(8'000'000'000);
  std::vector<ChecklistItem> after = lesson_checklist(session.run());
  CAPTURE(after[2].text);
  CHECK(after[2].holds);
  CHECK(after[2].text.find("keys_moved > 4000 (now ") == 0);
}

}  // namespace
}  // namespace ringsim::viz
