// The scenario's DAG pipelines (workloads/pipelines.h) on the cluster: runs arrive by
// each pipeline's arrival process (kPipelineArrival) or at fixed times (kPipelineOneOff),
// run on the pipelines' DAG executor, and their attempts queue on the nodes' stations with
// the client requests (DagStationJobs, client lane). Finished runs are measured per
// pipeline; each pipeline's latest finished run (for the GUI) and slowest finished run (for
// reports) keep their task records.
//
// Events owned: kPipelineArrival, kPipelineOneOff. State owned: the executor, the arrival
// processes, the per-pipeline metrics and latest finished runs.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "models/cluster/cluster_core.h"
#include "sim/dag/dag_executor.h"
#include "sim/dag/dag_metrics.h"
#include "workloads/pipelines.h"

namespace ringsim {

class PipelineRunner final : private TaskResources, private DagRunListener {
 public:
  // Registers each pipeline's metrics, and per pool the wait for its slots
  // (op "pool.<name>.wait": p50_ms ... of the time ready attempts waited for slots).
  PipelineRunner(ClusterCore& core, const std::vector<PipelineConfig>& pipelines,
                 const std::vector<DagPoolSpec>& pools);

  // Attaches the executor and schedules the first arrivals and the one-off runs.
  void start(Simulator& simulator);
  void on_pipeline_arrival(Simulator& simulator, std::size_t pipeline);
  void on_pipeline_one_off(Simulator& simulator, std::size_t pipeline);

  const DagExecutor& executor() const { return *executor_; }
  std::optional<DagRunId> latest_finished_run(std::size_t pipeline) const;
  std::optional<DagRunId> slowest_finished_run(std::size_t pipeline) const;
  const std::vector<PipelineConfig>& pipelines() const { return pipelines_; }

 private:
  std::optional<WorkerId> worker_for(const DagTask& task) override;
  void submit(Simulator& simulator, WorkerId worker, AttemptRef attempt, TimeNs service_ns,
              AttemptListener& listener) override;
  void abandon(Simulator& simulator, WorkerId worker, AttemptRef attempt) override;
  void on_dag_run_finished(Simulator& simulator, const DagRun& run) override;

  ClusterCore& core_;
  std::vector<PipelineConfig> pipelines_;
  std::vector<std::optional<ArrivalProcess>> arrivals_;  // By pipeline; none for one-off runs.
  std::unique_ptr<DagExecutor> executor_;
  std::vector<std::unique_ptr<DagMetrics>> metrics_;
  std::vector<OpId> pool_waits_;  // By pool.
  std::vector<std::optional<DagRunId>> latest_finished_runs_;   // By pipeline.
  std::vector<std::optional<DagRunId>> slowest_finished_runs_;  // By pipeline.
};

}  // namespace ringsim
