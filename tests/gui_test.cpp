// Tests of ringsim-gui's logic that need no window: the session's commands never change
// what the run computes, the command line's durations, the layout, the ring geometry, the
// node palette, the ring caption, and the DAG panel's choice of run, run counts, graph
// layout (clicks) and words (critical path, task details).
#include <catch2/catch.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <thread>

#include "run/injection.h"
#include "sim/trace.h"
#include "viz/achieved_speed.h"
#include "viz/key_routing.h"
#include "viz/dag_describe.h"
#include "viz/dag_graph_layout.h"
#include "viz/dag_runs.h"
#include "viz/format.h"
#include "viz/frame_pacer.h"
#include "viz/key_motion.h"
#include "viz/layout.h"
#include "viz/layout_dump.h"
#include "viz/options.h"
#include "viz/palette.h"
#include "viz/repro_command.h"
#include "viz/ring_caption.h"
#include "viz/ring_geometry.h"
#include "viz/session.h"
#include "viz/time_scrubber.h"

namespace {

using namespace ringsim;
using namespace ringsim::viz;

constexpr TimeNs kTargetNs = 13 * kNsPerS;  // one second into node_join's migration

ScenarioSource small_node_join() {
  // Fewer keys keep the test fast; the join at 10 s (booted at 12 s) still migrates.
  return {std::string(RINGSIM_SOURCE_DIR) + "/scenarios/node_join.json",
          {parse_override("/duration_s=15"), parse_override("/data/keys=20000")},
          std::nullopt,
          {}};
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

TEST_CASE("a seek spends its frames simulating, not waiting for drawings", "[gui]") {
  // The interactive loop's frame (viz/frame_loop.cpp) with a drawing of 20 ms, what a RAG
  // scenario's frame costs under llvmpipe. On a playing frame's budget (what is left of
  // 16.7 ms: 2 ms here) a seek simulated a tenth of the time and took 5-20 times as long
  // as headless (rag_pipelines to 17 s: 75 s, not 13 s).
  constexpr auto kDraw = std::chrono::milliseconds(20);
  FramePacer pacer;
  for (std::size_t i = 0; i < FramePacer::kDrawsToTrust; ++i) pacer.record_draw(kDraw);
  CHECK(pacer.sim_budget(/*busy=*/false) == FramePacer::kSimBudgetMin);
  CHECK(pacer.sim_budget(/*busy=*/true) >= std::chrono::milliseconds(200));
  Session session(small_node_join());
  session.seek(kTargetNs);  // a few frames' worth of simulating, so one drawing is not most of it
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  Clock::duration simulating{};
  int frames = 0;
  while (session.busy() && frames < 2000) {
    std::this_thread::sleep_for(kDraw);
    const Clock::time_point sim_start = Clock::now();
    session.pump(1.0 / 60, pacer.sim_budget(session.busy()));
    simulating += Clock::now() - sim_start;
    frames += 1;
  }
  const double share = std::chrono::duration<double>(simulating) / std::chrono::duration<double>(Clock::now() - start);
  CAPTURE(frames, share);
  CHECK(session.run().now_ns() == kTargetNs);
  CHECK(share >= 0.8);
}

TEST_CASE("run to the next change stops right after the event that made it", "[gui]") {
  Session session(small_node_join());
  session.run_to_next_change();
  finish_goal(session);
  const ClusterView* model = session.cluster();
  REQUIRE(model != nullptr);
  // The add_node action is a change of its own; its node joins once booted, the next one.
  REQUIRE(model->changes().size() == 1);
  CHECK(model->changes().back().action == "add_node");
  CHECK(session.run().now_ns() == model->changes().back().at_ns);
  session.run_to_next_change();
  finish_goal(session);
  REQUIRE(model->changes().size() == 2);
  CHECK(model->changes().back().action == "join");
  CHECK(session.run().now_ns() == model->changes().back().at_ns);
}

TEST_CASE("stepping back lands exactly where a forward run would be", "[gui]") {
  Session session(small_node_join());
  for (int i = 0; i < 3000; ++i) session.step_event();
  const std::uint64_t hash_at_2999 = [&] {
    Session forward(small_node_join());
    for (int i = 0; i < 2999; ++i) forward.step_event();
    return forward.run().simulator().trace_hash();
  }();
  session.step_back_event();
  finish_goal(session);
  CHECK(session.run().simulator().events_executed() == 2999);
  CHECK(session.run().simulator().trace_hash() == hash_at_2999);
  // Stepping forward again is the same event as before.
  session.step_event();
  CHECK(session.run().simulator().events_executed() == 3000);

  // Previous change: from 13 s (after the join at 10 s and its boot), back to the join.
  session.seek(kTargetNs);
  finish_goal(session);
  const std::size_t changes = session.cluster()->changes().size();
  REQUIRE(changes >= 1);
  const TimeNs last_change_ns = session.cluster()->changes().back().at_ns;
  REQUIRE(last_change_ns < kTargetNs);
  session.run_to_previous_change();
  finish_goal(session);
  CHECK(session.run().now_ns() == last_change_ns);
  CHECK(session.run().simulator().trace_hash() == reference_hash(last_change_ns));
  CHECK(session.cluster()->changes().size() == changes);  // the change itself has happened
}

TEST_CASE("the time slider seeks to where its handle is released", "[gui]") {
  // The panel's calls, frame by frame: paused at 13 s, the handle dragged back to 5.25 s.
  Session session(small_node_join());
  session.seek(kTargetNs);
  finish_goal(session);
  TimeScrubber scrubber;
  CHECK(scrubber.value_s(session.run().now_ns()) == 13.0);
  CHECK_FALSE(scrubber.release());  // a click that moved nothing does not seek
  for (const double dragged_s : {12.0, 8.5, 5.25}) {
    // While held the slider shows the dragged time, not the run's (which snapped it back).
    scrubber.hold(dragged_s);
    CHECK(scrubber.value_s(session.run().now_ns()) == dragged_s);
  }
  const std::optional<TimeNs> target = scrubber.release();
  REQUIRE(target);
  CHECK(*target == 5'250'000'000);
  session.seek(*target);
  finish_goal(session);
  CHECK(session.run().now_ns() == 5'250'000'000);
  CHECK(session.run().simulator().trace_hash() == reference_hash(5'250'000'000));
  CHECK(scrubber.value_s(session.run().now_ns()) == 5.25);
}

TEST_CASE("the shown time is exact, so ringsim run --until it gives the GUI's hash", "[gui]") {
  CHECK(format_time_exact(5'505'500'000) == "5.5055 s");  // was shown as "5.506 s"
  CHECK(format_time_exact(13 * kNsPerS) == "13.000 s");
  CHECK(format_time_exact(1) == "0.000000001 s");
  CHECK(format_seconds_exact(123'456'789'012) == "123.456789012");
  CHECK(shell_quote("a b'c") == "'a b'\\''c'");
  CHECK(shell_quote("/cluster/nodes=8") == "/cluster/nodes=8");
}

// Splits what repro_command wrote the way a POSIX shell would (single quotes only).
std::vector<std::string> shell_words(const std::string& command) {
  std::vector<std::string> words;
  std::string word;
  bool quoted = false, any = false;
  for (const char c : command) {
    if (c == '\'') {
      quoted = !quoted;
      any = true;
    } else if (c == ' ' && !quoted) {
      if (any) words.push_back(word);
      word.clear();
      any = false;
    } else {
      word += c;
      any = true;
    }
  }
  if (any) words.push_back(word);
  return words;
}

TEST_CASE("copy repro command: the ringsim run line reproduces the GUI's state and hash", "[gui]") {
  ScenarioSource source = small_node_join();
  source.seed = 99;
  source.overrides.push_back(parse_override("/cluster/placement/strategy=\"rendezvous\""));
  Session session(source);
  session.seek(3 * kNsPerS + 123'457'000);
  finish_goal(session);
  REQUIRE(session.inject(nlohmann::json{{"action", "fail_node"}, {"node", 2}}));
  session.seek(5 * kNsPerS + 505'500'000);  // 5.5055 s: between two of the old display's digits
  finish_goal(session);
  const std::string command = repro_command(session.source(), session.run().now_ns());
  CAPTURE(command);
  CHECK(command.find("--until 5.5055") != std::string::npos);
  CHECK(command.find("--inject '3.123457s fail_node node=2'") != std::string::npos);

  // What `ringsim run` does with those words (cli/main.cpp: --set, --seed, --inject, --until).
  const std::vector<std::string> words = shell_words(command);
  REQUIRE(words.size() >= 4);
  CHECK(words[0] == "ringsim");
  CHECK(words[1] == "run");
  std::vector<Override> overrides;
  std::vector<nlohmann::json> injections;
  std::optional<std::uint64_t> seed;
  TimeNs until_ns = -1;
  for (std::size_t i = 3; i + 1 < words.size(); i += 2) {
    if (words[i] == "--set") overrides.push_back(parse_override(words[i + 1]));
    if (words[i] == "--inject") injections.push_back(parse_injection(words[i + 1]));
    if (words[i] == "--seed") seed = std::stoull(words[i + 1]);
    if (words[i] == "--until") until_ns = parse_duration_ns(words[i + 1]);
  }
  CHECK(overrides.size() == source.overrides.size());
  CHECK(seed == std::optional<std::uint64_t>(99));
  REQUIRE(injections.size() == 1);
  Run run(load_scenario(words[2], overrides, seed, injections));
  run.advance_to(until_ns);
  CHECK(until_ns == session.run().now_ns());
  CHECK(run.simulator().trace_hash() == session.run().simulator().trace_hash());
}

// Runs the built `ringsim` with the words of a repro command (its first two are
// "ringsim run"); returns what it printed.
std::string run_ringsim_words(const std::vector<std::string>& words) {
  std::string command = RINGSIM_BINARY;
  for (std::size_t i = 1; i < words.size(); ++i) command += " " + shell_quote(words[i]);
  command += " --no-expect 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  CHECK(pclose(pipe) == 0);
  return output;
}

TEST_CASE("copy repro command inside an instant: ringsim run prints the GUI's hash and events", "[gui]") {
  // Next change stops right after the add_node action's event, with other events at that time still
  // pending; `--until T` alone runs those too (the trial: 82914af1 / 3,157,081 events in
  // the GUI, dd8c819d / 3,157,222 from the copied command).
  Session session(small_node_join());
  session.run_to_next_change();
  finish_goal(session);
  REQUIRE(mid_instant(session.next_event_ns(), session.run().now_ns()));
  const std::string command = repro_command(session);
  CAPTURE(command);
  const std::string events = std::to_string(session.run().simulator().events_executed());
  CHECK(command.find("--until " + format_seconds_exact(session.run().now_ns()) + " --until-events " + events) !=
        std::string::npos);
  const std::string output = run_ringsim_words(shell_words(command));
  CAPTURE(output);
  CHECK(output.find(format_trace_hash(session.run().simulator().trace_hash())) != std::string::npos);
  // Without the count the same time gives another state: what the option is for.
  Run all_at_t(load_scenario(session.source().path, session.source().overrides, session.source().seed));
  all_at_t.advance_to(session.run().now_ns());
  CHECK(all_at_t.simulator().events_executed() > session.run().simulator().events_executed());
  CHECK(all_at_t.simulator().trace_hash() != session.run().simulator().trace_hash());
  // At the end of an instant the command is --until alone, as before.
  session.seek(kTargetNs);
  finish_goal(session);
  CHECK(repro_command(session).find("--until-events") == std::string::npos);
}

TEST_CASE("a step back runs over frames with a progress indicator, and Stop keeps the run", "[gui]") {
  Session session(small_node_join());
  for (int i = 0; i < 2000; ++i) session.step_event();
  session.step_back_event();
  CHECK(session.busy());
  CHECK(session.rebuild_pending());
  CHECK(session.progress_text().find("rebuilding") == 0);
  // The first pump leaves the run alone: that frame shows the indicator before the rebuild.
  session.pump(0, std::chrono::nanoseconds(0));
  CHECK(session.run().simulator().events_executed() == 2000);
  session.pump(0, std::chrono::nanoseconds(0));
  CHECK_FALSE(session.rebuild_pending());
  CHECK(session.progress_text().find("stepping back: replaying ") == 0);
  finish_goal(session);
  CHECK(session.run().simulator().events_executed() == 1999);
  // Stop before the rebuild began: the run stays where it was.
  session.step_back_event();
  session.set_playing(false);
  for (int i = 0; i < 3; ++i) session.pump(0, std::chrono::nanoseconds(0));
  CHECK(session.run().simulator().events_executed() == 1999);
}

TEST_CASE("a step back replays off screen: the views are hidden from the rebuild until it lands", "[gui]") {
  // The user watched the run fast-forward from 0 to the step back's target (the views drew
  // every intermediate frame of the replay). Views::draw draws only the timeline and the
  // progress window while replaying() holds.
  Session session(small_node_join());
  for (int i = 0; i < 2000; ++i) session.step_event();
  session.step_back_event();
  CHECK_FALSE(session.replaying());  // the frame before the rebuild still shows the old run
  session.pump(0, std::chrono::nanoseconds(0));
  CHECK_FALSE(session.replaying());
  session.pump(0, std::chrono::nanoseconds(0));  // rebuilt; replaying in slices
  CHECK(session.run().simulator().events_executed() < 1999);
  CHECK(session.replaying());
  finish_goal(session);
  CHECK_FALSE(session.replaying());
  CHECK(session.run().simulator().events_executed() == 1999);
  // A seek forward is no replay: its frames show the run as it moves.
  session.seek(session.run().now_ns() + 100'000'000);
  session.pump(0, std::chrono::nanoseconds(0));
  CHECK(session.busy());
  CHECK_FALSE(session.replaying());
  finish_goal(session);
  // A seek back is one.
  session.seek(1'000'000);
  for (int i = 0; i < 2; ++i) session.pump(0, std::chrono::nanoseconds(0));
  CHECK(session.replaying() == session.busy());
  finish_goal(session);
  CHECK_FALSE(session.replaying());
}

TEST_CASE("the ring caption states the latest change against its ideal", "[gui]") {
  Session session(small_node_join());
  session.seek(kTargetNs);
  finish_goal(session);
  const RingCaption caption = describe_ring_state(session.run(), *session.cluster());
  CHECK(caption.headline.find("node 8 joined: ") == 0);
  CAPTURE(caption.headline);
  CHECK(caption.headline.find(" copies moved") != std::string::npos);
  CHECK(caption.headline.find(" of keys; minimum ") != std::string::npos);
}

TEST_CASE("at the join instant the ring and its caption agree: copies wait, none streams yet", "[gui]") {
  // node_join's join: every range is planned (incoming) and its migration DAG starts with a
  // snapshot, so nothing streams. The ring framed every incoming key as "being copied"
  // while the caption said "0.0 % of replicas moving" (the trial's complaint).
  Session session(small_node_join());
  session.run_to_next_change();  // the add_node action
  finish_goal(session);
  session.run_to_next_change();  // its join, boot_s later
  finish_goal(session);
  const ClusterView& model = *session.cluster();
  REQUIRE(model.changes().back().action == "join");
  KeyMotion motion;
  motion.measure(model);
  CHECK(motion.copies_pending() > 0);
  CHECK(motion.copies_streaming() == 0);
  CHECK(motion.keys_copying() == 0);
  CHECK(motion.keys_waiting() > 0);
  std::uint64_t waiting = 0, copying = 0;
  for (KeyId key = 0; key < model.replicas().key_count(); ++key) {
    waiting += motion.move_of(model.replicas(), key) == KeyMove::kWaiting ? 1 : 0;
    copying += motion.move_of(model.replicas(), key) == KeyMove::kCopying ? 1 : 0;
  }
  CHECK(waiting == motion.keys_waiting());
  CHECK(copying == 0);
  const RingCaption caption = describe_ring_state(session.run(), model, motion);
  CAPTURE(caption.headline, caption.detail);
  // The copies the join must make are moving (about 1/9 of the replicas), not 0.0 %.
  CHECK(caption.headline.find(" 0.0 % of replicas") == std::string::npos);
  CHECK(caption.headline.find("1") != std::string::npos);
  CHECK(caption.detail.find("copies " + format_count(motion.copies_pending()) + " waiting, 0 streaming, 0 moved") !=
        std::string::npos);

  // A second into the migration some copies stream (yellow) and the counts still add up.
  session.seek(kTargetNs);
  finish_goal(session);
  motion.measure(*session.cluster());
  const ChangeRecord& join = session.cluster()->changes().back();
  CHECK(motion.copies_streaming() + join.keys_moved > 0);
  CHECK(motion.copies_waiting() + motion.copies_streaming() == motion.copies_pending());
  CHECK(motion.copies_streaming() == copies_in_flight(*session.cluster(), join.id));
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
        if (layout.compact) {
          // One right-column panel at a time, below its tab strip.
          CHECK_FALSE(layout.tabs.empty());
          const int shown = !layout.cluster.empty() + !layout.latency.empty() + !layout.event_log.empty() +
                            !layout.dag.empty();
          CHECK(shown == 1);
          CHECK(layout.tab == (cluster ? Panel::kCluster : Panel::kLatency));
          CHECK_FALSE(overlap(layout.tabs, layout.ring));
        }
        if (width >= 1280 && scale <= 1.5f && !layout.compact) {
          // The one-line DAG panel (no graph) gives its room away in short windows.
          for (const RectF& a : rects) {
            if (&a == &rects[5] || &a == &rects[10]) continue;
            CHECK((a.empty() == ((&a == &rects[3] || &a == &rects[9]) && !cluster)));
          }
          CHECK(layout.dag.empty() == (height - 120 * scale < 700 * scale));
          CHECK_FALSE(compute_layout(width, height, scale, cluster, /*has_dag=*/true).dag.empty());
        }
      }
    }
  }
}

TEST_CASE("a projector's 1280x720 keeps the cluster table and the latency charts readable", "[gui]") {
  // With a DAG graph the DAG panel gives up height first.
  const Layout layout = compute_layout(1280, 720, 1, /*has_cluster=*/true, /*has_dag=*/true);
  CHECK(layout.cluster.h >= 226);
  CHECK(layout.latency.h >= 300);
  CHECK(layout.dag.h >= 64);
  CHECK(layout.dag.y + layout.dag.h <= 720.01f);
  // At 1600x1000 the graph keeps its share of the body.
  CHECK(compute_layout(1600, 1000, 1, true, true).dag.h == Approx((1000 - 120) * 0.36f));
}

TEST_CASE("a short window for its text size gets the compact layout: ring on the left, tabbed panels on the right", "[gui]") {
  CHECK_FALSE(compute_layout(1280, 720, 1, true).compact);   // body 600 at ui_scale 1
  CHECK(compute_layout(1280, 720, 1.25f, true).compact);     // a 720p projector at font scale 1.25
  CHECK_FALSE(compute_layout(1920, 1080, 1.5f, true).compact);
  const Layout latency = compute_layout(1280, 720, 1.5f, true, true, Panel::kNone, Panel::kLatency);
  CHECK(latency.tab == Panel::kLatency);
  CHECK(latency.cluster.empty());
  CHECK(latency.latency.h > 400);  // the tab's panel has the column below the strip
  CHECK(latency.ring.h == Approx(720 - 116 * 1.5f - 4 * 1.5f));  // no event log under the ring
  // A tab the scenario lacks (no DAG runs) falls back to the first tab.
  CHECK(compute_layout(1280, 720, 1.5f, true, false, Panel::kNone, Panel::kDag).tab == Panel::kCluster);
  CHECK(compute_layout(1280, 720, 1.5f, false, false, Panel::kNone, Panel::kCluster).tab == Panel::kLatency);
}

TEST_CASE("a maximized view takes the body, the timeline stays", "[gui]") {
  for (const Panel panel : kPanels) {
    Panel parsed = Panel::kNone;
    REQUIRE(parse_panel(panel_name(panel), parsed));
    CHECK(parsed == panel);
    if (panel == Panel::kNone) continue;
    const Layout layout = compute_layout(1280, 720, 1, true, true, panel);
    const RectF views[] = {layout.ring, layout.event_log, layout.cluster, layout.latency, layout.dag};
    int shown = 0;
    for (const RectF& view : views) {
      if (view.empty()) continue;
      shown += 1;
      CHECK(view.w == 1280);
      CHECK(view.y == Approx(120));
      CHECK(view.h == Approx(600));
    }
    CHECK(shown == 1);
    CHECK(layout.timeline.h == 116);
  }
  Panel unknown = Panel::kNone;
  CHECK_FALSE(parse_panel("graph", unknown));
}

TEST_CASE("the layout dump finds overlapping and cut text and short plots", "[gui]") {
  LayoutDump dump;
  dump.width = 200;
  dump.height = 100;
  dump.texts.push_back({"plot/a", "10 ms", {10, 10, 30, 15}, std::nullopt});
  dump.texts.push_back({"plot/a", "0 s", {50, 10, 20, 15}, std::nullopt});  // beside it: fine
  dump.plots.push_back({"a", {0, 0, 100, 60}});
  CHECK(layout_problems(dump, 60).empty());
  dump.texts.push_back({"plot/a", "p99", {33, 20, 15, 15}, std::nullopt});  // 7 px into "10 ms"
  dump.texts.push_back({"dag", "switch_ownership", {100, 50, 80, 15}, RectF{100, 50, 60, 15}});
  dump.texts.push_back({"ring", "edge", {190, 90, 20, 15}, std::nullopt});  // past the window
  dump.plots.push_back({"b", {0, 0, 100, 20}});
  const std::vector<std::string> problems = layout_problems(dump, 60);
  REQUIRE(problems.size() == 4);
  CHECK(problems[0].find("overlaps") != std::string::npos);
  CHECK(problems[0].find("p99") != std::string::npos);
  CHECK(problems[1].find("cut off: \"switch_ownership\"") != std::string::npos);
  CHECK(problems[2].find("cut off: \"edge\"") != std::string::npos);
  CHECK(problems[3].find("plot b is 20 px") != std::string::npos);
  // Written and read back unchanged.
  const std::string path = "gui_test_layout_dump.json";
  write_layout_json(dump, path);
  const LayoutDump back = read_layout_json(path);
  CHECK(back.texts.size() == dump.texts.size());
  CHECK(back.texts[3].clip.has_value());
  CHECK(layout_problems(back, 60) == problems);
  std::remove(path.c_str());
}

TEST_CASE("the layout dump holds the node table to its rows and uncut cells, and the ring to its size", "[gui]") {
  LayoutDump dump;
  dump.width = 1280;
  dump.height = 720;
  dump.panels.emplace_back("ring_view", RectF{0, 120, 636, 300});
  // 5 of 9 rows visible, but the one that matters (the hot node) is among them: fine.
  dump.tables.push_back({"cluster/nodes", 9, 5, 1, 1, {}});
  CHECK(layout_problems(dump, 60).empty());
  dump.tables.back().rows_that_matter_visible = 0;  // the 93 %-busy node cut off
  dump.tables.back().truncated = {"header queue", "row 2 served"};
  dump.panels.emplace_back("ring_view", RectF{0, 120, 636, 40});  // the ring squeezed to a strip
  const std::vector<std::string> problems = layout_problems(dump, 60);
  REQUIRE(problems.size() == 4);
  CHECK(problems[0].find("ring view is 636x40 px") != std::string::npos);
  CHECK(problems[1] == "cluster/nodes: header queue is truncated");
  CHECK(problems[2] == "cluster/nodes: row 2 served is truncated");
  CHECK(problems[3] == "cluster/nodes: 5 of 9 rows visible (0 of 1 that matter)");
  dump.tables.back() = {"cluster/nodes", 12, 8, 0, 0, {}};  // 8 rows: enough without pins
  dump.panels.pop_back();
  CHECK(layout_problems(dump, 60).empty());
  const std::string path = "gui_test_layout_tables.json";
  write_layout_json(dump, path);
  const LayoutDump back = read_layout_json(path);
  REQUIRE(back.tables.size() == 1);
  CHECK(back.tables[0].rows_visible == 8);
  std::remove(path.c_str());
}

TEST_CASE("the layout dump fails on a shortened ring caption, not on a shortened DAG task name", "[gui]") {
  LayoutDump dump;
  dump.width = 1280;
  dump.height = 720;
  dump.shortened.push_back({"dag/task", "switch_ownership", "switch_own.."});  // hover shows it: fine
  CHECK(layout_problems(dump, 60).empty());
  dump.shortened.push_back({"ring/headline", "node 8 joined: 4 598 copies moved in 84.8 ms (11.5 % of keys)",
                            "node 8 joined: 4 598 copies moved in 84.8 ms (11.5 %..."});
  const std::vector<std::string> problems = layout_problems(dump, 60);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("text shortened: ring/headline") == 0);
  const std::string path = "gui_test_layout_shortened.json";
  write_layout_json(dump, path);
  const LayoutDump back = read_layout_json(path);
  REQUIRE(back.shortened.size() == 2);
  CHECK(back.shortened[1].shown == dump.shortened[1].shown);
  CHECK(layout_problems(back, 60) == problems);
  std::remove(path.c_str());
}

TEST_CASE("the default font scale grows with the window's height", "[gui]") {
  CHECK(auto_font_scale(720, 1) == Approx(1.0f));
  CHECK(auto_font_scale(1000, 1) == Approx(1.1f));
  CHECK(auto_font_scale(1080, 1) == Approx(1.2f));
  CHECK(auto_font_scale(1440, 1) == Approx(1.6f));
  CHECK(auto_font_scale(2160, 2) == Approx(1.2f));  // HiDPI: logical pixels count
  CHECK(auto_font_scale(4000, 1) == Approx(2.0f));
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

// [SECTION] DAG panel

ScenarioSource small_rag_pipelines() {
  // Fewer keys keep the index build quick; RAG runs arrive twice a second from the start.
  return {std::string(RINGSIM_SOURCE_DIR) + "/scenarios/rag_pipelines.json",
          {parse_override("/data/keys=4000")},
          std::nullopt,
          {}};
}

void advance(Session& session, TimeNs target_ns) {
  session.seek(target_ns);
  finish_goal(session);
}

TEST_CASE("DAG run counts kept by the executor equal a full count", "[gui][dag]") {
  Session session(small_rag_pipelines());
  const ClusterView* model = session.cluster();
  REQUIRE(model != nullptr);
  REQUIRE(model->dag_executor() != nullptr);
  for (const TimeNs at_ns : {TimeNs{0}, 3 * kNsPerS, 3 * kNsPerS + kNsPerMs, 7 * kNsPerS, 12 * kNsPerS}) {
    advance(session, at_ns);
    const DagExecutor& executor = *session.cluster()->dag_executor();
    DagRunCounts full;
    for (std::size_t id = 0; id < executor.run_count(); ++id) {
      const DagRunState state = executor.run(static_cast<DagRunId>(id)).state;
      full.runs += 1;
      full.scheduled += state == DagRunState::kScheduled ? 1 : 0;
      full.running += state == DagRunState::kRunning ? 1 : 0;
      full.succeeded += state == DagRunState::kSucceeded ? 1 : 0;
      full.failed += state == DagRunState::kFailed ? 1 : 0;
    }
    const DagRunCounts counts = run_counts(executor);
    CAPTURE(at_ns);
    CHECK(counts.runs == full.runs);
    CHECK(counts.scheduled == full.scheduled);
    CHECK(counts.running == full.running);
    CHECK(counts.succeeded == full.succeeded);
    CHECK(counts.failed == full.failed);
  }
  // A rebuilt run (seek back) has its own counts.
  advance(session, kNsPerS);
  const DagRunCounts counts = run_counts(*session.cluster()->dag_executor());
  CHECK(counts.runs == session.cluster()->dag_executor()->run_count());
  CHECK(counts.scheduled + counts.running + counts.succeeded + counts.failed == counts.runs);
}

TEST_CASE("the DAG panel's sources find the newest run in flight and the latest finished", "[gui][dag]") {
  Session session(small_rag_pipelines());
  advance(session, 12 * kNsPerS);
  const ClusterView& model = *session.cluster();
  const auto& pipelines = std::get<ClusterScenario>(session.run().scenario().model).pipelines;
  const std::vector<DagSource> sources = dag_sources(model, pipelines);
  // newest in flight, then one "latest finished" per pipeline (rag, ingest); migrations
  // add two more once they run as DAGs.
  REQUIRE(sources.size() >= 1 + pipelines.size());
  CHECK(sources[0].kind == DagSource::Kind::kNewestInFlight);
  CHECK(sources[1].label == "rag: latest finished run");

  const TimeNs now_ns = session.run().now_ns();
  const std::optional<DagRunRef> in_flight = resolve_source(model, sources[0], now_ns);
  REQUIRE(in_flight.has_value());
  const DagExecutor& executor = *model.dag_executor();
  const DagRun& shown = executor.run(in_flight->id);
  CHECK(shown.state == DagRunState::kRunning);
  // It has had core time; no newer run in flight has.
  const auto has_run = [&](const DagRun& run) {
    return std::any_of(run.tasks.begin(), run.tasks.end(),
                       [&](const TaskRecord& record) { return run_time_so_far_ns(record, now_ns) > 0; });
  };
  CHECK(has_run(shown));
  for (std::size_t id = in_flight->id + 1; id < executor.run_count(); ++id) {
    const DagRun& newer = executor.run(static_cast<DagRunId>(id));
    if (newer.state == DagRunState::kRunning) CHECK_FALSE(has_run(newer));
  }
  const std::optional<DagRunRef> finished = resolve_source(model, sources[1], now_ns);
  REQUIRE(finished.has_value());
  CHECK(finished->id == model.latest_finished_run(0));
  const DagRun* run = drawable_run(model, *finished);
  REQUIRE(run != nullptr);
  CHECK(run->finished());
  CHECK(run->spec->name() == "rag");
  // A run id past the end, or an executor that does not exist, is never drawn.
  CHECK(drawable_run(model, {DagExecutorKind::kPipelines, static_cast<DagRunId>(executor.run_count())}) == nullptr);
  if (model.migration_dag_executor() == nullptr) {
    CHECK(drawable_run(model, {DagExecutorKind::kMigrations, 0}) == nullptr);
  }
}

TEST_CASE("the DAG graph puts tasks in columns by depth and maps clicks to tasks", "[gui][dag]") {
  Session session(small_rag_pipelines());
  advance(session, 12 * kNsPerS);
  const ClusterView& model = *session.cluster();
  const DagRun* run = drawable_run(model, *resolve_source(model, dag_sources(model, {})[0], session.run().now_ns()));
  REQUIRE(run != nullptr);
  const DagSpec& spec = *run->spec;
  const RectF area{100, 50, 700, 240};
  constexpr float kFontPx = 15;
  DagGraphLayout layout;
  layout.update(spec, session.generation(), area, kFontPx);
  REQUIRE(layout.boxes().size() == spec.size());
  for (TaskIndex task = 0; task < spec.size(); ++task) {
    CAPTURE(spec.task(task).name);
    const DagBox& box = layout.boxes()[task];
    CHECK(box.x >= area.x);
    CHECK(box.x + box.w <= area.x + area.w);
    CHECK(box.y >= area.y + kFontPx);  // below the column captions
    CHECK(box.y + box.h <= area.y + area.h);
    // Every task sits right of everything it waits for.
    for (const TaskIndex before : spec.predecessors(task)) {
      CHECK(layout.boxes()[before].x + layout.boxes()[before].w < box.x);
    }
    CHECK(layout.task_at(box.x + box.w / 2, box.centre_y()) == task);
  }
  // Empty space (above the first box, left of everything) is no task.
  CHECK_FALSE(layout.task_at(area.x + 1, area.y + 1).has_value());
  // One caption per column.
  std::set<std::uint32_t> depths(layout.depths().begin(), layout.depths().end());
  CHECK(layout.captions().size() == depths.size());
}

TEST_CASE("the DAG panel names the critical path and a task's record", "[gui][dag]") {
  Session session(small_rag_pipelines());
  advance(session, 12 * kNsPerS);
  const ClusterView& model = *session.cluster();
  const TimeNs now_ns = session.run().now_ns();

  const DagRun& finished = model.dag_executor()->run(*model.latest_finished_run(0));
  const CriticalPath path = shown_critical_path(finished, now_ns);
  CHECK(path.tasks == finished.report->critical_path.tasks);
  const std::string caption = critical_path_caption(finished, path, now_ns);
  CAPTURE(caption);
  CHECK(caption.rfind("critical path: embed_query -> search_", 0) == 0);
  CHECK(caption.find(" -> merge -> rerank -> generate, ") != std::string::npos);
  CHECK(caption.find("(makespan " + format_duration(finished.report->makespan_ns) + ")") != std::string::npos);

  const std::optional<DagRunId> in_flight_id = newest_run_in_flight(*model.dag_executor(), now_ns);
  REQUIRE(in_flight_id.has_value());
  const DagRun* in_flight = drawable_run(model, {DagExecutorKind::kPipelines, *in_flight_id});
  REQUIRE(in_flight != nullptr);
  const std::string so_far = critical_path_caption(*in_flight, shown_critical_path(*in_flight, now_ns), now_ns);
  CAPTURE(so_far);
  CHECK(so_far.rfind("critical path so far: ", 0) == 0);

  const TaskIndex merge = *finished.spec->find("merge");
  const auto rows = task_details(finished, merge, now_ns, true);
  const auto value = [&](const std::string& label) {
    for (const auto& [name, text] : rows) {
      if (name == label) return text;
    }
    return std::string("(missing)");
  };
  CHECK(value("task") == "merge (merge)");
  CHECK(value("state").rfind("done, node ", 0) == 0);
  CHECK(value("attempts") == "1, 0 timeouts");
  CHECK(value("after").rfind("search_0, search_1, ", 0) == 0);
  CHECK(value("after").find("more") != std::string::npos);  // 16 searches: shortened
  CHECK(value("critical path") == "on it");
  const TaskRecord& record = finished.tasks[merge];
  CHECK(value("ended").find(format_time_s(record.end_ns)) == 0);
  CHECK(value("wait / run") == format_duration(record.wait_ns()) + " / " + format_duration(record.run_ns));
}

TEST_CASE("the frame pacer leaves the simulation what the slowest recent drawing leaves", "[gui]") {
  using std::chrono::microseconds;
  using std::chrono::milliseconds;
  FramePacer pacer;
  CHECK(pacer.sim_budget() == FramePacer::kSimBudgetMin);  // nothing known yet
  pacer.record_draw(milliseconds(7));
  for (std::size_t frame = 1; frame + 1 < FramePacer::kDrawsToTrust; ++frame) pacer.record_draw(milliseconds(6));
  CHECK(pacer.sim_budget() == FramePacer::kSimBudgetMin);  // one drawing short
  pacer.record_draw(milliseconds(6));
  CHECK(pacer.sim_budget() == FramePacer::kFramePeriod - milliseconds(7) - FramePacer::kMargin);
  pacer.record_draw(milliseconds(10));  // a slower drawing sets the budget...
  CHECK(pacer.sim_budget() == FramePacer::kFramePeriod - milliseconds(10) - FramePacer::kMargin);
  pacer.record_draw(milliseconds(30));  // ...a one-off (over twice the median) does not
  CHECK(pacer.sim_budget() == FramePacer::kFramePeriod - milliseconds(10) - FramePacer::kMargin);
  // The window keeps the last kDrawsKept: after kDrawsKept - 2 more the 10 ms drawing is
  // the oldest one kept, after one more it is gone.
  for (std::size_t frame = 0; frame + 2 < FramePacer::kDrawsKept; ++frame) pacer.record_draw(microseconds(5'000));
  CHECK(pacer.sim_budget() == FramePacer::kFramePeriod - milliseconds(10) - FramePacer::kMargin);  // still kept
  pacer.record_draw(microseconds(5'000));  // 10 ms forgotten; 30 ms is a one-off
  CHECK(pacer.sim_budget() == FramePacer::kFramePeriod - milliseconds(5) - FramePacer::kMargin);
  // Slow drawings throughout: the simulation still gets its minimum.
  for (std::size_t frame = 0; frame < FramePacer::kDrawsKept; ++frame) pacer.record_draw(milliseconds(15));
  CHECK(pacer.sim_budget() == FramePacer::kSimBudgetMin);
}

TEST_CASE("durations read in the unit that fits", "[gui]") {
  CHECK(format_duration(100'000) == "0.100 ms");
  CHECK(format_duration(123'400'000) == "123.4 ms");
  CHECK(format_duration(4'200 * kNsPerMs) == "4.200 s");
}

}  // namespace

TEST_CASE("the achieved speed is virtual time per wall time over the last second, shown when it falls short", "[gui]") {
  AchievedSpeed achieved;
  CHECK_FALSE(achieved.speed());  // nothing played yet
  // 60 frames of 1/60 s at x10 asked, of which the run managed 0.05 virtual s each: x3.
  for (int i = 0; i < 60; ++i) achieved.add(1.0 / 60, 0.05);
  REQUIRE(achieved.speed());
  CHECK(*achieved.speed() == Approx(3.0));
  CHECK(achieved_speed_note(10, false, achieved.speed()) == std::optional<std::string>("achieved x3"));
  // Keeping up (x3 asked, x3 reached) or nearly: no note.
  CHECK_FALSE(achieved_speed_note(3, false, achieved.speed()));
  CHECK_FALSE(achieved_speed_note(3.2, false, achieved.speed()));
  // At "max" the request names no figure: the note says what it reaches.
  CHECK(achieved_speed_note(1e6, true, achieved.speed()) == std::optional<std::string>("achieved x3"));
  // Only the last second counts: two seconds of x1 after it, and the figure is x1.
  for (int i = 0; i < 120; ++i) achieved.add(1.0 / 60, 1.0 / 60);
  CHECK(*achieved.speed() == Approx(1.0));
  achieved.reset();
  CHECK_FALSE(achieved.speed());
}

TEST_CASE("keys typed into a text field are the field's, and with no field taking text every shortcut works", "[gui]") {
  // No field: shortcuts (Space plays, P goes back a change), also while ImGui holds the
  // keyboard for something else (a button held, a slider dragged), which used to drop them.
  CHECK(route_key({false, false, false}) == KeyRoute::kShortcut);
  CHECK(route_key({false, false, true}) == KeyRoute::kShortcut);
  // A field active since last frame (io.WantTextInput), or clicked this frame (the keys
  // typed in that same frame went to the shortcuts too): the field's.
  CHECK(route_key({true, false, true}) == KeyRoute::kTextField);
  CHECK(route_key({false, true, true}) == KeyRoute::kTextField);
  CHECK(route_key({true, true, true}) == KeyRoute::kTextField);
}
