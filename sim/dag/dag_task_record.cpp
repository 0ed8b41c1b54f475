#include "sim/dag/dag_task_record.h"

namespace ringsim {

const char* task_state_name(TaskState state) {
  switch (state) {
    case TaskState::kPending:
      return "pending";
    case TaskState::kReady:
      return "ready";
    case TaskState::kRunning:
      return "running";
    case TaskState::kRetrying:
      return "retrying";
    case TaskState::kDone:
      return "done";
    case TaskState::kFailed:
      return "failed";
    case TaskState::kSkipped:
      return "skipped";
    case TaskState::kUpstreamFailed:
      return "upstream_failed";
  }
  return "?";
}

bool is_terminal(TaskState state) {
  return state == TaskState::kDone || state == TaskState::kFailed || state == TaskState::kSkipped ||
         state == TaskState::kUpstreamFailed;
}

const char* attempt_failure_name(AttemptFailure failure) {
  switch (failure) {
    case AttemptFailure::kNone:
      return "none";
    case AttemptFailure::kError:
      return "error";
    case AttemptFailure::kTimeout:
      return "timeout";
    case AttemptFailure::kRejected:
      return "rejected";
    case AttemptFailure::kLost:
      return "lost";
    case AttemptFailure::kUnplaceable:
      return "unplaceable";
  }
  return "?";
}

}  // namespace ringsim
