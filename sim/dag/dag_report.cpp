#include "sim/dag/dag_report.h"

#include <algorithm>
#include <limits>

#include <boost/graph/dag_shortest_paths.hpp>

#include "sim/assert.h"

namespace ringsim {

namespace {

// The DAG with one extra vertex, the source, joined to every root; edge u -> v weighs
// -weight(v) and source -> root weighs -weight(root). The shortest distance from the
// source to v is then minus the heaviest path ending at v.
using WeightedGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS,
                                            boost::no_property,
                                            boost::property<boost::edge_weight_t, TimeNs>>;

WeightedGraph negated_graph(const DagSpec& spec, const std::vector<TimeNs>& weight_ns) {
  const std::size_t task_count = spec.size();
  WeightedGraph graph(task_count + 1);
  const std::size_t source = task_count;
  for (TaskIndex task = 0; task < task_count; ++task) {
    if (spec.predecessors(task).empty()) boost::add_edge(source, task, -weight_ns[task], graph);
    for (const TaskIndex next : spec.successors(task)) {
      boost::add_edge(task, next, -weight_ns[next], graph);
    }
  }
  return graph;
}

}  // namespace

CriticalPath critical_path(const DagSpec& spec, const std::vector<TimeNs>& weight_ns) {
  RINGSIM_ASSERT(weight_ns.size() == spec.size());
  for (const TimeNs weight : weight_ns) RINGSIM_ASSERT(weight >= 0);
  const WeightedGraph graph = negated_graph(spec, weight_ns);
  const std::size_t vertex_count = spec.size() + 1;
  const std::size_t source = spec.size();
  std::vector<TimeNs> distance_ns(vertex_count, std::numeric_limits<TimeNs>::max());
  std::vector<std::size_t> predecessor(vertex_count);
  boost::dag_shortest_paths(
      graph, source,
      boost::distance_map(boost::make_iterator_property_map(
                              distance_ns.begin(), boost::get(boost::vertex_index, graph)))
          .predecessor_map(boost::make_iterator_property_map(
              predecessor.begin(), boost::get(boost::vertex_index, graph))));

  // The path ends at the task with the most negative distance (first such task by index).
  std::size_t last = 0;
  for (std::size_t task = 1; task < spec.size(); ++task) {
    if (distance_ns[task] < distance_ns[last]) last = task;
  }
  CriticalPath path;
  path.length_ns = -distance_ns[last];
  for (std::size_t vertex = last; vertex != source; vertex = predecessor[vertex]) {
    path.tasks.push_back(static_cast<TaskIndex>(vertex));
  }
  std::reverse(path.tasks.begin(), path.tasks.end());
  return path;
}

TimeNs run_time_so_far_ns(const TaskRecord& record, TimeNs now_ns) {
  // run_ns is added to when an attempt leaves its core, so a running attempt is not in it.
  if (record.state != TaskState::kRunning || record.start_ns < 0) return record.run_ns;
  return record.run_ns + std::max<TimeNs>(0, now_ns - record.start_ns);
}

CriticalPath critical_path_so_far(const DagSpec& spec, const std::vector<TaskRecord>& records, TimeNs now_ns) {
  RINGSIM_ASSERT(records.size() == spec.size());
  std::vector<TimeNs> weight_ns(spec.size());
  for (TaskIndex task = 0; task < spec.size(); ++task) weight_ns[task] = run_time_so_far_ns(records[task], now_ns);
  return critical_path(spec, weight_ns);
}

namespace {

void add_stage_times(std::vector<StageReport>& stages, std::vector<TimeNs>& first_ready_ns,
                     std::vector<TimeNs>& last_end_ns, const DagSpec& spec, TaskIndex task,
                     const TaskRecord& record) {
  const std::uint32_t kind = spec.kind_index(task);
  StageReport& stage = stages[kind];
  stage.tasks += 1;
  if (record.state == TaskState::kDone) stage.tasks_done += 1;
  stage.run_ns_total += record.run_ns;
  stage.run_ns_max = std::max(stage.run_ns_max, record.run_ns);
  stage.wait_ns_total += record.wait_ns();
  if (record.ready_ns < 0 || record.end_ns < 0) return;  // Skipped: no time in the stage.
  if (first_ready_ns[kind] < 0 || record.ready_ns < first_ready_ns[kind]) {
    first_ready_ns[kind] = record.ready_ns;
  }
  last_end_ns[kind] = std::max(last_end_ns[kind], record.end_ns);
}

}  // namespace

DagRunReport make_dag_report(const DagSpec& spec, const std::vector<TaskRecord>& records,
                             TimeNs started_ns, TimeNs finished_ns, std::string failure_reason) {
  RINGSIM_ASSERT(records.size() == spec.size());
  RINGSIM_ASSERT(finished_ns >= started_ns);
  DagRunReport report;
  report.dag_name = spec.name();
  report.succeeded = failure_reason.empty();
  report.failure_reason = std::move(failure_reason);
  report.started_ns = started_ns;
  report.finished_ns = finished_ns;
  report.makespan_ns = finished_ns - started_ns;

  const std::size_t kind_count = spec.kinds().size();
  report.stages.resize(kind_count);
  for (std::size_t kind = 0; kind < kind_count; ++kind) report.stages[kind].kind = spec.kinds()[kind];
  std::vector<TimeNs> first_ready_ns(kind_count, -1);
  std::vector<TimeNs> last_end_ns(kind_count, -1);
  std::vector<TimeNs> run_ns(spec.size());

  for (TaskIndex task = 0; task < spec.size(); ++task) {
    const TaskRecord& record = records[task];
    RINGSIM_ASSERT(is_terminal(record.state));
    run_ns[task] = record.run_ns;
    report.tasks.push_back({record.wait_ns(), record.run_ns});
    report.attempts += record.attempts;
    if (record.attempts > 1) report.retries += record.attempts - 1;
    report.failed_attempts += record.attempts - (record.state == TaskState::kDone ? 1 : 0);
    report.timeouts += record.timeouts;
    report.tasks_done += record.state == TaskState::kDone ? 1 : 0;
    report.tasks_failed += record.state == TaskState::kFailed ? 1 : 0;
    report.tasks_skipped += record.state == TaskState::kSkipped ? 1 : 0;
    report.tasks_upstream_failed += record.state == TaskState::kUpstreamFailed ? 1 : 0;
    add_stage_times(report.stages, first_ready_ns, last_end_ns, spec, task, record);
  }
  for (std::size_t kind = 0; kind < kind_count; ++kind) {
    if (first_ready_ns[kind] >= 0) report.stages[kind].span_ns = last_end_ns[kind] - first_ready_ns[kind];
  }
  report.critical_path = critical_path(spec, run_ns);
  return report;
}

}  // namespace ringsim
