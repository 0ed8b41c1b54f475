// Runs DAG instances on virtual resources through simulator events.
//
// A run starts at its submit time; its root tasks become ready at once, every other task
// when its last dependency is done. A ready task's attempt goes to the worker the
// resources choose (TaskResources::worker_for) with a service time drawn from its cost
// (stream "dag.task_cost"); the resources say when it takes a core and when it ends.
// An attempt fails when it ends rejected or lost, when it is unplaceable, when its duration
// (dispatch to end, queueing included) reaches timeout_ns, or, having completed, with
// probability fail_probability (stream "dag.task_failure"). A failed attempt is retried
// after the task's exponential backoff; a task that fails its last allowed attempt fails
// (the reason names the task and its attempt count). Each pending task's trigger rule
// (Airflow 2.x, sim/dag/trigger_rule.h) decides, as its direct upstreams end, whether it
// runs, is skipped or becomes upstream_failed (the default all_success: upstream_failed
// below a failure, skipped below a skip). The run finishes when every task is terminal and
// follows Airflow's DagRun.update_state: failed if any leaf (a task nothing waits for) is
// failed or upstream_failed, else succeeded.
//
// Contract:
// - Every task state change happens inside one of this handler's events, so it is in the
//   trace hash and a trace file ("dag" handler; arg0 = run, arg1 = task << 32 | attempt).
//   Callbacks from the resources only schedule such events (at the current time) and
//   cancel the attempt's timeout.
// - Ties: an attempt whose service ends exactly at its deadline has timed out (the timeout
//   event is scheduled before the attempt is submitted, so at equal times it fires first).
// - Runs are independent instances sharing the resources; ids are dense in submit order.
// - Pools (set_pools, Airflow's; sim/dag/dag_pools.h): a ready attempt of a task in a pool
//   waits for its pool_slots before it is dispatched (admission: one "pool_admit" event per
//   pool and instant, arg0 = pool); its timeout (either kind) is armed only
//   once it is admitted, as Airflow's execution_timeout does not run while a task instance
//   waits in the scheduler for a slot. Without pools nothing changes (no draw, no event).
// - Records are read-only outside: run(id).tasks[i] is what a GUI draws. A finished run
//   carries its DagRunReport; release() drops its per-task records to bound memory.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/dag/dag.h"
#include "sim/dag/dag_pools.h"
#include "sim/dag/dag_report.h"
#include "sim/dag/dag_resources.h"
#include "sim/dag/dag_task_record.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace ringsim {

enum class DagRunState : std::uint8_t { kScheduled, kRunning, kSucceeded, kFailed };

const char* dag_run_state_name(DagRunState state);

struct DagRun {
  DagRunId id = 0;
  std::shared_ptr<const DagSpec> spec;
  DagRunState state = DagRunState::kScheduled;
  TimeNs submitted_ns = 0;  // When submit() was called.
  TimeNs started_ns = -1;
  TimeNs finished_ns = -1;
  std::string failure_reason;     // Set by the first task that fails.
  std::vector<TaskRecord> tasks;  // By task index; empty once released.
  std::uint32_t tasks_terminal = 0;
  std::optional<DagRunReport> report;  // Set when the run finishes.

  bool finished() const { return state == DagRunState::kSucceeded || state == DagRunState::kFailed; }
};

class DagRunListener {
 public:
  virtual ~DagRunListener() = default;
  // Called from the run's "run_finished" event; run.report is set.
  virtual void on_dag_run_finished(Simulator& simulator, const DagRun& run) = 0;
};

// arg1 of a DAG executor's task events (task_ready ... task_upstream_failed; run_start and
// run_finished carry zeros): task (32 bits) | code (8 bits) | attempt (24 bits). arg0 is the
// run id. Public so the replay printer (cli/event_describe.cpp) decodes with this layout.
struct DagTaskEventArg {
  static constexpr std::uint64_t kAttemptMask = 0xffffff;
  static constexpr std::uint64_t kCodeMask = 0xff;  // attempt_ended: the AttemptEnd; else 0
  TaskIndex task = 0;
  std::uint32_t attempt = 0;
  std::uint32_t code = 0;

  std::uint64_t encode() const;
  static DagTaskEventArg decode(std::uint64_t arg1);
};

// Runs ever submitted to one executor; ids must fit the 32-bit field of AttemptRef.
inline constexpr std::uint64_t kDagRunsMax = UINT32_MAX;

class DagExecutor final : public EventHandler, private AttemptListener {
 public:
  // `resources` must outlive the executor. Random streams derive from `seed` and are
  // named "<stream_prefix>.task_cost" and "<stream_prefix>.task_failure"; give executors
  // that share a seed distinct prefixes so their draws are independent. `handler_name`
  // names the executor's events in traces.
  DagExecutor(TaskResources& resources, std::uint64_t seed, std::string_view stream_prefix = "dag",
              std::string handler_name = "dag");

  void attach(Simulator& simulator);
  void set_listener(DagRunListener* listener) { listener_ = listener; }
  // Airflow pools, before the first submit. A task naming a pool not listed here runs
  // unpooled unless a pool "default_pool" is listed (Airflow's default for tasks without
  // one); the caller validates names and pool_slots against the pools (run/scenario.cpp).
  void set_pools(std::vector<DagPoolSpec> pools);
  const std::vector<DagPoolQueue>& pools() const { return pools_; }
  // Called as an attempt is admitted to pool `pool` (index into pools()) after waiting
  // `wait_ns` for its slots.
  using PoolWaitObserver = std::function<void(std::size_t pool, TimeNs wait_ns, TimeNs now_ns)>;
  void set_pool_wait_observer(PoolWaitObserver observer) { pool_wait_observer_ = std::move(observer); }

  // Starts an instance of `spec` at start_ns (>= now). Returns its id.
  DagRunId submit(Simulator& simulator, std::shared_ptr<const DagSpec> spec, TimeNs start_ns);

  // References stay valid for the executor's lifetime (runs are never moved).
  const DagRun& run(DagRunId id) const { return runs_.at(id); }
  std::size_t run_count() const { return runs_.size(); }
  std::uint64_t runs_active() const { return runs_active_; }
  // Runs now in `state`, kept as runs change state (O(1); views need not recount runs).
  std::uint64_t runs_in_state(DagRunState state) const { return runs_by_state_[static_cast<std::size_t>(state)]; }
  // Frees the per-task records of a finished run; its report stays.
  void release(DagRunId id);

  void handle_event(Simulator& simulator, const Event& event) override;
  const char* handler_name() const override { return handler_name_.c_str(); }
  const char* event_kind_name(EventKind kind) const override;

 private:
  enum Kind : EventKind {
    kRunStart = 0,
    kTaskReady = 1,       // A (re)dispatch: pending/retrying -> ready.
    kAttemptStarted = 2,  // ready -> running.
    kAttemptEnded = 3,    // -> done, retrying or failed. Carries the AttemptEnd.
    kAttemptTimeout = 4,  // -> retrying or failed.
    kTaskSkipped = 5,     // pending -> skipped.
    kRunFinished = 6,
    kTaskUpstreamFailed = 7,  // pending -> upstream_failed.
    kPoolAdmit = 8,           // arg0 = pool: admit waiting attempts to its open slots.
  };
  // Ends that the resources cannot report but the executor treats like theirs.
  static constexpr std::uint32_t kEndUnplaceable = 255;

  // Bookkeeping beside the public record, for the task's current attempt.
  struct TaskProgress {
    UpstreamCounts upstream;  // Its direct upstreams' terminal states so far.
    bool end_reported = false;  // The resources reported the attempt's end.
    bool has_timeout = false;
    EventId timeout{};
    bool decided = false;  // Its trigger rule decided (the event is scheduled).
    bool holds_slots = false;  // Admitted to its pool; the slots are released as it ends.
    TimeNs pool_wait_since_ns = 0;
  };
  // Per DAG definition: each task's pool (index into pools_, or kUnpooled) and its effective
  // priority weight.
  static constexpr std::uint32_t kUnpooled = UINT32_MAX;
  struct PoolAssignment {
    std::vector<std::uint32_t> pool_of_task;
    std::vector<std::int64_t> priority_of_task;
  };

  void on_attempt_started(Simulator& simulator, AttemptRef attempt) override;
  void on_attempt_ended(Simulator& simulator, AttemptRef attempt, AttemptEnd end) override;

  void start_run(Simulator& simulator, DagRunId id);
  void dispatch(Simulator& simulator, DagRunId id, TaskIndex task, std::uint32_t attempt);
  // Places the attempt and submits it to the resources (dispatch, or admission to its pool).
  void send(Simulator& simulator, DagRunId id, TaskIndex task, std::uint32_t attempt);
  const PoolAssignment* pool_assignment(const DagSpec& spec);
  std::uint32_t pool_of(DagRunId id, TaskIndex task) const;
  // Admission runs in its own event, once per pool and instant, after the events already due
  // then: what frees or becomes ready at one instant is weighed together (Airflow's
  // scheduler loop sees every ready task instance and open slot at once), so priority, not
  // the order of same-time events, decides.
  void request_admission(Simulator& simulator, std::uint32_t pool);
  void admit_waiting(Simulator& simulator, std::uint32_t pool);
  void release_slots(Simulator& simulator, DagRunId id, TaskIndex task);
  void mark_started(Simulator& simulator, DagRunId id, TaskIndex task, std::uint32_t attempt);
  void end_attempt(Simulator& simulator, DagRunId id, TaskIndex task, std::uint32_t attempt,
                   std::uint32_t end);
  void time_out(Simulator& simulator, DagRunId id, TaskIndex task, std::uint32_t attempt);
  void complete(Simulator& simulator, DagRunId id, TaskIndex task);
  void fail_attempt(Simulator& simulator, DagRunId id, TaskIndex task, AttemptFailure failure);
  void skip(Simulator& simulator, DagRunId id, TaskIndex task, TaskState state);
  // `task` reached terminal `state`: its successors count it and apply their trigger rules.
  void notify_successors(Simulator& simulator, DagRunId id, TaskIndex task, TaskState state);
  // Airflow's run state: a leaf failed or upstream_failed.
  bool any_leaf_failed(const DagRun& run) const;
  void make_terminal(Simulator& simulator, DagRunId id, TaskIndex task, TaskState state);
  void finish_run(Simulator& simulator, DagRunId id);
  // The finished run and its tasks as spans (sim/activity.h); workers are reported as nodes.
  void report_activity(ActivityObserver& activity, const DagRun& run) const;
  void count_state_change(std::optional<DagRunState> from, DagRunState to);

  // The attempt is the task's current one and has not ended yet.
  bool is_current(const AttemptRef& attempt) const;
  void schedule(Simulator& simulator, TimeNs delay_ns, Kind kind, DagRunId id, TaskIndex task,
                std::uint32_t attempt, std::uint32_t code = 0);
  std::string failure_reason(const DagRun& run, TaskIndex task) const;

  TaskResources& resources_;
  std::string handler_name_;
  DagRunListener* listener_ = nullptr;
  Rng cost_rng_;
  Rng failure_rng_;
  HandlerId handler_id_ = 0;
  bool attached_ = false;
  std::deque<DagRun> runs_;                          // By id; deque: stable references.
  std::deque<std::vector<TaskProgress>> progress_;  // By run, then task.
  std::uint64_t runs_active_ = 0;
  std::array<std::uint64_t, 4> runs_by_state_{};  // By DagRunState.
  std::vector<DagPoolQueue> pools_;
  std::deque<PoolAssignment> pool_assignments_;
  std::map<const DagSpec*, const PoolAssignment*> pool_assignment_by_spec_;  // Lookup only.
  std::deque<const PoolAssignment*> run_pool_assignment_;  // By run; null without pools.
  std::vector<bool> admission_pending_;                    // By pool.
  PoolWaitObserver pool_wait_observer_;
};

}  // namespace ringsim
