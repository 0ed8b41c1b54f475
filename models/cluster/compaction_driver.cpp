#include "models/cluster/compaction_driver.h"

#include <string>

#include "models/cluster/dag_station_jobs.h"
#include "models/cluster/shard_store.h"
#include "sim/assert.h"

namespace ringsim {

namespace {

DagTask node_task(const char* name, TimeNs cost_ns, NodeId node, std::vector<std::string> after) {
  DagTask task;
  task.name = name;
  task.kind = name;
  task.cost = TaskCost::constant_ns(std::min(cost_ns, kDagDurationNsMax));
  task.runs_on = TaskPlacement::on_node(node);
  task.after = std::move(after);
  return task;
}

}  // namespace

CompactionDriver::CompactionDriver(ClusterCore& core, const CompactionConfig& config)
    : core_(core),
      config_(config),
      dags_(std::make_unique<DagExecutor>(*this, core.seed, "compaction", "compaction_dag")),
      compactions_counter_(core.metrics.register_counter("compactions")) {
  dags_->set_listener(this);
}

CompactionDriver::~CompactionDriver() = default;

void CompactionDriver::consider(Simulator& simulator, NodeId node, std::uint32_t shard, const Shard& index) {
  if (config_.tombstone_ratio <= 0 || index.tombstone_ratio() < config_.tombstone_ratio) return;
  if (open_.count({node, shard}) != 0) return;
  if (!attached_) {
    dags_->attach(simulator);
    attached_ = true;
  }
  Job job;
  job.node = node;
  job.shard = shard;
  std::uint64_t work = 0;
  job.fresh = index.compacted(work);
  const VectorIndexConfig& vectors = *core_.vectors;
  const auto live = static_cast<double>(index.live_count());
  const auto snapshot_ns = static_cast<TimeNs>(live * config_.snapshot_ns_per_vector);
  const TimeNs rebuild_ns = vectors.cost.insert_ns(work, vectors.data.dim) +
                            static_cast<TimeNs>(live) * vectors.cost.insert_overhead_ns;
  DagDefinition definition{"compaction", {}};
  definition.tasks.push_back(node_task("snapshot", snapshot_ns, node, {}));
  definition.tasks.push_back(node_task("rebuild", rebuild_ns, node, {"snapshot"}));
  definition.tasks.push_back(node_task("swap", config_.swap_ns, node, {"rebuild"}));
  const DagRunId run =
      dags_->submit(simulator, std::make_shared<const DagSpec>(DagSpec::build(std::move(definition))), simulator.now_ns());
  RINGSIM_ASSERT(run == jobs_.size());
  jobs_.push_back(std::move(job));
  open_[{node, shard}] = run;
}

void CompactionDriver::note_write(NodeId node, std::uint32_t shard, KeyId key) {
  const auto found = open_.find({node, shard});
  if (found != open_.end()) jobs_[found->second].writes.push_back(key);
}

void CompactionDriver::forget(NodeId node, std::uint32_t shard) {
  const auto found = open_.find({node, shard});
  if (found == open_.end()) return;
  Job& job = jobs_[found->second];
  job.closed = true;
  job.fresh.reset();
  job.writes.clear();
  open_.erase(found);
}

void CompactionDriver::forget_node(NodeId node) {
  for (auto it = open_.lower_bound({node, 0}); it != open_.end() && it->first.first == node;) {
    Job& job = jobs_[it->second];
    job.closed = true;
    job.fresh.reset();
    job.writes.clear();
    it = open_.erase(it);
  }
}

std::uint64_t CompactionDriver::pending_memory_bytes(NodeId node) const {
  std::uint64_t bytes = 0;
  for (auto it = open_.lower_bound({node, 0}); it != open_.end() && it->first.first == node; ++it) {
    const Job& job = jobs_[it->second];
    if (job.rebuilding && job.fresh) bytes += job.fresh->memory_bytes();
  }
  return bytes;
}

const std::string& CompactionDriver::task_kind(AttemptRef attempt) const {
  return dags_->run(attempt.run).spec->task(attempt.task).kind;
}

std::optional<WorkerId> CompactionDriver::worker_for(const DagTask& task) {
  return core_.parts.dag_jobs->worker_for(task);
}

void CompactionDriver::submit(Simulator& simulator, WorkerId worker, AttemptRef attempt, TimeNs service_ns,
                              AttemptListener& executor) {
  Job& job = jobs_.at(attempt.run);
  job.executor = &executor;
  if (job.closed) {
    executor.on_attempt_ended(simulator, attempt, AttemptEnd::kLost);  // abandoned: the run fails
    return;
  }
  // The node's own background work: its system lane, ahead of client requests.
  core_.parts.dag_jobs->submit(simulator, worker, attempt, service_ns, *this, *dags_, DagJobOwner::kCompaction,
                               Station::Lane::kSystem);
}

void CompactionDriver::abandon(Simulator& simulator, WorkerId worker, AttemptRef attempt) {
  (void)simulator;  // No timeouts are set, so the executor never calls this; kept exact anyway.
  core_.parts.dag_jobs->abandon(worker, attempt, DagJobOwner::kCompaction);
}

void CompactionDriver::on_attempt_started(Simulator& simulator, AttemptRef attempt) {
  Job& job = jobs_.at(attempt.run);
  if (task_kind(attempt) == "rebuild") job.rebuilding = true;
  job.executor->on_attempt_started(simulator, attempt);
}

void CompactionDriver::on_attempt_ended(Simulator& simulator, AttemptRef attempt, AttemptEnd end) {
  Job& job = jobs_.at(attempt.run);
  if (end == AttemptEnd::kCompleted && task_kind(attempt) == "swap" && !job.closed) swap(job);
  job.executor->on_attempt_ended(simulator, attempt, end);
}

void CompactionDriver::swap(Job& job) {
  ShardStore& shards = *core_.parts.shards;
  const VectorStore& store = shards.store();
  for (const KeyId key : job.writes) {
    if (store.deleted(key) || !core_.replicas.holders(key).contains(job.node)) {
      job.fresh->remove(key);
    } else {
      job.fresh->upsert(key, store.vector(key));
    }
  }
  open_.erase({job.node, job.shard});
  job.closed = true;
  shards.install_compacted(job.node, job.shard, std::move(job.fresh));
  job.writes.clear();
  compactions_done_ += 1;
  core_.metrics.add(compactions_counter_);
}

void CompactionDriver::on_dag_run_finished(Simulator& simulator, const DagRun& run) {
  (void)simulator;
  Job& job = jobs_.at(run.id);
  if (!job.closed) forget(job.node, job.shard);  // failed (node lost): the old index stays
  // The previous finished run's records go (not this one's: its report is still read).
  if (latest_finished_) dags_->release(*latest_finished_);
  latest_finished_ = run.id;
}

}  // namespace ringsim
