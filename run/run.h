// One run of a scenario: builds the model, owns the simulator, the metrics and the clock of
// measurement windows, and advances virtual time on request. The headless CLI runs it to
// the end; the GUI steps it and reads it between frames.
//
// A run never reads the wall clock; its results depend only on the scenario (with its
// seed) and the binary.
#pragma once

#include "sim/profile.h"

#include <cstdint>
#include <memory>
#include <optional>

#include "index/index_op_log.h"
#include "sim/metrics.h"
#include "sim/model.h"
#include "sim/simulator.h"
#include "sim/summary.h"
#include "run/scenario.h"

namespace ringsim {

struct RunOptions {
  // Threads for work that may run in parallel without changing results (building the
  // initial HNSW indexes). Any value gives the same run.
  std::uint32_t build_threads = 1;
  // When set, every HNSW index operation is recorded here (benchmarks replay it bare).
  IndexOpLog* index_op_log = nullptr;
  // When set, receives wall-time brackets of the costly phases (sim/profile.h).
  WallProfiler* profiler = nullptr;
};

class Run {
 public:
  // Throws ConfigError when an expectation names a metric the run does not produce.
  explicit Run(const Scenario& scenario, RunOptions options = {});
  // The constructor's checks without starting a run (`ringsim validate`): a model is
  // built (data generated or read, parts wired, metrics registered) but no index is built
  // and no event is scheduled, so a vector scenario takes milliseconds, not seconds; a
  // cluster of generated data holds at most 10,000 of its keys (with_fewer_keys: names do
  // not depend on the key count), so validate's memory does not grow with the keys.
  // Throws ConfigError exactly where the constructor would.
  static void check_scenario(const Scenario& scenario);
  // `scenario` with data.keys cut to 10,000 when that cannot change what the model
  // registers (generated data, no runbook); nullopt otherwise.
  static std::optional<Scenario> with_fewer_keys(const Scenario& scenario);
  // The summary metric names and counter names the scenario's model registers (built as
  // check_scenario builds it).
  static std::vector<std::string> registered_names(const Scenario& scenario);
  ~Run();
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  // Executes events up to min(time_ns, end_ns()); finishes the run on reaching the end.
  void advance_to(TimeNs time_ns);
  // Executes one event (if any is due before the end); returns false once finished.
  bool step();
  void run_to_end() { advance_to(end_ns()); }
  // Executes the next `count` events regardless of time. Only for replaying a prefix of a
  // run already seen (stepping back: a fresh run replays the first n - 1 events of one
  // that executed n before its end), so no event past end_ns() can be reached.
  void replay_events(std::uint64_t count) { simulator_.run_events(count); }
  // Executes events up to min(time_ns, end_ns()) like advance_to, then finishes the run
  // there: the trailing partial window is closed and the model's end-of-run results are
  // set as of that time. Later events (timeline actions included) are simply not reached,
  // so the trace hash equals that of advance_to(time_ns) (what the GUI's --until shows).
  void stop_at(TimeNs time_ns);

  bool finished() const { return finished_; }
  TimeNs now_ns() const { return simulator_.now_ns(); }
  TimeNs end_ns() const { return scenario_.duration_ns; }
  const Scenario& scenario() const { return scenario_; }
  const Metrics& metrics() const { return metrics_; }
  Simulator& simulator() { return simulator_; }
  // The model, for read-only views (GUI, tests); cast to the scenario's model type.
  const Model& model() const { return *model_; }
  const Simulator& simulator() const { return simulator_; }

  // The run's numbers so far (final once finished()).
  RunSummary summary() const;

 private:
  class WindowTicker;
  static std::unique_ptr<Model> make_model(const Scenario& scenario, Metrics& metrics, const RunOptions& options);
  // Builds the model and checks the expectations' and narration's names against it.
  static void check_names(const Scenario& scenario);
  void finish(TimeNs at_ns);

  Scenario scenario_;
  Simulator simulator_;
  Metrics metrics_;
  // The "narration" summary table: each caption's firing time, trigger and text.
  void add_narration_table(std::vector<SummaryTable>& tables) const;

  std::unique_ptr<Model> model_;
  std::unique_ptr<WindowTicker> ticker_;
  TimeNs last_window_closed_ns_ = 0;
  std::optional<TimeNs> stopped_at_ns_;  // stop_at before the end
  bool finished_ = false;
};

}  // namespace ringsim
