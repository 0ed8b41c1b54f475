#include "models/cluster/dag_station_jobs.h"

#include <limits>
#include <string>

#include "sim/assert.h"

namespace ringsim {

std::optional<WorkerId> DagStationJobs::worker_for(const DagTask& task) const {
  const ReplicaMap& replicas = core_.replicas;
  const std::vector<Node>& nodes = core_.nodes;
  if (task.runs_on.kind == TaskPlacement::Kind::kKeyOwner) {
    // The first replica in placement order that is alive and believed up.
    if (task.runs_on.key >= replicas.key_count()) return std::nullopt;
    const auto key = static_cast<KeyId>(task.runs_on.key);
    for (const NodeId node : replicas.target(key)) {
      if (replicas.holders(key).contains(node) && core_.believed_up.contains(node) && nodes[node].running()) return node;
    }
    return std::nullopt;
  }
  if (task.runs_on.kind == TaskPlacement::Kind::kNode) {
    if (task.runs_on.node >= nodes.size()) return std::nullopt;
    const auto node = static_cast<NodeId>(task.runs_on.node);
    if (!core_.believed_up.contains(node) || !nodes[node].running()) return std::nullopt;
    return node;
  }
  // Any node, or any node with the role: the least loaded running node the cluster
  // believes up, ties to the lowest id. No such node: unplaceable (retried by policy).
  const bool by_role = task.runs_on.kind == TaskPlacement::Kind::kRole;
  std::optional<WorkerId> best;
  std::uint64_t best_load = std::numeric_limits<std::uint64_t>::max();
  core_.believed_up.for_each([&](NodeId node) {
    if (!nodes[node].running()) return;
    if (by_role && !node_has_role(core_.config, task.runs_on.role, node)) return;
    const std::uint64_t load = nodes[node].station.busy_cores() + nodes[node].station.queue_length();
    if (load < best_load) {
      best = node;
      best_load = load;
    }
  });
  return best;
}

void DagStationJobs::free_job(std::uint32_t index) {
  jobs_[index].active = false;
  free_jobs_.push_back(index);
}

void DagStationJobs::submit(Simulator& simulator, WorkerId worker, AttemptRef attempt, TimeNs service_ns,
                            AttemptListener& listener, const DagExecutor& executor, DagJobOwner owner,
                            Station::Lane lane) {
  std::uint32_t index;
  if (free_jobs_.empty()) {
    index = static_cast<std::uint32_t>(jobs_.size());
    jobs_.emplace_back();
  } else {
    index = free_jobs_.back();
    free_jobs_.pop_back();
  }
  Node& node = core_.nodes[worker];
  jobs_[index] = Job{attempt, service_ns, &listener, &executor, node.id, owner, false, true};
  if (!node.running()) {
    free_job(index);
    listener.on_attempt_ended(simulator, attempt, AttemptEnd::kLost);
    return;
  }
  const QueuedJob job{job_token::encode_dag_job(index), simulator.now_ns()};
  if (core_.parts.stations->admit(simulator, node, job, lane) == Station::Admission::kRejected) {
    free_job(index);
    listener.on_attempt_ended(simulator, attempt, AttemptEnd::kRejected);
  }
}

void DagStationJobs::abandon(WorkerId worker, AttemptRef attempt, DagJobOwner owner) {
  // Marked here, dropped lazily: a queued job leaves its slot when it reaches a core and
  // takes no time; a running one frees its core when its service ends, silently. The two
  // owners' attempts may carry the same (run, task, attempt) numbers.
  for (Job& job : jobs_) {
    if (job.active && job.node == worker && job.attempt == attempt && job.owner == owner) job.abandoned = true;
  }
}

void DagStationJobs::lose_node_jobs(Simulator& simulator, NodeId node) {
  for (std::uint32_t index = 0; index < jobs_.size(); ++index) {
    Job& job = jobs_[index];
    if (!job.active || job.node != node) continue;
    free_job(index);
    if (!job.abandoned) job.listener->on_attempt_ended(simulator, job.attempt, AttemptEnd::kLost);
  }
}

double DagStationJobs::on_service_start(Simulator& simulator, Node& node, std::uint64_t token) {
  (void)node;
  Job& job = jobs_[job_token::decode_dag_job(token)];
  RINGSIM_ASSERT(job.active);
  // An abandoned attempt leaves its queue slot without using the core.
  if (job.abandoned) return 0;
  const auto duration_ns = static_cast<double>(job.service_ns);
  job.listener->on_attempt_started(simulator, job.attempt);  // May add jobs: `job` dangles after.
  return duration_ns;
}

void DagStationJobs::on_service_done(Simulator& simulator, Node& node, std::uint64_t token) {
  (void)node;
  const std::uint32_t index = job_token::decode_dag_job(token);
  Job& job = jobs_[index];
  RINGSIM_ASSERT(job.active);
  free_job(index);
  if (!job.abandoned) job.listener->on_attempt_ended(simulator, job.attempt, AttemptEnd::kCompleted);
}

}  // namespace ringsim

namespace ringsim {

std::string DagStationJobs::operation_name(std::uint64_t token) const {
  const Job& job = jobs_[job_token::decode_dag_job(token)];
  // Each owner's jobs are named by the executor that submitted them: before, a compaction's
  // job was looked up in the pipelines' executor (absent without pipelines).
  const DagSpec& spec = *job.executor->run(job.attempt.run).spec;
  const std::string prefix = job.owner == DagJobOwner::kMigration    ? std::string("migration")
                             : job.owner == DagJobOwner::kCompaction ? std::string("compaction")
                                                                     : spec.name();
  return prefix + "." + spec.task(job.attempt.task).name;
}

}  // namespace ringsim
