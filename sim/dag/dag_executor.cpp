#include "sim/dag/dag_executor.h"

#include "sim/dag/airflow_backoff.h"
#include "sim/assert.h"
#include "sim/number_text.h"

namespace ringsim {

namespace {

std::uint64_t task_arg(TaskIndex task, std::uint32_t attempt, std::uint32_t code) {
  return DagTaskEventArg{task, attempt, code}.encode();
}

}  // namespace

std::uint64_t DagTaskEventArg::encode() const {
  RINGSIM_ASSERT(attempt <= kAttemptMask);
  RINGSIM_ASSERT(code <= kCodeMask);
  return (std::uint64_t{task} << 32) | (std::uint64_t{code} << 24) | attempt;
}

DagTaskEventArg DagTaskEventArg::decode(std::uint64_t arg1) {
  return {static_cast<TaskIndex>(arg1 >> 32), static_cast<std::uint32_t>(arg1 & kAttemptMask),
          static_cast<std::uint32_t>((arg1 >> 24) & kCodeMask)};
}

const char* dag_run_state_name(DagRunState state) {
  switch (state) {
    case DagRunState::kScheduled:
      return "scheduled";
    case DagRunState::kRunning:
      return "running";
    case DagRunState::kSucceeded:
      return "succeeded";
    case DagRunState::kFailed:
      return "failed";
  }
  return "?";
}

DagExecutor::DagExecutor(TaskResources& resources, std::uint64_t seed, std::string_view stream_prefix,
                         std::string handler_name)
    : resources_(resources),
      handler_name_(std::move(handler_name)),
      cost_rng_(seed, std::string(stream_prefix) + ".task_cost"),
      failure_rng_(seed, std::string(stream_prefix) + ".task_failure") {}

void DagExecutor::attach(Simulator& simulator) {
  RINGSIM_ASSERT(!attached_);
  handler_id_ = simulator.add_handler(*this);
  attached_ = true;
}

const char* DagExecutor::event_kind_name(EventKind kind) const {
  switch (kind) {
    case kRunStart:
      return "run_start";
    case kTaskReady:
      return "task_ready";
    case kAttemptStarted:
      return "attempt_started";
    case kAttemptEnded:
      return "attempt_ended";
    case kAttemptTimeout:
      return "attempt_timeout";
    case kTaskSkipped:
      return "task_skipped";
    case kTaskUpstreamFailed:
      return "task_upstream_failed";
    case kPoolAdmit:
      return "pool_admit";
    case kRunFinished:
      return "run_finished";
    default:
      return "?";
  }
}

DagRunId DagExecutor::submit(Simulator& simulator, std::shared_ptr<const DagSpec> spec,
                             TimeNs start_ns) {
  RINGSIM_ASSERT(attached_);
  RINGSIM_ASSERT(spec != nullptr);
  RINGSIM_ASSERT(start_ns >= simulator.now_ns());
  RINGSIM_ASSERT(runs_.size() < kDagRunsMax);
  const auto id = static_cast<DagRunId>(runs_.size());
  DagRun& run = runs_.emplace_back();
  run.id = id;
  run.submitted_ns = simulator.now_ns();
  run.tasks.resize(spec->size());
  std::vector<TaskProgress>& progress = progress_.emplace_back(spec->size());
  for (TaskIndex task = 0; task < spec->size(); ++task) {
    progress[task].upstream.total = static_cast<std::uint32_t>(spec->predecessors(task).size());
  }
  run_pool_assignment_.push_back(pools_.empty() ? nullptr : pool_assignment(*spec));
  run.spec = std::move(spec);
  runs_active_ += 1;
  count_state_change(std::nullopt, DagRunState::kScheduled);
  simulator.schedule_at(start_ns, handler_id_, kRunStart, id);
  return id;
}

void DagExecutor::count_state_change(std::optional<DagRunState> from, DagRunState to) {
  if (from) {
    RINGSIM_ASSERT(runs_by_state_[static_cast<std::size_t>(*from)] > 0);
    runs_by_state_[static_cast<std::size_t>(*from)] -= 1;
  }
  runs_by_state_[static_cast<std::size_t>(to)] += 1;
}

void DagExecutor::release(DagRunId id) {
  DagRun& run = runs_.at(id);
  RINGSIM_ASSERT(run.finished());
  std::vector<TaskRecord>().swap(run.tasks);
  std::vector<TaskProgress>().swap(progress_[id]);
}

void DagExecutor::schedule(Simulator& simulator, TimeNs delay_ns, Kind kind, DagRunId id,
                           TaskIndex task, std::uint32_t attempt, std::uint32_t code) {
  simulator.schedule_after(delay_ns, handler_id_, kind, id, task_arg(task, attempt, code));
}

bool DagExecutor::is_current(const AttemptRef& attempt) const {
  if (attempt.run >= runs_.size()) return false;
  const DagRun& run = runs_[attempt.run];
  if (attempt.task >= run.tasks.size()) return false;  // Also: released.
  const TaskRecord& record = run.tasks[attempt.task];
  const bool in_flight = record.state == TaskState::kReady || record.state == TaskState::kRunning;
  return in_flight && record.attempts == attempt.attempt &&
         !progress_[attempt.run][attempt.task].end_reported;
}

// [SECTION] Callbacks from the resources: they only schedule events.

void DagExecutor::on_attempt_started(Simulator& simulator, AttemptRef attempt) {
  if (!is_current(attempt)) return;
  schedule(simulator, 0, kAttemptStarted, attempt.run, attempt.task, attempt.attempt);
}

void DagExecutor::on_attempt_ended(Simulator& simulator, AttemptRef attempt, AttemptEnd end) {
  if (!is_current(attempt)) return;
  TaskProgress& progress = progress_[attempt.run][attempt.task];
  progress.end_reported = true;
  // Cancelled here, not in the event: a timeout due at this same instant must not fire
  // for an attempt that already ended.
  if (progress.has_timeout) simulator.cancel(progress.timeout);
  progress.has_timeout = false;
  schedule(simulator, 0, kAttemptEnded, attempt.run, attempt.task, attempt.attempt,
           static_cast<std::uint32_t>(end));
}

// [SECTION] Events: every state change of a task or run happens below.

void DagExecutor::handle_event(Simulator& simulator, const Event& event) {
  if (event.kind == kPoolAdmit) return admit_waiting(simulator, static_cast<std::uint32_t>(event.arg0));
  const auto id = static_cast<DagRunId>(event.arg0);
  RINGSIM_ASSERT(id < runs_.size());
  const auto [task, attempt, code] = DagTaskEventArg::decode(event.arg1);
  switch (event.kind) {
    case kRunStart:
      return start_run(simulator, id);
    case kTaskReady:
      return dispatch(simulator, id, task, attempt);
    case kAttemptStarted:
      return mark_started(simulator, id, task, attempt);
    case kAttemptEnded:
      return end_attempt(simulator, id, task, attempt, code);
    case kAttemptTimeout:
      return time_out(simulator, id, task, attempt);
    case kTaskSkipped:
      return skip(simulator, id, task, TaskState::kSkipped);
    case kTaskUpstreamFailed:
      return skip(simulator, id, task, TaskState::kUpstreamFailed);
    case kRunFinished:
      return finish_run(simulator, id);
    default:
      RINGSIM_ASSERT(false);
  }
}

void DagExecutor::start_run(Simulator& simulator, DagRunId id) {
  DagRun& run = runs_[id];
  RINGSIM_ASSERT(run.state == DagRunState::kScheduled);
  run.state = DagRunState::kRunning;
  count_state_change(DagRunState::kScheduled, run.state);
  run.started_ns = simulator.now_ns();
  for (TaskIndex task = 0; task < run.spec->size(); ++task) {
    // Roots, and "always" tasks (their dependencies are "just for show"), start at once.
    if (run.spec->predecessors(task).empty() || run.spec->task(task).trigger_rule == TriggerRule::kAlways) {
      progress_[id][task].decided = true;
      schedule(simulator, 0, kTaskReady, id, task, 1);
    }
  }
}

void DagExecutor::dispatch(Simulator& simulator, DagRunId id, TaskIndex task, std::uint32_t attempt) {
  DagRun& run = runs_[id];
  TaskRecord& record = run.tasks.at(task);
  TaskProgress& progress = progress_[id][task];
  RINGSIM_ASSERT(attempt == record.attempts + 1);
  RINGSIM_ASSERT(record.state == (attempt == 1 ? TaskState::kPending : TaskState::kRetrying));
  record.state = TaskState::kReady;
  if (record.ready_ns < 0) record.ready_ns = simulator.now_ns();
  record.attempts = attempt;
  record.start_ns = -1;
  progress.end_reported = false;
  progress.has_timeout = false;
  const std::uint32_t pool = pool_of(id, task);
  if (pool == kUnpooled) return send(simulator, id, task, attempt);
  progress.pool_wait_since_ns = simulator.now_ns();
  pools_[pool].enqueue({run_pool_assignment_[id]->priority_of_task[task], id, task, attempt,
                        run.spec->task(task).pool_slots});
  request_admission(simulator, pool);
}

void DagExecutor::send(Simulator& simulator, DagRunId id, TaskIndex task, std::uint32_t attempt) {
  DagRun& run = runs_[id];
  TaskRecord& record = run.tasks[task];
  TaskProgress& progress = progress_[id][task];
  const DagTask& spec_task = run.spec->task(task);
  const std::optional<WorkerId> worker = resources_.worker_for(spec_task);
  if (!worker) {
    record.worker = kNoWorker;
    progress.end_reported = true;
    schedule(simulator, 0, kAttemptEnded, id, task, attempt, kEndUnplaceable);
    return;
  }
  record.worker = *worker;
  const TimeNs service_ns = spec_task.cost.draw_ns(cost_rng_);
  // Scheduled before the submission, so it precedes any end the resources schedule for
  // the same instant (see the tie rule in the header).
  if (spec_task.timeout_ns > 0 && !spec_task.timeout_running_only) {
    progress.timeout = simulator.schedule_after(spec_task.timeout_ns, handler_id_, kAttemptTimeout,
                                                id, task_arg(task, attempt, 0));
    progress.has_timeout = true;
  }
  resources_.submit(simulator, *worker, AttemptRef{id, task, attempt}, service_ns, *this);
}

void DagExecutor::mark_started(Simulator& simulator, DagRunId id, TaskIndex task,
                               std::uint32_t attempt) {
  DagRun& run = runs_[id];
  if (task >= run.tasks.size()) return;  // Released.
  TaskRecord& record = run.tasks[task];
  // Stale when the attempt timed out at the very instant it took a core.
  if (record.attempts != attempt || record.state != TaskState::kReady) return;
  record.state = TaskState::kRunning;
  record.start_ns = simulator.now_ns();
  // Airflow's execution_timeout counts running time only: armed when the core is taken. An
  // end the resources already scheduled for that deadline comes first (it was scheduled
  // earlier), so an attempt ending exactly at it completes.
  const DagTask& spec_task = run.spec->task(task);
  if (spec_task.timeout_ns > 0 && spec_task.timeout_running_only && !progress_[id][task].end_reported) {
    TaskProgress& progress = progress_[id][task];
    progress.timeout = simulator.schedule_after(spec_task.timeout_ns, handler_id_, kAttemptTimeout, id,
                                                task_arg(task, attempt, 0));
    progress.has_timeout = true;
  }
}

void DagExecutor::end_attempt(Simulator& simulator, DagRunId id, TaskIndex task,
                              std::uint32_t attempt, std::uint32_t code) {
  DagRun& run = runs_[id];
  TaskRecord& record = run.tasks.at(task);
  RINGSIM_ASSERT(record.attempts == attempt);
  RINGSIM_ASSERT(record.state == TaskState::kReady || record.state == TaskState::kRunning);
  if (record.state == TaskState::kRunning) record.run_ns += simulator.now_ns() - record.start_ns;
  release_slots(simulator, id, task);
  if (code == kEndUnplaceable) return fail_attempt(simulator, id, task, AttemptFailure::kUnplaceable);
  switch (static_cast<AttemptEnd>(code)) {
    case AttemptEnd::kRejected:
      return fail_attempt(simulator, id, task, AttemptFailure::kRejected);
    case AttemptEnd::kLost:
      return fail_attempt(simulator, id, task, AttemptFailure::kLost);
    case AttemptEnd::kCompleted:
      break;
  }
  const double fail_probability = run.spec->task(task).fail_probability;
  // Drawn only for tasks that can fail, so adding such a task to one DAG leaves the
  // failure draws of runs without it unchanged.
  if (fail_probability > 0 && failure_rng_.next_unit() < fail_probability) {
    return fail_attempt(simulator, id, task, AttemptFailure::kError);
  }
  complete(simulator, id, task);
}

void DagExecutor::time_out(Simulator& simulator, DagRunId id, TaskIndex task, std::uint32_t attempt) {
  const AttemptRef ref{id, task, attempt};
  RINGSIM_ASSERT(is_current(ref));  // An attempt's end cancels its timeout.
  TaskRecord& record = runs_[id].tasks[task];
  progress_[id][task].has_timeout = false;
  record.timeouts += 1;
  if (record.state == TaskState::kRunning) record.run_ns += simulator.now_ns() - record.start_ns;
  resources_.abandon(simulator, record.worker, ref);
  release_slots(simulator, id, task);
  fail_attempt(simulator, id, task, AttemptFailure::kTimeout);
}

void DagExecutor::complete(Simulator& simulator, DagRunId id, TaskIndex task) {
  notify_successors(simulator, id, task, TaskState::kDone);
  make_terminal(simulator, id, task, TaskState::kDone);
}

void DagExecutor::notify_successors(Simulator& simulator, DagRunId id, TaskIndex task, TaskState state) {
  const DagSpec& spec = *runs_[id].spec;
  for (const TaskIndex next : spec.successors(task)) {
    TaskProgress& progress = progress_[id][next];
    UpstreamCounts& upstream = progress.upstream;
    upstream.success += state == TaskState::kDone ? 1 : 0;
    upstream.failed += state == TaskState::kFailed ? 1 : 0;
    upstream.upstream_failed += state == TaskState::kUpstreamFailed ? 1 : 0;
    upstream.skipped += state == TaskState::kSkipped ? 1 : 0;
    RINGSIM_ASSERT(upstream.done() <= upstream.total);
    if (progress.decided) continue;
    switch (evaluate_trigger_rule(spec.task(next).trigger_rule, upstream)) {
      case TriggerDecision::kWait:
        continue;
      case TriggerDecision::kRun:
        schedule(simulator, 0, kTaskReady, id, next, 1);
        break;
      case TriggerDecision::kSkip:
        schedule(simulator, 0, kTaskSkipped, id, next, 0);
        break;
      case TriggerDecision::kUpstreamFailed:
        schedule(simulator, 0, kTaskUpstreamFailed, id, next, 0);
        break;
    }
    progress.decided = true;
  }
}

void DagExecutor::fail_attempt(Simulator& simulator, DagRunId id, TaskIndex task,
                               AttemptFailure failure) {
  DagRun& run = runs_[id];
  TaskRecord& record = run.tasks[task];
  record.last_failure = failure;
  const RetryPolicy& retry = run.spec->task(task).retry;
  if (record.attempts <= retry.max_retries) {
    record.state = TaskState::kRetrying;
    const TimeNs backoff_ns =
        retry.airflow_exponential
            ? airflow_retry_delay_ns(run.spec->name(), run.spec->task(task).name, airflow_logical_date(run.started_ns),
                                     record.attempts, retry.backoff_initial_ns, retry.backoff_max_ns)
            : retry.backoff_ns(record.attempts);
    schedule(simulator, backoff_ns, kTaskReady, id, task, record.attempts + 1);
    return;
  }
  if (run.failure_reason.empty()) run.failure_reason = failure_reason(run, task);
  make_terminal(simulator, id, task, TaskState::kFailed);
  notify_successors(simulator, id, task, TaskState::kFailed);
}

void DagExecutor::skip(Simulator& simulator, DagRunId id, TaskIndex task, TaskState state) {
  // Only pending tasks are reached: a decided task is decided once.
  RINGSIM_ASSERT(runs_[id].tasks.at(task).state == TaskState::kPending);
  make_terminal(simulator, id, task, state);
  notify_successors(simulator, id, task, state);
}

bool DagExecutor::any_leaf_failed(const DagRun& run) const {
  for (TaskIndex task = 0; task < run.tasks.size(); ++task) {
    if (!run.spec->successors(task).empty()) continue;
    const TaskState state = run.tasks[task].state;
    if (state == TaskState::kFailed || state == TaskState::kUpstreamFailed) return true;
  }
  return false;
}

void DagExecutor::make_terminal(Simulator& simulator, DagRunId id, TaskIndex task, TaskState state) {
  DagRun& run = runs_[id];
  TaskRecord& record = run.tasks[task];
  RINGSIM_ASSERT(!is_terminal(record.state));
  RINGSIM_ASSERT(is_terminal(state));
  record.state = state;
  record.end_ns = simulator.now_ns();
  run.tasks_terminal += 1;
  if (run.tasks_terminal == run.tasks.size()) schedule(simulator, 0, kRunFinished, id, 0, 0);
}

void DagExecutor::finish_run(Simulator& simulator, DagRunId id) {
  DagRun& run = runs_[id];
  RINGSIM_ASSERT(run.state == DagRunState::kRunning);
  RINGSIM_ASSERT(run.tasks_terminal == run.tasks.size());
  // Airflow's DagRun.update_state: failed when a leaf is failed or upstream_failed. A task
  // may fail and the run still succeed (an all_done or one_failed task handled it).
  if (!any_leaf_failed(run)) {
    run.failure_reason.clear();
  } else if (run.failure_reason.empty()) {
    run.failure_reason = "a leaf task is upstream_failed";
  }
  run.state = run.failure_reason.empty() ? DagRunState::kSucceeded : DagRunState::kFailed;
  count_state_change(DagRunState::kRunning, run.state);
  run.finished_ns = simulator.now_ns();
  run.report = make_dag_report(*run.spec, run.tasks, run.started_ns, run.finished_ns, run.failure_reason);
  RINGSIM_ASSERT(runs_active_ > 0);
  runs_active_ -= 1;
  if (ActivityObserver* activity = simulator.activity()) report_activity(*activity, run);
  if (listener_ != nullptr) listener_->on_dag_run_finished(simulator, run);
}

void DagExecutor::report_activity(ActivityObserver& activity, const DagRun& run) const {
  activity.span(handler_name_, run.id, 0, run.spec->name(), run.started_ns, run.finished_ns, kNoActivityNode,
                dag_run_state_name(run.state));
  for (TaskIndex task = 0; task < run.tasks.size(); ++task) {
    const TaskRecord& record = run.tasks[task];
    if (record.start_ns < 0 || record.end_ns < record.start_ns) continue;  // Never took a core.
    activity.span(handler_name_, run.id, 1, run.spec->task(task).name, record.start_ns, record.end_ns, record.worker,
                  task_state_name(record.state));
  }
}

std::string DagExecutor::failure_reason(const DagRun& run, TaskIndex task) const {
  const DagTask& spec_task = run.spec->task(task);
  const TaskRecord& record = run.tasks[task];
  std::string last;
  switch (record.last_failure) {
    case AttemptFailure::kError:
      last = "failed (fail_probability " + format_significant(spec_task.fail_probability) + ")";
      break;
    case AttemptFailure::kTimeout:
      last = "timed out after " + format_significant(ns_to_ms(spec_task.timeout_ns)) + " ms";
      break;
    case AttemptFailure::kRejected:
      last = "rejected by worker " + std::to_string(record.worker) + " (queue full)";
      break;
    case AttemptFailure::kLost:
      last = "lost by worker " + std::to_string(record.worker);
      break;
    case AttemptFailure::kUnplaceable:
      last = "no worker can run it (runs_on " + spec_task.runs_on.describe() + ")";
      break;
    case AttemptFailure::kNone:
      RINGSIM_ASSERT(false);
  }
  return "task \"" + spec_task.name + "\" failed after " + std::to_string(record.attempts) +
         (record.attempts == 1 ? " attempt" : " attempts") + " (last attempt " + last + ")";
}

}  // namespace ringsim
