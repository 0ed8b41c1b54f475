// What a run does over time, for exporters that draw it (the Perfetto / Chrome trace writer,
// cli/perfetto_writer.h): work on a node's cores, DAG runs with their tasks, and point
// decisions. The model calls these hooks only when an observer is set on the simulator
// (Simulator::set_activity_observer); observing never changes the run, its events or its
// trace hash, and the core does no file IO: the observer decides what to keep.
//
// Times are virtual nanoseconds. Node ids are the cluster's NodeIds; kNoActivityNode means
// "not on a node" (e.g. a run-wide decision). Strings are the model's own names and may
// hold any text taken from a scenario: an observer writing a file must escape them.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/time.h"

namespace ringsim {

inline constexpr std::uint32_t kNoActivityNode = UINT32_MAX;

class ActivityObserver {
 public:
  virtual ~ActivityObserver() = default;

  // A job took a core of `node` (process `incarnation`, `cores` cores) at now_ns; it will
  // end with service_ended for the same (node, job), unless the process ends first (a crash
  // loses the job: the observer sees a later incarnation and no end).
  virtual void service_started(TimeNs now_ns, std::uint32_t node, std::uint32_t incarnation, std::uint32_t cores,
                               std::uint64_t job, std::string_view operation) = 0;
  virtual void service_ended(TimeNs now_ns, std::uint32_t node, std::uint64_t job) = 0;

  // A finished span of work not bound to one core, reported when it ends: a DAG run
  // (depth 0; `group` is its executor, e.g. "migration_dag" or "dag" (pipelines), `run` its id)
  // and then each of its tasks that ran (depth 1, same group and run; `node` where its
  // last attempt ran). start_ns <= end_ns. `state` is the run's or task's final state.
  virtual void span(std::string_view group, std::uint64_t run, int depth, std::string_view name, TimeNs start_ns,
                    TimeNs end_ns, std::uint32_t node, std::string_view state) = 0;

  // A point decision at now_ns: a timeline action, a failure detector's verdict.
  // `category` groups them ("timeline", "detector"); `detail` says what it touched.
  virtual void instant(TimeNs now_ns, std::string_view category, std::string_view name, std::uint32_t node,
                       std::string_view detail) = 0;
};

}  // namespace ringsim
