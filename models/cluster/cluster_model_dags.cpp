// ClusterModel: DAG pipelines. The model is the DAG executor's TaskResources: a task
// attempt becomes a job in a node's station, sharing its cores and FIFO queue with the
// client requests, so a pipeline's parallelism is limited by the cluster.
#include <limits>

#include "sim/assert.h"
#include "models/cluster/cluster_migration_tasks.h"
#include "models/cluster/cluster_model.h"

namespace ringsim {

namespace {
// Station job ids of DAG attempts: bit 62 set (request tokens never set it; shard-search
// tokens set bit 63), the low bits index dag_jobs_.
constexpr std::uint64_t kDagJobMarker = std::uint64_t{1} << 62;
constexpr std::uint64_t kShardMarker = std::uint64_t{1} << 63;
}  // namespace

bool ClusterModel::is_dag_job(std::uint64_t job_id) {
  return (job_id & kShardMarker) == 0 && (job_id & kDagJobMarker) != 0;
}

std::optional<WorkerId> ClusterModel::worker_for(const DagTask& task) {
  if (task.runs_on.kind == TaskPlacement::Kind::kKeyOwner) {
    // The first replica in placement order that is alive and believed up.
    if (task.runs_on.key >= replicas_.key_count()) return std::nullopt;
    const auto key = static_cast<KeyId>(task.runs_on.key);
    for (const NodeId node : replicas_.target(key)) {
      if (replicas_.holders(key).contains(node) && believed_up_.contains(node) && nodes_[node].running()) return node;
    }
    return std::nullopt;
  }
  if (task.runs_on.kind == TaskPlacement::Kind::kNode) {
    if (task.runs_on.node >= nodes_.size()) return std::nullopt;
    const auto node = static_cast<NodeId>(task.runs_on.node);
    if (!believed_up_.contains(node) || !nodes_[node].running()) return std::nullopt;
    return node;
  }
  // Any node, or any node with the role: the least loaded running node the cluster
  // believes up, ties to the lowest id. No such node: unplaceable (retried by policy).
  const bool by_role = task.runs_on.kind == TaskPlacement::Kind::kRole;
  std::optional<WorkerId> best;
  std::uint64_t best_load = std::numeric_limits<std::uint64_t>::max();
  believed_up_.for_each([&](NodeId node) {
    if (!nodes_[node].running()) return;
    if (by_role && !node_has_role(config_, task.runs_on.role, node)) return;
    const std::uint64_t load = nodes_[node].station.busy_cores() + nodes_[node].station.queue_length();
    if (load < best_load) {
      best = node;
      best_load = load;
    }
  });
  return best;
}

void ClusterModel::submit(Simulator& simulator, WorkerId worker, AttemptRef attempt, TimeNs service_ns,
                          AttemptListener& listener) {
  // Pipelines are application work: they queue with the client requests.
  submit_dag_job(simulator, worker, attempt, service_ns, listener, Station::Lane::kClient);
}

void ClusterModel::submit_dag_job(Simulator& simulator, WorkerId worker, AttemptRef attempt, TimeNs service_ns,
                                  AttemptListener& listener, Station::Lane lane) {
  std::uint32_t index;
  if (free_dag_jobs_.empty()) {
    index = static_cast<std::uint32_t>(dag_jobs_.size());
    dag_jobs_.emplace_back();
  } else {
    index = free_dag_jobs_.back();
    free_dag_jobs_.pop_back();
  }
  Node& node = nodes_[worker];
  dag_jobs_[index] = DagJob{attempt, service_ns, &listener, node.id, false, true};
  const QueuedJob job{kDagJobMarker | index, simulator.now_ns()};
  if (!node.running()) {
    dag_jobs_[index].active = false;
    free_dag_jobs_.push_back(index);
    listener.on_attempt_ended(simulator, attempt, AttemptEnd::kLost);
    return;
  }
  if (admit_job(simulator, node, job, lane) == Station::Admission::kRejected) {
    dag_jobs_[index].active = false;
    free_dag_jobs_.push_back(index);
    listener.on_attempt_ended(simulator, attempt, AttemptEnd::kRejected);
  }
}

void ClusterModel::abandon(Simulator& simulator, WorkerId worker, AttemptRef attempt) {
  (void)simulator;
  // Only the pipelines' executor calls this (it is the model's TaskResources); migration
  // attempts may carry the same (run, task, attempt) numbers and report elsewhere.
  for (DagJob& job : dag_jobs_) {
    if (job.listener == static_cast<const AttemptListener*>(migration_tasks_.get())) continue;
    if (job.active && job.node == worker && job.attempt == attempt) job.abandoned = true;
  }
}

void ClusterModel::abandon_dag_job(WorkerId worker, AttemptRef attempt, const AttemptListener& listener) {
  // Marked here, dropped lazily: a queued job leaves its slot when it reaches a core and
  // takes no time; a running one frees its core when its service ends, silently.
  for (DagJob& job : dag_jobs_) {
    if (job.active && job.node == worker && job.attempt == attempt && job.listener == &listener) job.abandoned = true;
  }
}

void ClusterModel::lose_dag_jobs(Simulator& simulator, NodeId node) {
  for (std::uint32_t index = 0; index < dag_jobs_.size(); ++index) {
    DagJob& job = dag_jobs_[index];
    if (!job.active || job.node != node) continue;
    job.active = false;
    free_dag_jobs_.push_back(index);
    if (!job.abandoned) job.listener->on_attempt_ended(simulator, job.attempt, AttemptEnd::kLost);
  }
}

void ClusterModel::on_pipeline_arrival(Simulator& simulator, std::size_t pipeline) {
  dag_executor_->submit(simulator, pipelines_[pipeline].spec, simulator.now_ns());
  simulator.schedule_after(pipeline_arrivals_[pipeline]->next_gap_ns(simulator.now_ns()), handler_id_,
                           kPipelineArrival, pipeline);
}

std::optional<DagRunId> ClusterModel::latest_finished_run(std::size_t pipeline) const {
  return pipeline < latest_finished_runs_.size() ? latest_finished_runs_[pipeline] : std::nullopt;
}

void ClusterModel::on_dag_run_finished(Simulator& simulator, const DagRun& run) {
  for (std::size_t pipeline = 0; pipeline < pipelines_.size(); ++pipeline) {
    if (pipelines_[pipeline].spec != run.spec) continue;
    dag_metrics_[pipeline]->record(*run.report, simulator.now_ns());
    // Memory stays bounded: the records of two finished runs per pipeline, the latest (the
    // GUI draws it) and the slowest so far (reports draw its critical path).
    if (latest_finished_runs_.size() < pipelines_.size()) latest_finished_runs_.resize(pipelines_.size());
    if (slowest_finished_runs_.size() < pipelines_.size()) slowest_finished_runs_.resize(pipelines_.size());
    std::optional<DagRunId>& latest = latest_finished_runs_[pipeline];
    std::optional<DagRunId>& slowest = slowest_finished_runs_[pipeline];
    const std::optional<DagRunId> previous[] = {latest, slowest};
    // Strictly slower, so ties keep the earlier run.
    if (!slowest || run.report->makespan_ns > dag_executor_->run(*slowest).report->makespan_ns) slowest = run.id;
    latest = run.id;
    for (std::size_t i = 0; i < 2; ++i) {
      const std::optional<DagRunId> id = previous[i];
      const bool duplicate = i == 1 && previous[0] == id;
      if (id && id != latest && id != slowest && !duplicate) dag_executor_->release(*id);
    }
    return;
  }
  dag_executor_->release(run.id);
}

std::optional<DagRunId> ClusterModel::slowest_finished_run(std::size_t pipeline) const {
  if (pipeline >= slowest_finished_runs_.size()) return std::nullopt;
  return slowest_finished_runs_[pipeline];
}

}  // namespace ringsim
