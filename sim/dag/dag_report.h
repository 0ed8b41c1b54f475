// The numbers of one finished DAG run: makespan, the critical path through the realized
// run times, per-task wait vs run time, per-stage (task kind) latency, retries and
// failures. Computed once when the run finishes (DagExecutor), from the task records only,
// so it can be recomputed from a saved run.
//
// Critical path: the longest path through the DAG where a task weighs its realized run
// time (core time over all its attempts; 0 for skipped tasks), found with Boost.Graph's
// dag_shortest_paths on negated weights. It is what the run would take with unlimited
// cores and no queueing or backoff. Tasks on a path run one after another, so
// makespan >= critical_path.length_ns; the gap is waiting (for cores, for retry backoff).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/dag/dag.h"
#include "sim/dag/dag_task_record.h"

namespace ringsim {

struct CriticalPath {
  std::vector<TaskIndex> tasks;  // From a root to the path's last task.
  TimeNs length_ns = 0;          // Sum of the tasks' weights.
};

// Longest path by per-task weight (weight_ns[i] >= 0 for task i). Ties go to the path that
// Boost's relaxation meets first, which depends only on the definition's order.
CriticalPath critical_path(const DagSpec& spec, const std::vector<TimeNs>& weight_ns);

// Core time a task has used by now_ns: its finished attempts' run time plus the elapsed
// time of an attempt holding a core now; 0 for a task that has not started. For a
// terminal task this is its realized run time (record.run_ns), whatever now_ns is.
TimeNs run_time_so_far_ns(const TaskRecord& record, TimeNs now_ns);

// The critical path of a run in flight, as far as it has got at now_ns: critical_path()
// with each task weighing run_time_so_far_ns(). It only grows as the run advances; once
// every task is terminal it equals the finished run's report.critical_path. For the GUI,
// which draws runs while they execute.
CriticalPath critical_path_so_far(const DagSpec& spec, const std::vector<TaskRecord>& records, TimeNs now_ns);

struct TaskTiming {
  TimeNs wait_ns = 0;  // Ready to end, minus run time: queueing and backoff.
  TimeNs run_ns = 0;   // Core time over all attempts.
};

// One stage = all tasks of one kind (e.g. every shard "search" of a RAG query).
struct StageReport {
  std::string kind;
  std::uint32_t tasks = 0;
  std::uint32_t tasks_done = 0;
  // From the first task of the stage becoming ready to the last one ending: the stage's
  // latency as a user of the flow sees it (a fan-out ends with its slowest member).
  TimeNs span_ns = 0;
  TimeNs run_ns_total = 0;
  TimeNs run_ns_max = 0;
  TimeNs wait_ns_total = 0;
};

struct DagRunReport {
  std::string dag_name;
  bool succeeded = false;
  std::string failure_reason;  // Empty when succeeded.
  TimeNs started_ns = 0;
  TimeNs finished_ns = 0;
  TimeNs makespan_ns = 0;  // finished - started: until every task is terminal.
  CriticalPath critical_path;
  std::vector<TaskTiming> tasks;    // By task index.
  std::vector<StageReport> stages;  // In DagSpec::kinds() order.
  std::uint32_t attempts = 0;
  std::uint32_t retries = 0;          // Attempts beyond each task's first.
  std::uint32_t failed_attempts = 0;  // Including timeouts.
  std::uint32_t timeouts = 0;
  std::uint32_t tasks_done = 0;
  std::uint32_t tasks_failed = 0;
  std::uint32_t tasks_skipped = 0;
  std::uint32_t tasks_upstream_failed = 0;
};

DagRunReport make_dag_report(const DagSpec& spec, const std::vector<TaskRecord>& records,
                             TimeNs started_ns, TimeNs finished_ns, std::string failure_reason);

}  // namespace ringsim
