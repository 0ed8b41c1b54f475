// A DAG of tasks: the static description of a workflow (an ingest batch, a RAG query, the
// migration of one key range, or a DAG a user writes in a scenario). It says what each task
// costs, where it may run, how it is retried and which tasks it waits for; running it is the
// DagExecutor's job (sim/dag/dag_executor.h).
//
// Contract:
// - A DagSpec is immutable and valid once built: task names are unique, every dependency
//   names a task of the DAG, there is no cycle, sizes are within the limits below.
//   DagSpec::build() refuses anything else with a DagError that says which task (and which
//   entry of its `after` list) is wrong; a cycle is reported as its members in order,
//   "cycle: a -> b -> c -> a".
// - Task i of the definition is vertex i of the graph (boost::adjacency_list with vecS), and
//   an edge u -> v means "v runs after u". Every order derived here (topological order,
//   successors, kinds) depends only on the definition's order, never on addresses.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/config.hpp>
#include <boost/graph/adjacency_list.hpp>

#include "sim/dag/dag_task.h"

namespace ringsim {

// An unvalidated DAG, as written by a factory or read from JSON.
struct DagDefinition {
  std::string name;
  std::vector<DagTask> tasks;
};

// Why a definition is not a valid DAG, with where to point the user.
struct DagProblem {
  enum class Kind : std::uint8_t {
    kBadDag,                // name, size or dependency count (task and after_index unused)
    kBadTask,               // a field of `task` is out of range
    kDuplicateName,         // `task` reuses an earlier task's name
    kMissingDependency,     // task.after[after_index] names no task
    kDuplicateDependency,   // task.after[after_index] repeats an earlier entry
    kCycle,                 // task.after[after_index] closes the cycle in `cycle`
  };
  Kind kind = Kind::kBadDag;
  TaskIndex task = 0;
  std::size_t after_index = 0;
  std::string message;
  // kCycle: the task names on the cycle in dependency order; each runs after the previous
  // one and the first after the last.
  std::vector<std::string> cycle;
};

class DagError : public std::invalid_argument {
 public:
  explicit DagError(DagProblem problem)
      : std::invalid_argument(problem.message), problem_(std::move(problem)) {}
  const DagProblem& problem() const { return problem_; }

 private:
  DagProblem problem_;
};

class DagSpec {
 public:
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

  // Validates `definition` and builds the graph. Throws DagError.
  static DagSpec build(DagDefinition definition);

  const std::string& name() const { return name_; }
  std::size_t size() const { return tasks_.size(); }
  const DagTask& task(TaskIndex index) const { return tasks_.at(index); }
  const std::vector<DagTask>& tasks() const { return tasks_; }
  std::optional<TaskIndex> find(std::string_view name) const;

  const Graph& graph() const { return graph_; }
  // Every task after all of its dependencies (boost::topological_sort).
  const std::vector<TaskIndex>& topological_order() const { return topological_order_; }
  // In `after` order / in the order the dependents were defined.
  const std::vector<TaskIndex>& predecessors(TaskIndex index) const { return predecessors_.at(index); }
  const std::vector<TaskIndex>& successors(TaskIndex index) const { return successors_.at(index); }

  // Distinct task kinds in order of first appearance, and each task's index into it.
  const std::vector<std::string>& kinds() const { return kinds_; }
  std::uint32_t kind_index(TaskIndex index) const { return kind_index_.at(index); }

 private:
  DagSpec() = default;

  std::string name_;
  std::vector<DagTask> tasks_;
  std::map<std::string, TaskIndex, std::less<>> index_by_name_;  // Lookup only.
  Graph graph_;
  std::vector<TaskIndex> topological_order_;
  std::vector<std::vector<TaskIndex>> predecessors_;
  std::vector<std::vector<TaskIndex>> successors_;
  std::vector<std::string> kinds_;
  std::vector<std::uint32_t> kind_index_;
};

}  // namespace ringsim
