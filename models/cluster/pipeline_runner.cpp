#include "models/cluster/pipeline_runner.h"

#include "models/cluster/dag_station_jobs.h"

namespace ringsim {

PipelineRunner::PipelineRunner(ClusterCore& core, const std::vector<PipelineConfig>& pipelines,
                               const std::vector<DagPoolSpec>& pools)
    : core_(core), pipelines_(pipelines) {
  executor_ = std::make_unique<DagExecutor>(static_cast<TaskResources&>(*this), core.seed, "pipelines");
  executor_->set_listener(static_cast<DagRunListener*>(this));
  executor_->set_pools(pools);
  for (const DagPoolSpec& pool : pools) pool_waits_.push_back(core.metrics.register_op("pool." + pool.name + ".wait"));
  if (!pools.empty()) {
    executor_->set_pool_wait_observer([this](std::size_t pool, TimeNs wait_ns, TimeNs now_ns) {
      core_.metrics.record_latency(pool_waits_[pool], wait_ns, now_ns);
    });
  }
  for (const PipelineConfig& pipeline : pipelines_) {
    if (pipeline.arrivals) {
      arrivals_.emplace_back(std::in_place, *pipeline.arrivals, Rng(core.seed, "pipelines." + pipeline.name + ".arrivals"));
    } else {
      arrivals_.emplace_back(std::nullopt);
    }
    metrics_.push_back(std::make_unique<DagMetrics>(core.metrics, *pipeline.spec));
  }
}

void PipelineRunner::start(Simulator& simulator) {
  executor_->attach(simulator);
  for (std::size_t pipeline = 0; pipeline < pipelines_.size(); ++pipeline) {
    if (arrivals_[pipeline]) core_.schedule_after(arrivals_[pipeline]->next_gap_ns(0), kPipelineArrival, pipeline);
    for (const TimeNs at_ns : pipelines_[pipeline].at_ns) core_.schedule_at(at_ns, kPipelineOneOff, pipeline);
  }
}

void PipelineRunner::on_pipeline_arrival(Simulator& simulator, std::size_t pipeline) {
  executor_->submit(simulator, pipelines_[pipeline].spec, simulator.now_ns());
  core_.schedule_after(arrivals_[pipeline]->next_gap_ns(simulator.now_ns()), kPipelineArrival, pipeline);
}

void PipelineRunner::on_pipeline_one_off(Simulator& simulator, std::size_t pipeline) {
  executor_->submit(simulator, pipelines_[pipeline].spec, simulator.now_ns());
}

std::optional<WorkerId> PipelineRunner::worker_for(const DagTask& task) {
  return core_.parts.dag_jobs->worker_for(task);
}

void PipelineRunner::submit(Simulator& simulator, WorkerId worker, AttemptRef attempt, TimeNs service_ns,
                            AttemptListener& listener) {
  // Pipelines are application work: they queue with the client requests.
  core_.parts.dag_jobs->submit(simulator, worker, attempt, service_ns, listener, *executor_, DagJobOwner::kPipelines,
                               Station::Lane::kClient);
}

void PipelineRunner::abandon(Simulator& simulator, WorkerId worker, AttemptRef attempt) {
  (void)simulator;
  core_.parts.dag_jobs->abandon(worker, attempt, DagJobOwner::kPipelines);
}

std::optional<DagRunId> PipelineRunner::slowest_finished_run(std::size_t pipeline) const {
  return pipeline < slowest_finished_runs_.size() ? slowest_finished_runs_[pipeline] : std::nullopt;
}

std::optional<DagRunId> PipelineRunner::latest_finished_run(std::size_t pipeline) const {
  return pipeline < latest_finished_runs_.size() ? latest_finished_runs_[pipeline] : std::nullopt;
}

void PipelineRunner::on_dag_run_finished(Simulator& simulator, const DagRun& run) {
  for (std::size_t pipeline = 0; pipeline < pipelines_.size(); ++pipeline) {
    if (pipelines_[pipeline].spec != run.spec) continue;
    metrics_[pipeline]->record(*run.report, simulator.now_ns());
    // Memory stays bounded: the records of two finished runs per pipeline, the latest (the
    // GUI draws it) and the slowest so far (reports draw its critical path).
    if (latest_finished_runs_.size() < pipelines_.size()) latest_finished_runs_.resize(pipelines_.size());
    if (slowest_finished_runs_.size() < pipelines_.size()) slowest_finished_runs_.resize(pipelines_.size());
    std::optional<DagRunId>& latest = latest_finished_runs_[pipeline];
    std::optional<DagRunId>& slowest = slowest_finished_runs_[pipeline];
    const std::optional<DagRunId> previous[] = {latest, slowest};
    // Strictly slower, so ties keep the earlier run.
    if (!slowest || run.report->makespan_ns > executor_->run(*slowest).report->makespan_ns) slowest = run.id;
    latest = run.id;
    for (std::size_t i = 0; i < 2; ++i) {
      const std::optional<DagRunId> id = previous[i];
      const bool duplicate = i == 1 && previous[0] == id;
      if (id && id != latest && id != slowest && !duplicate) executor_->release(*id);
    }
    return;
  }
  executor_->release(run.id);
}

}  // namespace ringsim
