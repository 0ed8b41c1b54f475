// Feeds finished DAG runs into a run's Metrics, so flows appear in summaries, time series
// and expectations like any other operation. Names are registered up front (Metrics wants
// every name before the run starts), for one DagSpec, under the prefix "dag.<dag name>.":
//
//   ops (latency histograms, "<op>.p99_ms" etc.):
//     dag.<name>.makespan        every finished run, succeeded or failed
//     dag.<name>.critical_path   the critical path's length
//     dag.<name>.stage.<kind>    per task kind: the stage's span (first ready -> last end)
//   counters:
//     dag.<name>.runs_succeeded, .runs_failed, .retries, .failed_attempts, .timeouts,
//     .tasks_skipped, .tasks_upstream_failed
//
// Two DagMetrics for DAGs with the same name would register the same names: give flows
// distinct names (Metrics refuses duplicates with an assertion).
#pragma once

#include <vector>

#include "sim/dag/dag.h"
#include "sim/dag/dag_report.h"
#include "sim/metrics.h"

namespace ringsim {

class DagMetrics {
 public:
  DagMetrics(Metrics& metrics, const DagSpec& spec);

  // Records one finished run of the DAG registered above (same kinds, same order).
  void record(const DagRunReport& report, TimeNs now_ns);

 private:
  Metrics& metrics_;
  OpId makespan_;
  OpId critical_path_;
  std::vector<OpId> stages_;  // By kind index.
  CounterId runs_succeeded_;
  CounterId runs_failed_;
  CounterId retries_;
  CounterId failed_attempts_;
  CounterId timeouts_;
  CounterId tasks_skipped_;
  CounterId tasks_upstream_failed_;
};

}  // namespace ringsim
