#include "viz/session.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

#include <new>

#include "run/estimate.h"
#include "run/injection.h"
#include "sim/config_error.h"
#include "viz/repro_command.h"

namespace ringsim::viz {
namespace {

// Playing advances in slices so a frame can stop when its budget is spent; slices start
// small (a slow, busy scenario) and double up to this (a quiet one).
constexpr TimeNs kSliceMinNs = kNsPerMs;
constexpr TimeNs kSliceMaxNs = 200 * kNsPerMs;
// A slice may take this share of the wall time left before the deadline, at the pace of
// the previous slice (event costs vary, so not all of it).
constexpr double kSliceFitShare = 0.5;
// Events stepped between two looks at the wall clock while running to the next change.
constexpr int kStepsPerClockCheck = 256;

// Half of physical memory, as the headless runner's default (cli/memory_budget.h).
double memory_budget_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_bytes = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_bytes <= 0) return 4.0 * (1 << 30);
  return 0.5 * static_cast<double>(pages) * static_cast<double>(page_bytes);
}

// Loads and checks the run's estimate before anything is built (run/estimate.h).
Scenario load_checked(const std::string& path, const std::vector<Override>& overrides,
                      std::optional<std::uint64_t> seed, const std::vector<nlohmann::json>& injections = {}) {
  Scenario scenario = load_scenario(path, overrides, seed, injections);
  check_run_estimate(scenario, estimate_run(scenario), memory_budget_bytes());
  return scenario;
}

}  // namespace

Session::Session(ScenarioSource source)
    : source_(std::move(source)),
      scenario_(load_checked(source_.path, source_.overrides, source_.seed, source_.injections)) {
  rebuild();
}

Session::~Session() = default;

const ClusterView* Session::cluster() const { return ClusterView::of(run_->model()); }

std::optional<TimeNs> Session::next_event_ns() { return run_->simulator().next_event_time_ns(); }

void Session::rebuild() {
  run_ = std::make_unique<Run>(scenario_);
  generation_ += 1;
}

void Session::start_goal(Goal goal, bool rebuild_first) {
  goal_ = goal;
  replaying_ = false;
  playing_ = false;
  busy_since_ = std::chrono::steady_clock::now();
  if (rebuild_first) {
    rebuild_pending_ = true;
    rebuild_wait_pumps_ = 1;
  }
}

void Session::restart() {
  const bool was_playing = playing_;
  rebuild();
  goal_ = Goal::kNone;
  rebuild_pending_ = false;
  playing_ = was_playing;
}

bool Session::load(const std::string& path) {
  try {
    Scenario scenario = load_checked(path, {}, std::nullopt);
    // Build before replacing, so a scenario the run refuses leaves the old one in place.
    auto run = std::make_unique<Run>(scenario);
    scenario_ = std::move(scenario);
    source_ = ScenarioSource{path, {}, std::nullopt, {}};
    run_ = std::move(run);
    generation_ += 1;
    goal_ = Goal::kNone;
    rebuild_pending_ = false;
    error_.clear();
    return true;
  } catch (const ConfigError& error) {
    error_ = error.what();
    return false;
  } catch (const std::bad_alloc&) {
    // The estimate leans high, but a machine may have less free memory than it thinks.
    error_ = path + ": not enough memory to build this run";
    return false;
  } catch (const std::exception& error) {
    // Anything else a scenario provokes is a defect, but the GUI keeps the current run.
    error_ = path + ": " + error.what();
    return false;
  }
}

bool Session::inject(const nlohmann::json& action) {
  const TimeNs now_ns = run_->now_ns();
  ScenarioSource source = source_;
  source.injections.push_back(injection_at(now_ns, action));
  try {
    Scenario scenario = load_checked(source.path, source.overrides, source.seed, source.injections);
    auto run = std::make_unique<Run>(scenario);
    scenario_ = std::move(scenario);
    source_ = std::move(source);
    run_ = std::move(run);
  } catch (const ConfigError& error) {
    error_ = error.what();
    return false;
  }
  generation_ += 1;
  error_.clear();
  // Replays to where the user was; the injected action fires right there.
  const bool was_playing = playing_;
  run_->advance_to(now_ns);
  goal_ = Goal::kNone;
  rebuild_pending_ = false;
  playing_ = was_playing && !run_->finished();
  return true;
}

void Session::save_scenario(const std::string& path) const {
  std::ofstream out(path);
  out << scenario_.document.dump(2) << "\n";
  if (!out) throw std::runtime_error("cannot write " + path);
}

void Session::set_speed(double speed) { speed_ = std::clamp(speed, kSpeedSlowest, kSpeedUnlimited); }

void Session::step_event() {
  goal_ = Goal::kNone;
  playing_ = false;
  run_->step();
}

void Session::run_to_next_change() {
  if (cluster() == nullptr || run_->finished()) return;
  playing_ = false;
  goal_ = Goal::kNextChange;
  changes_before_ = change_count();
}

void Session::step_back_event() {
  // A step back while one is under way goes one event before its target.
  const std::uint64_t executed =
      goal_ == Goal::kReplayEvents ? replay_target_events_ : run_->simulator().events_executed();
  if (executed == 0) return;
  replay_target_events_ = executed - 1;
  start_goal(Goal::kReplayEvents, rebuild_pending_ || run_->simulator().events_executed() > replay_target_events_);
}

void Session::run_to_previous_change() {
  const ClusterView* model = cluster();
  if (model == nullptr) return;
  const TimeNs now_ns = run_->now_ns();
  TimeNs target_ns = 0;
  for (const ChangeRecord& change : model->changes()) {
    if (change.at_ns < now_ns) target_ns = change.at_ns;
  }
  seek_target_ns_ = target_ns;
  start_goal(Goal::kSeek, true);
}

void Session::seek(TimeNs target_ns) {
  target_ns = std::clamp<TimeNs>(target_ns, 0, run_->end_ns());
  const bool back = rebuild_pending_ || target_ns < run_->now_ns();
  seek_target_ns_ = target_ns;
  start_goal(Goal::kSeek, back);
}

std::string Session::progress_text() const {
  if (rebuild_pending_) return "rebuilding the run from 0 s (building its indexes)...";
  switch (goal_) {
    case Goal::kSeek:
      return "seeking to " + format_time_exact(seek_target_ns_) + "...";
    case Goal::kReplayEvents:
      return "stepping back: replaying " + std::to_string(run_->simulator().events_executed()) + " of " +
             std::to_string(replay_target_events_) + " events...";
    case Goal::kNextChange:
      return "running to the next change...";
    case Goal::kNone:
      break;
  }
  return "";
}

double Session::progress() const {
  if (rebuild_pending_) return 0;
  switch (goal_) {
    case Goal::kSeek:
      return seek_target_ns_ <= 0 ? 1.0 : std::min(1.0, ns_to_s(run_->now_ns()) / ns_to_s(seek_target_ns_));
    case Goal::kReplayEvents:
      return replay_target_events_ == 0
                 ? 1.0
                 : std::min(1.0, static_cast<double>(run_->simulator().events_executed()) /
                                     static_cast<double>(replay_target_events_));
    case Goal::kNextChange:
    case Goal::kNone:
      break;
  }
  return 0;
}

bool Session::replay_within(Deadline deadline) {
  constexpr std::uint64_t kFirstChunk = 1024;
  std::uint64_t chunk = kFirstChunk;
  while (run_->simulator().events_executed() < replay_target_events_) {
    const std::uint64_t left = replay_target_events_ - run_->simulator().events_executed();
    run_->replay_events(std::min(left, chunk));
    if (std::chrono::steady_clock::now() >= deadline) break;
    chunk *= 2;
  }
  return run_->simulator().events_executed() >= replay_target_events_;
}

std::size_t Session::change_count() const {
  const ClusterView* model = cluster();
  return model == nullptr ? 0 : model->changes().size();
}

bool Session::advance_within(TimeNs target_ns, Deadline deadline) {
  target_ns = std::min(target_ns, run_->end_ns());
  TimeNs slice_ns = kSliceMinNs;
  while (run_->now_ns() < target_ns && !run_->finished()) {
    const auto slice_start = std::chrono::steady_clock::now();
    const TimeNs from_ns = run_->now_ns();
    run_->advance_to(std::min(target_ns, from_ns + slice_ns));
    const auto slice_end = std::chrono::steady_clock::now();
    if (slice_end >= deadline) break;
    // The next slice doubles, but only up to what the time left would cover at this
    // slice's pace (with room to spare), so the last slice does not overrun the deadline
    // by as much as everything before it.
    const double wall_per_virtual = std::chrono::duration<double, std::nano>(slice_end - slice_start).count() /
                                    static_cast<double>(std::max<TimeNs>(1, run_->now_ns() - from_ns));
    const double wall_left_ns = std::chrono::duration<double, std::nano>(deadline - slice_end).count();
    const double virtual_fit_ns =
        wall_per_virtual > 0 ? kSliceFitShare * wall_left_ns / wall_per_virtual : static_cast<double>(kSliceMaxNs);
    const auto fit_ns = static_cast<TimeNs>(std::min(virtual_fit_ns, static_cast<double>(kSliceMaxNs)));
    slice_ns = std::clamp(std::min(slice_ns * 2, fit_ns), kSliceMinNs, kSliceMaxNs);
  }
  return run_->now_ns() >= target_ns || run_->finished();
}

void Session::pump(double wall_dt_s, std::chrono::steady_clock::duration budget) {
  const Deadline deadline = std::chrono::steady_clock::now() + budget;
  if (rebuild_pending_) {
    // The first pump after the command only lets its frame (with the indicator) be shown.
    if (rebuild_wait_pumps_-- > 0) return;
    rebuild_pending_ = false;
    rebuild();
    replaying_ = true;
  }
  switch (goal_) {
    case Goal::kReplayEvents:
      if (replay_within(deadline)) goal_ = Goal::kNone;
      break;
    case Goal::kSeek:
      if (advance_within(seek_target_ns_, deadline)) goal_ = Goal::kNone;
      break;
    case Goal::kNextChange:
      // One event at a time, so the run stops right after the event that made the change.
      for (int steps = 0; goal_ == Goal::kNextChange; ++steps) {
        if (!run_->step() || change_count() > changes_before_) {
          goal_ = Goal::kNone;
        } else if ((steps + 1) % kStepsPerClockCheck == 0 && std::chrono::steady_clock::now() >= deadline) {
          break;
        }
      }
      break;
    case Goal::kNone:
      if (playing_) {
        const TimeNs step_ns =
            unlimited_speed() && !speed_cap_ ? run_->end_ns()
                                             : static_cast<TimeNs>(std::llround(wall_dt_s * playing_speed() * kNsPerS));
        advance_within(run_->now_ns() + std::max<TimeNs>(step_ns, 1), deadline);
      }
      break;
  }
  if (run_->finished()) playing_ = false;
  if (goal_ == Goal::kNone) replaying_ = false;
}

}  // namespace ringsim::viz
