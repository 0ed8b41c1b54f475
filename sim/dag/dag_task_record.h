// What happened to one task of one DAG run, as the executor keeps it: plain data a GUI or a
// report reads (DagExecutor::run(id).tasks), never writes.
//
// States: pending -> ready -> running -> done, or after a failed attempt
// running/ready -> retrying -> ready (the next attempt) ... -> failed once the retries are
// spent; a pending task goes to skipped or upstream_failed when its trigger rule says so
// (sim/dag/trigger_rule.h). done, failed, skipped and upstream_failed are terminal. Times are -1 until they happen.
#pragma once

#include <cstdint>

#include "sim/dag/dag_resources.h"
#include "sim/time.h"

namespace ringsim {

enum class TaskState : std::uint8_t {
  kPending,   // Waiting for dependencies.
  kReady,     // Dependencies done; the attempt is dispatched and waits for a core.
  kRunning,   // The attempt holds a core.
  kRetrying,  // An attempt failed; the next one is dispatched after the backoff.
  kDone,
  kFailed,    // The last allowed attempt failed; the run fails.
  kSkipped,   // Its trigger rule says skip (e.g. under all_success an upstream was skipped).
  // Its trigger rule cannot be met because an upstream failed (Airflow's upstream_failed;
  // under the default all_success every task downstream of a failure). Never runs.
  kUpstreamFailed,
};

const char* task_state_name(TaskState state);
bool is_terminal(TaskState state);

// Why an attempt failed.
enum class AttemptFailure : std::uint8_t {
  kNone,
  kError,        // Completed, but fail_probability drew a failure.
  kTimeout,      // Did not end before dispatch + timeout_ns.
  kRejected,     // The worker refused it (queue full).
  kLost,         // The worker lost it (crash).
  kUnplaceable,  // No worker could take it (worker_for gave none).
};

const char* attempt_failure_name(AttemptFailure failure);

struct TaskRecord {
  TaskState state = TaskState::kPending;
  TimeNs ready_ns = -1;  // All dependencies done (the first attempt's dispatch).
  TimeNs start_ns = -1;  // The latest attempt took a core.
  TimeNs end_ns = -1;    // Reached done, failed or skipped.
  std::uint32_t attempts = 0;
  std::uint32_t timeouts = 0;
  WorkerId worker = kNoWorker;  // Of the latest attempt.
  TimeNs run_ns = 0;            // Core time over all attempts.
  AttemptFailure last_failure = AttemptFailure::kNone;

  // Time between ready and end not spent on a core: queueing and backoff. 0 until terminal.
  TimeNs wait_ns() const { return (ready_ns < 0 || end_ns < 0) ? 0 : end_ns - ready_ns - run_ns; }
};

}  // namespace ringsim
