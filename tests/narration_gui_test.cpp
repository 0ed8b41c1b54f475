// The GUI's narration logic without a window: teacher mode pauses at the first caption
// too, caption wrap never splits a number, slow motion caps playback and ends by itself,
// and the "what you should see" checklist ticks the tour's expectations as they hold.
#include <catch2/catch.hpp>

#include <cctype>
#include <string>

#include "run/narration.h"
#include "run/scenario.h"
#include "run/injection.h"
#include "viz/caption_count.h"
#include "viz/caption_injections.h"
#include "viz/caption_follow.h"
#include "viz/caption_wrap.h"
#include "viz/checklist.h"
#include "viz/format.h"
#include "viz/ring_caption.h"
#include "viz/session.h"

namespace ringsim::viz {
namespace {

const std::string kTour1 = std::string(RINGSIM_SOURCE_DIR) + "/scenarios/tours/01_consistent_hashing.json";
const std::string kTour3Path = std::string(RINGSIM_SOURCE_DIR) + "/scenarios/tours/03_replication_failure.json";

TEST_CASE("teacher mode pauses at the first caption, at each new one, and not on a rebuild", "[gui][narration]") {
  CaptionFollow follow;
  CHECK(pause_for_caption(follow, 0, 1, true, true));   // the tour starts playing: caption 1 pauses it
  CHECK_FALSE(pause_for_caption(follow, 0, 1, true, true));
  CHECK(pause_for_caption(follow, 1, 1, true, true));   // a new caption
  CHECK_FALSE(pause_for_caption(follow, 2, 2, true, true));  // rebuilt (injection) to a later caption
  CHECK_FALSE(pause_for_caption(follow, 3, 2, false, true)); // teacher mode off
  CHECK_FALSE(pause_for_caption(follow, 4, 2, true, false)); // already paused
}

TEST_CASE("the caption counter counts a tour's variants of one moment once", "[gui][narration]") {
  // Tour 1: five captions, the last two the verdicts for consistent hashing and for mod_n
  // (one is skipped in any run): "caption 4 of 4" at the end, whichever shows.
  const Scenario tour = load_scenario(kTour1, {}, std::nullopt);
  REQUIRE(tour.narration.size() == 5);
  CHECK(count_captions(tour.narration, std::nullopt).shown == 0);
  CHECK(count_captions(tour.narration, std::nullopt).total == 4);
  CHECK(count_captions(tour.narration, 2).shown == 3);
  CHECK(count_captions(tour.narration, 3).shown == 4);
  CHECK(count_captions(tour.narration, 4).shown == 4);
  // Two time captions at different times are two moments, skip or not.
  std::vector<Caption> two(2);
  two[0].at_ns = 0;
  two[1].at_ns = 1;
  two[0].skip_otherwise = two[1].skip_otherwise = true;
  CHECK(count_captions(two, 1).total == 2);
  CHECK(count_captions(two, 1).shown == 2);
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

TEST_CASE("the ring's caption lines wrap between parts and at spaces, and are cut only past their lines", "[gui]") {
  const auto width_of = [](std::string_view text) { return static_cast<float>(text.size()); };  // 1 per byte
  // The headline at 1280x720 ended in "(11.5 %..." (issue #25): now it wraps at its spaces.
  const std::string headline = "node 8 joined: 4 598 copies moved in 84.8 ms (11.5 % of keys; minimum 4 444)";
  const WrappedText wrapped = wrap_parts(headline, " ", 30, 6, width_of);
  CHECK_FALSE(wrapped.shortened);
  REQUIRE(wrapped.lines.size() == 3);
  CHECK(wrapped.lines[0] == "node 8 joined: 4 598 copies");
  CHECK(wrapped.lines[2] == "keys; minimum 4 444)");
  std::string joined;
  for (const std::string& line : wrapped.lines) {
    CHECK(width_of(line) <= 31);
    joined += (joined.empty() ? "" : " ") + line;
  }
  CHECK(joined == headline);
  // The detail breaks between its parts (the separator dropped at a break), and a part
  // wider than a line at its spaces.
  const std::string detail = "at 7.000 s (0.050 s ago) · copies 0 waiting, 2 198 streaming, 2 400 moved · lost 0";
  const WrappedText parts = wrap_parts(detail, " · ", 34, 6, width_of);
  CHECK_FALSE(parts.shortened);
  CHECK(parts.lines == std::vector<std::string>{"at 7.000 s (0.050 s ago)", "copies 0 waiting, 2 198 streaming,",
                                                 "2 400 moved · lost 0"});
  // Past max_lines the last line is cut at a word and says so.
  const WrappedText cut = wrap_parts(headline, " ", 30, 2, width_of);
  CHECK(cut.shortened);
  REQUIRE(cut.lines.size() == 2);
  CHECK(cut.lines[1] == "moved in 84.8 ms (11.5 % of...");
  CHECK(cut_to_width("short", 10, width_of) == "short");
  CHECK(cut_to_width("abcdefghijkl", 10, width_of) == "...");
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

TEST_CASE("the ring counts tour 1's migration up in copies moved and ends on the caption's number", "[gui][narration]") {
  // The old "% of replicas moving" added copies on the wire to copies installed, and a range
  // is off the wire before it is switched in, so it dipped mid-migration. Copies moved (the
  // change's keys_moved, what the verdict caption quotes as {keys_moved}) only grows.
  Session session(ScenarioSource{kTour1, {}, std::nullopt, {}});
  session.advance_to(7'000'000'000);
  long long last = -1;
  std::string headline;
  for (TimeNs t = 7'000'000'000; t <= 7'200'000'000; t += 2'000'000) {
    session.advance_to(t);
    headline = describe_ring_state(session.run(), *session.cluster()).headline;
    CAPTURE(t, headline);
    const std::size_t colon = headline.find(" joined: ");
    if (colon == std::string::npos) continue;  // before the join
    REQUIRE(colon + 9 <= headline.size());
    std::string digits;
    for (std::size_t i = colon + 9; i < headline.size() && headline[i] != 'c'; ++i) {
      if (std::isdigit(static_cast<unsigned char>(headline[i]))) digits += headline[i];
    }
    REQUIRE(headline.find(" copies moved") != std::string::npos);
    const long long moved = std::stoll(digits);
    CHECK(moved >= last);
    last = moved;
  }
  REQUIRE(last >= 0);
  const ChangeRecord& join = session.cluster()->changes().back();
  CHECK(join.transfers_open == 0);
  CHECK(last == static_cast<long long>(join.keys_moved));
  // The same share as the caption's {share_pct}: of all keys.
  CHECK(headline.find(format_percent(static_cast<double>(join.keys_moved) / 40000.0) + " of keys") != std::string::npos);
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

TEST_CASE("a caption shown before a fault the viewer injected is marked with what was done since", "[gui][narration]") {
  // Tour 3: "Node 3 is about to crash (at 5 s)" appears at 4.5 s; the viewer slows node 1
  // at 4.6 s and pauses at 4.8 s. The band kept the caption unmarked while the ring showed
  // the slowed node (the trial's "band and ring disagree").
  const nlohmann::json slow = parse_injection("4.6s slow_node 1 factor=5 duration_s=10");
  Session session(ScenarioSource{kTour3Path, {}, std::nullopt, {slow}});
  session.advance_to(4'800'000'000);
  const std::optional<ShownCaption> shown = shown_caption(session.scenario().narration, session.cluster(),
                                                          &session.run().metrics(), session.run().now_ns());
  REQUIRE(shown);
  CHECK(shown->fired_ns == 4'500'000'000);
  CHECK(injected_since(shown->fired_ns, session.source().injections, session.run().now_ns()) ==
        std::vector<std::string>{"node 1 was slowed by you (at 4.600 s)"});
  // Before the injection's time nothing is marked yet.
  CHECK(injected_since(shown->fired_ns, session.source().injections, 4'550'000'000).empty());
  // A caption the injection itself fired ("Node 1 crashed", at the crash's instant) is about
  // it, not stale.
  const nlohmann::json crash = parse_injection("4.6s fail_node 1");
  Session failed(ScenarioSource{kTour3Path, {}, std::nullopt, {crash}});
  failed.advance_to(4'700'000'000);
  const std::optional<ShownCaption> crashed = shown_caption(failed.scenario().narration, failed.cluster(),
                                                            &failed.run().metrics(), failed.run().now_ns());
  REQUIRE(crashed);
  CAPTURE(crashed->text);
  CHECK(crashed->text.find("Node 1 crashed") == 0);
  CHECK(injected_since(crashed->fired_ns, failed.source().injections, failed.run().now_ns()).empty());
  // ...and a caption before it names it: partition and fail phrases.
  const std::vector<nlohmann::json> both = {crash, parse_injection("4.65s partition 2,4 duration_s=5")};
  CHECK(injected_since(4'500'000'000, both, 4'700'000'000) ==
        std::vector<std::string>{"node 1 was failed by you (at 4.600 s)", "nodes 2,4 were partitioned by you (at 4.650 s)"});
}

TEST_CASE("the ring says re-replicating only while it is, from the change's state now", "[gui][narration]") {
  // Tour 3: node 3 crashes at 5 s and is declared dead about a second later; its copies are
  // re-replicated within a fraction of a second. At 12 s the ring still said
  // "re-replicating 14 969 copies (14 969 restored)".
  Session done(ScenarioSource{kTour3Path, {}, std::nullopt, {}});
  done.advance_to(12'000'000'000);
  const ChangeRecord* dead = nullptr;
  for (const ChangeRecord& change : done.cluster()->changes()) {
    if (change.kind == ChangeKind::kDeclaredDead) dead = &change;
  }
  REQUIRE(dead != nullptr);
  REQUIRE(dead->completed_ns > dead->at_ns);
  const RingCaption after = describe_ring_state(done.run(), *done.cluster());
  CAPTURE(after.headline);
  CHECK(after.headline.find("re-replicating") == std::string::npos);
  CHECK(after.headline.find(format_count(dead->keys_moved) + " copies re-replicated in ") != std::string::npos);
  // Halfway through, it is under way and counts what is restored so far.
  Session midway(ScenarioSource{kTour3Path, {}, std::nullopt, {}});
  midway.advance_to(dead->at_ns + (dead->completed_ns - dead->at_ns) / 2);
  const RingCaption during = describe_ring_state(midway.run(), *midway.cluster());
  CAPTURE(during.headline);
  CHECK(during.headline.find("declared dead: re-replicating: ") != std::string::npos);
  CHECK(during.headline.find(" copies restored") != std::string::npos);
  // With a fault injected during the tour (node 1 crashed too), the same once all is done.
  Session injected(ScenarioSource{kTour3Path, {}, std::nullopt, {parse_injection("4.6s fail_node 1")}});
  injected.advance_to(12'000'000'000);
  const RingCaption both = describe_ring_state(injected.run(), *injected.cluster());
  CAPTURE(both.headline);
  CHECK(both.headline.find("declared dead: ") != std::string::npos);
  CHECK(both.headline.find("re-replicating") == std::string::npos);
}

}  // namespace
}  // namespace ringsim::viz
