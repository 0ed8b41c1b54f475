// The DAG panel's words: the critical path line of a run and the details of one task (its
// record and timings). Plain strings from the run's records, no SFML or ImGui (tested in
// tests/gui_test.cpp).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/dag/dag_executor.h"
#include "sim/dag/dag_report.h"

namespace ringsim::viz {

// A path with more tasks than this is shortened to its first and last few names.
inline constexpr std::size_t kPathNamesMax = 8;

// The critical path a run shows: its report's when finished, else the path so far
// (sim/dag/dag_report.h: critical_path_so_far) at now_ns.
CriticalPath shown_critical_path(const DagRun& run, TimeNs now_ns);

// "critical path: a -> b -> c, 123.4 ms (makespan 150.0 ms)" for a finished run;
// "critical path so far: a -> b, 12.3 ms (running for 40.0 ms)" for a run in flight.
std::string critical_path_caption(const DagRun& run, const CriticalPath& path, TimeNs now_ns);

// Label / value rows describing task `task` of `run` at now_ns: name and kind; state and
// node; attempts and timeouts; ready, start (latest attempt) and end times (virtual, and
// since the run started); wait (queueing and backoff) and run (core) time, so far while it
// is not terminal; last failure; the tasks it waits for; whether it is on the critical path.
std::vector<std::pair<std::string, std::string>> task_details(const DagRun& run, TaskIndex task, TimeNs now_ns,
                                                              bool on_critical_path);

}  // namespace ringsim::viz
