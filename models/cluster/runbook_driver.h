// Runs a big-ann-benchmarks streaming runbook (workloads/runbook.h) against the cluster:
// the runbook, not arrivals and a mix, says what the client does.
//
// Steps run one after another. A step's operations (one request per id of an insert,
// delete or replace range; `search_queries` searches for a search step) are issued
// through the client path evenly spaced at `rate_qps`; the next step begins once the
// step's last request can no longer be in flight (the client's timeout times its attempts
// after the last issue), so a search step sees every write of the steps before it, as the
// benchmark's sequential steps do. Every search of a search step is checked against brute
// force over the vectors live at that moment; the step's mean is its recall@k.
//
// Results: `runbook.step.<n>.recall_at_k` per search step, `runbook.steps_done`; series
// `runbook.step` (the step under way) and `runbook.recall_at_k` (the latest search
// step's recall); a summary table `runbook_steps` (step, operation, range, start and end
// time, searches, recall).
//
// Events owned: its own handler "runbook" (issue the next operation, end a step).
#pragma once

#include <cstdint>
#include <vector>

#include "models/cluster/cluster_core.h"
#include "sim/summary.h"
#include "workloads/point_workload.h"

namespace ringsim {

class RunbookDriver final : public EventHandler {
 public:
  RunbookDriver(ClusterCore& core, const RunbookConfig& config);

  void start(Simulator& simulator);
  // A search's measured recall (from the search coordinator).
  void on_recall(double value);
  void sample_gauges();
  void finish();
  void add_tables(std::vector<SummaryTable>& tables) const;

  void handle_event(Simulator& simulator, const Event& event) override;
  const char* handler_name() const override { return "runbook"; }
  const char* event_kind_name(EventKind kind) const override;

 private:
  struct StepRecord {
    TimeNs started_ns = -1;
    TimeNs ended_ns = -1;
    std::uint64_t issued = 0;
    double recall_sum = 0;
    std::uint64_t recall_count = 0;
  };
  std::uint64_t operations_of(const RunbookStep& step) const;
  void issue_next(Simulator& simulator);
  void end_step(Simulator& simulator);

  ClusterCore& core_;
  RunbookConfig config_;
  HandlerId handler_ = 0;
  TimeNs gap_ns_ = 0;
  TimeNs drain_ns_ = 0;
  std::size_t step_ = 0;  // index into config_.book.steps; == size() when done
  std::vector<StepRecord> records_;
  std::vector<ResultId> recall_results_;  // per step; only search steps are set
  ResultId steps_done_result_ = 0;
  SeriesId step_gauge_ = 0;
  SeriesId recall_gauge_ = 0;
  double last_search_recall_ = 0;
};

}  // namespace ringsim
