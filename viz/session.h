// The GUI's handle on one run of a scenario: owns the Run and applies the user's commands
// to it (play, pause, step one event, run to the next change, seek, restart, load another
// scenario). Views read the run through run() and cluster(); they keep no copy of it.
//
// Commands only decide how far the run advances, never what it computes: stepping,
// slicing and seeking all execute the same events in the same order, so the trace hash at
// a given virtual time equals the headless runner's. The wall clock enters only as the
// per-frame budget passed to pump() and the frame's duration used while playing.
//
// Not thread-safe; lives on the GUI thread.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/cluster/cluster_view.h"
#include "run/run.h"
#include "viz/achieved_speed.h"
#include "run/scenario.h"

namespace ringsim::viz {

// Playback speed at or above this means "as fast as the frame budget allows".
inline constexpr double kSpeedUnlimited = 1000;
inline constexpr double kSpeedSlowest = 0.1;

struct ScenarioSource {
  std::string path;
  std::vector<Override> overrides;
  std::optional<std::uint64_t> seed;
  // Timeline actions injected from the command line or the GUI (run/injection.h), in order.
  std::vector<nlohmann::json> injections;
};

class Session {
 public:
  // Loads and builds the run. Throws ConfigError on a bad scenario.
  explicit Session(ScenarioSource source);
  ~Session();

  const Run& run() const { return *run_; }
  // The cluster model, or nullptr for a scenario without a cluster (station).
  const ClusterView* cluster() const;
  const ScenarioSource& source() const { return source_; }
  // Changes whenever the run is rebuilt, so views can drop caches tied to the old one.
  std::uint64_t generation() const { return generation_; }
  // The last failed load() (empty when none).
  const std::string& error() const { return error_; }
  void clear_error() { error_.clear(); }
  // When the next pending event fires (nullopt when none). Peeking may drop cancelled
  // events from the queue, which does not change what the run executes.
  std::optional<TimeNs> next_event_ns();

  // Commands.
  void restart();
  // Loads another scenario file as written (no --set overrides or --seed: those were
  // meant for the scenario given on the command line). On error keeps the current run,
  // sets error() and returns false.
  bool load(const std::string& path);
  // Injects a timeline action (a timeline object without "at_s") at the current virtual
  // time: the scenario is re-read with it appended to its timeline and replayed from the
  // start to the current time, so the run stays deterministic. On a scenario error (e.g. a
  // node that does not exist) keeps the current run, sets error() and returns false.
  bool inject(const nlohmann::json& action);
  // The scenario as run (overrides, seed and injections applied), as a scenario file that
  // `ringsim run` runs to the same trace hash. Throws std::runtime_error when unwritable.
  void save_scenario(const std::string& path) const;
  const Scenario& scenario() const { return scenario_; }
  // Also ends a seek or run-to-next-change in progress, where it is.
  // A rebuild not yet started is dropped (the run stays where it is).
  void set_playing(bool playing) {
    goal_ = Goal::kNone;
    rebuild_pending_ = false;
    playing_ = playing && !run_->finished();
  }
  bool playing() const { return playing_; }
  void set_speed(double speed);
  double speed() const { return speed_; }
  bool unlimited_speed() const { return speed_ >= kSpeedUnlimited; }
  // Narration's slow motion (run/narration.h "slow_motion"): while set, playing advances at
  // most `cap` virtual seconds per wall second, below kSpeedSlowest if need be (an 85 ms
  // migration then lasts seconds). Set by the narration panel each frame; nullopt: none.
  void set_speed_cap(std::optional<double> cap) { speed_cap_ = cap; }
  std::optional<double> speed_cap() const { return speed_cap_; }
  // The speed playing uses now.
  double playing_speed() const { return speed_cap_ ? std::min(speed_, *speed_cap_) : speed_; }
  void step_event();
  // Runs until the model records another change (membership, failure, action) or the end.
  void run_to_next_change();
  // Stepping back: the run is rebuilt and replays the events before the current one / up
  // to the previous change (its time), so it ends exactly where a forward run would be.
  // Both run over frames like a seek (busy() until done); the rebuild waits one pump so
  // the frame that shows the progress indicator is on screen while indexes are rebuilt.
  void step_back_event();
  void run_to_previous_change();
  // Goes to target_ns (restarting first when it lies in the past); runs over frames.
  void seek(TimeNs target_ns);
  // A seek or run-to-next-change in progress.
  bool busy() const { return goal_ != Goal::kNone; }
  // What a busy session is doing, for the progress indicator: "stepping back: replaying
  // 1 200 of 3 000 events", and how far it got in [0, 1]; wall time since it started.
  std::string progress_text() const;
  double progress() const;
  std::chrono::steady_clock::duration busy_for() const { return std::chrono::steady_clock::now() - busy_since_; }
  bool rebuild_pending() const { return rebuild_pending_; }
  // A rebuilt run replaying up to where a step back, previous change or seek back goes:
  // its intermediate states are not the user's (they would watch the run fast-forward
  // from 0), so the views are not drawn meanwhile, only the timeline and the progress.
  bool replaying() const { return busy() && replaying_; }

  // Advances synchronously (headless modes). Same events as any other way of advancing.
  void advance_to(TimeNs target_ns) { run_->advance_to(target_ns); }
  // Per frame: continues a seek or run-to-change, or plays wall_dt_s * speed of virtual
  // time, stopping when the budget of wall time is spent.
  void pump(double wall_dt_s, std::chrono::steady_clock::duration budget);
  // The speed playing reaches (fed by the interactive loop, achieved_speed.h).
  AchievedSpeed& achieved_speed() { return achieved_speed_; }
  const AchievedSpeed& achieved_speed() const { return achieved_speed_; }

 private:
  enum class Goal { kNone, kSeek, kNextChange, kReplayEvents };
  using Deadline = std::chrono::steady_clock::time_point;

  void rebuild();
  // The goal starts now; with a rebuild first when `rebuild_first`.
  void start_goal(Goal goal, bool rebuild_first);
  bool replay_within(Deadline deadline);
  // advance_to in growing slices until target or deadline. Returns true on reaching target.
  bool advance_within(TimeNs target_ns, Deadline deadline);
  std::size_t change_count() const;

  ScenarioSource source_;
  Scenario scenario_;
  std::unique_ptr<Run> run_;
  std::uint64_t generation_ = 0;
  std::string error_;
  bool playing_ = false;
  double speed_ = 1;
  std::optional<double> speed_cap_;
  AchievedSpeed achieved_speed_;
  Goal goal_ = Goal::kNone;
  bool replaying_ = false;  // the goal rebuilt the run (replaying())
  TimeNs seek_target_ns_ = 0;
  std::size_t changes_before_ = 0;
  std::uint64_t replay_target_events_ = 0;
  bool rebuild_pending_ = false;
  int rebuild_wait_pumps_ = 0;
  std::chrono::steady_clock::time_point busy_since_{};
};

}  // namespace ringsim::viz
