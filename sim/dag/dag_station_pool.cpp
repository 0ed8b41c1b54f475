#include "sim/dag/dag_station_pool.h"

#include "sim/assert.h"

namespace ringsim {

StationPool::StationPool(StationPoolConfig config) : roles_(std::move(config.roles)) {
  RINGSIM_ASSERT(config.workers >= 1);
  RINGSIM_ASSERT(config.workers <= kStationPoolWorkersMax);
  RINGSIM_ASSERT(roles_.empty() || roles_.size() == config.workers);
  stations_.reserve(config.workers);
  for (std::uint32_t i = 0; i < config.workers; ++i) {
    stations_.emplace_back(config.cores_per_worker, config.queue_capacity);
  }
}

void StationPool::attach(Simulator& simulator) {
  RINGSIM_ASSERT(!attached_);
  handler_id_ = simulator.add_handler(*this);
  attached_ = true;
}

const char* StationPool::event_kind_name(EventKind kind) const {
  return kind == kAttemptDone ? "attempt_done" : "?";
}

std::uint64_t StationPool::load(WorkerId worker) const {
  const Station& station = stations_[worker];
  return station.busy_cores() + station.queue_length();
}

std::optional<WorkerId> StationPool::worker_for(const DagTask& task) {
  const TaskPlacement& placement = task.runs_on;
  if (placement.kind == TaskPlacement::Kind::kKeyOwner) {
    return static_cast<WorkerId>(placement.key % stations_.size());
  }
  if (placement.kind == TaskPlacement::Kind::kNode) {
    if (placement.node >= stations_.size()) return std::nullopt;
    return static_cast<WorkerId>(placement.node);
  }
  std::optional<WorkerId> best;
  for (WorkerId worker = 0; worker < stations_.size(); ++worker) {
    if (placement.kind == TaskPlacement::Kind::kRole &&
        (roles_.empty() || roles_[worker] != placement.role)) {
      continue;
    }
    if (!best || load(worker) < load(*best)) best = worker;
  }
  return best;
}

void StationPool::start(Simulator& simulator, std::uint64_t key, Job& job) {
  job.running = true;
  job.completion = simulator.schedule_after(job.service_ns, handler_id_, kAttemptDone, key, job.worker);
  job.listener->on_attempt_started(simulator, AttemptRef::unpack(key));
}

void StationPool::submit(Simulator& simulator, WorkerId worker, AttemptRef attempt,
                         TimeNs service_ns, AttemptListener& listener) {
  RINGSIM_ASSERT(attached_);
  RINGSIM_ASSERT(worker < stations_.size());
  RINGSIM_ASSERT(service_ns >= 0);
  const std::uint64_t key = attempt.pack();
  RINGSIM_ASSERT(!jobs_.contains(key));
  switch (stations_[worker].arrive({key, simulator.now_ns()}, simulator.now_ns())) {
    case Station::Admission::kRejected:
      listener.on_attempt_ended(simulator, attempt, AttemptEnd::kRejected);
      return;
    case Station::Admission::kQueued:
      jobs_[key] = Job{&listener, worker, service_ns};
      return;
    case Station::Admission::kStarted: {
      Job& job = jobs_[key] = Job{&listener, worker, service_ns};
      start(simulator, key, job);
      return;
    }
  }
}

void StationPool::release_core(Simulator& simulator, WorkerId worker) {
  // An abandoned queued attempt takes the core for no time: drop it and look further.
  while (const std::optional<QueuedJob> next = stations_[worker].complete(simulator.now_ns())) {
    const auto found = jobs_.find(next->job_id);
    RINGSIM_ASSERT(found != jobs_.end());
    if (found->second.abandoned) {
      jobs_.erase(found);
      continue;
    }
    start(simulator, found->first, found->second);
    return;
  }
}

void StationPool::abandon(Simulator& simulator, WorkerId worker, AttemptRef attempt) {
  const auto found = jobs_.find(attempt.pack());
  if (found == jobs_.end() || found->second.abandoned) return;  // Already ended.
  Job& job = found->second;
  RINGSIM_ASSERT(job.worker == worker);
  if (!job.running) {
    job.abandoned = true;
    return;
  }
  const bool cancelled = simulator.cancel(job.completion);
  RINGSIM_ASSERT(cancelled);
  jobs_.erase(found);
  release_core(simulator, worker);
}

void StationPool::handle_event(Simulator& simulator, const Event& event) {
  RINGSIM_ASSERT(event.kind == kAttemptDone);
  const auto found = jobs_.find(event.arg0);
  RINGSIM_ASSERT(found != jobs_.end());
  RINGSIM_ASSERT(found->second.running);
  AttemptListener& listener = *found->second.listener;
  const auto worker = static_cast<WorkerId>(event.arg1);
  jobs_.erase(found);
  listener.on_attempt_ended(simulator, AttemptRef::unpack(event.arg0), AttemptEnd::kCompleted);
  release_core(simulator, worker);
}

}  // namespace ringsim
