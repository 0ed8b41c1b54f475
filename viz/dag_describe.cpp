#include "viz/dag_describe.h"

#include <algorithm>

#include "viz/format.h"

namespace ringsim::viz {
namespace {

// Dependencies listed by name before "+N more".
constexpr std::size_t kDependencyNamesMax = 6;
// A shortened path keeps this many names at each end.
constexpr std::size_t kPathEndNames = 3;

std::string path_names(const DagSpec& spec, const std::vector<TaskIndex>& tasks) {
  std::string text;
  const auto add = [&](const std::string& name) {
    if (!text.empty()) text += " -> ";
    text += name;
  };
  if (tasks.size() <= kPathNamesMax) {
    for (const TaskIndex task : tasks) add(spec.task(task).name);
    return text;
  }
  for (std::size_t i = 0; i < kPathEndNames; ++i) add(spec.task(tasks[i]).name);
  // Appended piece by piece: `"(" + std::to_string(n)` trips a false -Wrestrict in GCC 12.
  std::string more = "(";
  more += std::to_string(tasks.size() - 2 * kPathEndNames);
  more += " more)";
  add(more);
  for (std::size_t i = tasks.size() - kPathEndNames; i < tasks.size(); ++i) add(spec.task(tasks[i]).name);
  return text;
}

// "10.012 s (+12.0 ms)": virtual time, and since the run started.
std::string instant(TimeNs at_ns, TimeNs run_started_ns) {
  if (at_ns < 0) return "not yet";
  std::string text = format_time_s(at_ns);
  if (run_started_ns >= 0) text += " (+" + format_duration(at_ns - run_started_ns) + ")";
  return text;
}

std::string dependency_names(const DagSpec& spec, TaskIndex task) {
  const auto& before = spec.predecessors(task);
  if (before.empty()) return "nothing (a root)";
  std::string text;
  for (std::size_t i = 0; i < before.size() && i < kDependencyNamesMax; ++i) {
    if (!text.empty()) text += ", ";
    text += spec.task(before[i]).name;
  }
  if (before.size() > kDependencyNamesMax) text += " +" + std::to_string(before.size() - kDependencyNamesMax) + " more";
  return text;
}

}  // namespace

CriticalPath shown_critical_path(const DagRun& run, TimeNs now_ns) {
  if (run.finished() && run.report.has_value()) return run.report->critical_path;
  return critical_path_so_far(*run.spec, run.tasks, now_ns);
}

std::string critical_path_caption(const DagRun& run, const CriticalPath& path, TimeNs now_ns) {
  const bool finished = run.finished() && run.report.has_value();
  std::string text = finished ? "critical path: " : "critical path so far: ";
  if (path.length_ns == 0) return text + "no task has run yet";
  text += path_names(*run.spec, path.tasks) + ", " + format_duration(path.length_ns);
  if (finished) return text + " (makespan " + format_duration(run.report->makespan_ns) + ")";
  if (run.started_ns >= 0) text += " (running for " + format_duration(now_ns - run.started_ns) + ")";
  return text;
}

std::vector<std::pair<std::string, std::string>> task_details(const DagRun& run, TaskIndex task, TimeNs now_ns,
                                                              bool on_critical_path) {
  const DagSpec& spec = *run.spec;
  const DagTask& definition = spec.task(task);
  const TaskRecord& record = run.tasks.at(task);
  const bool terminal = is_terminal(record.state);
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back("task", definition.name + " (" + definition.kind + ")");
  rows.emplace_back("state", std::string(task_state_name(record.state)) + ", node " +
                                 (record.worker == kNoWorker ? "none yet" : std::to_string(record.worker)));
  rows.emplace_back("attempts", std::to_string(record.attempts) + ", " + std::to_string(record.timeouts) +
                                    (record.timeouts == 1 ? " timeout" : " timeouts"));
  rows.emplace_back("ready", instant(record.ready_ns, run.started_ns));
  rows.emplace_back("started", instant(record.start_ns, run.started_ns));
  rows.emplace_back("ended", instant(record.end_ns, run.started_ns));
  const TimeNs run_ns = run_time_so_far_ns(record, now_ns);
  // Waiting = time since ready not spent on a core: queueing for a core and retry backoff.
  const TimeNs until_ns = terminal ? record.end_ns : now_ns;
  const TimeNs wait_ns =
      record.ready_ns < 0 || until_ns < 0 ? 0 : std::max<TimeNs>(0, until_ns - record.ready_ns - run_ns);
  const std::string so_far = terminal ? "" : " so far";
  rows.emplace_back("wait / run", format_duration(wait_ns) + " / " + format_duration(run_ns) + so_far);
  rows.emplace_back("last failure", attempt_failure_name(record.last_failure));
  rows.emplace_back("after", dependency_names(spec, task));
  rows.emplace_back("critical path", on_critical_path ? "on it" : "not on it");
  return rows;
}

}  // namespace ringsim::viz
