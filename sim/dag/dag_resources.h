// The boundary between the DAG executor and whatever runs tasks: a pool of stations in
// tests and small scenarios (sim/dag/dag_station_pool.h), the cluster's nodes in the cluster
// model.
//
// Protocol, per attempt (identified by an AttemptRef):
//   1. The executor asks worker_for(task); nullopt means no worker can run the task now
//      (e.g. no live node has its role): the attempt fails as "unplaceable" and is retried
//      under the task's retry policy.
//   2. The executor calls submit(..., service_ns, listener). The resource queues the attempt
//      and calls listener.on_attempt_started() when a core takes it, then
//      listener.on_attempt_ended(kCompleted) once it has held the core for its service
//      time (a resource may stretch that time, e.g. for a slow node). It may instead end
//      the attempt with kRejected (queue full) or kLost (the worker crashed), at any point
//      after submit — also synchronously from within submit().
//   3. When the attempt times out the executor calls abandon(): the resource must drop the
//      attempt (free its core or queue slot) and report nothing more for it. abandon() of
//      an attempt that already ended is a no-op.
// Callbacks may be made from within submit(), abandon() or the resource's own events; the
// executor only schedules events from them, so re-entrancy is safe. All calls happen inside
// simulator events, so the resource never reads a clock of its own.
#pragma once

#include <cstdint>
#include <optional>

#include "sim/dag/dag_task.h"
#include "sim/simulator.h"

namespace ringsim {

using WorkerId = std::uint32_t;
using DagRunId = std::uint32_t;

inline constexpr WorkerId kNoWorker = UINT32_MAX;

// One attempt of one task of one DAG run. Packs into 64 bits for event arguments:
// run (32 bits) | task (16 bits) | attempt (16 bits). The DAG limits (10,000 tasks,
// 100 retries) keep task and attempt within their fields.
struct AttemptRef {
  DagRunId run = 0;
  TaskIndex task = 0;
  std::uint32_t attempt = 0;  // 1 for the first attempt.

  std::uint64_t pack() const;
  static AttemptRef unpack(std::uint64_t packed);
  bool operator==(const AttemptRef&) const = default;
};

enum class AttemptEnd : std::uint8_t {
  kCompleted,  // Ran for its service time (the executor then applies fail_probability).
  kRejected,   // The worker refused it (queue full).
  kLost,       // The worker lost it (crashed, fenced) before it completed.
};

class AttemptListener {
 public:
  virtual ~AttemptListener() = default;
  virtual void on_attempt_started(Simulator& simulator, AttemptRef attempt) = 0;
  virtual void on_attempt_ended(Simulator& simulator, AttemptRef attempt, AttemptEnd end) = 0;
};

class TaskResources {
 public:
  virtual ~TaskResources() = default;
  // Resolves task.runs_on to a worker. Must be deterministic (ties broken by worker id).
  virtual std::optional<WorkerId> worker_for(const DagTask& task) = 0;
  virtual void submit(Simulator& simulator, WorkerId worker, AttemptRef attempt,
                      TimeNs service_ns, AttemptListener& listener) = 0;
  virtual void abandon(Simulator& simulator, WorkerId worker, AttemptRef attempt) = 0;
};

}  // namespace ringsim
