#include "sim/dag/dag.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>

#include "sim/assert.h"
#include "sim/json_reader.h"

namespace ringsim {

namespace {

[[noreturn]] void fail_dag(const std::string& message) {
  DagProblem problem;
  problem.kind = DagProblem::Kind::kBadDag;
  problem.message = message;
  throw DagError(std::move(problem));
}

[[noreturn]] void fail_task(DagProblem::Kind kind, TaskIndex task, std::size_t after_index,
                            const std::string& message) {
  DagProblem problem;
  problem.kind = kind;
  problem.task = task;
  problem.after_index = after_index;
  problem.message = message;
  throw DagError(std::move(problem));
}

bool is_duration_ns(TimeNs value_ns) { return value_ns >= 0 && value_ns <= kDagDurationNsMax; }

// Why `task`'s own fields are out of range, or "" when they are fine. Readers of JSON check
// the same ranges with pointers of their own; this guards DAGs built in code.
std::string task_field_problem(const DagTask& task) {
  if (task.name.empty() || task.name.size() > kDagNameLengthMax) {
    return "a task name must have 1 to " + std::to_string(kDagNameLengthMax) + " characters";
  }
  if (task.kind.empty() || task.kind.size() > kDagNameLengthMax) {
    return "the kind must have 1 to " + std::to_string(kDagNameLengthMax) + " characters";
  }
  if (task.runs_on.kind == TaskPlacement::Kind::kRole && task.runs_on.role.empty()) {
    return "runs_on names an empty role";
  }
  const RetryPolicy& retry = task.retry;
  if (retry.max_retries > kDagRetriesMax) {
    return "at most " + std::to_string(kDagRetriesMax) + " retries are accepted";
  }
  if (!is_duration_ns(retry.backoff_initial_ns) || !is_duration_ns(retry.backoff_max_ns)) {
    return "backoff must be >= 0 and <= 1 h";
  }
  if (!(retry.backoff_multiplier >= 1.0 && retry.backoff_multiplier <= kDagBackoffMultiplierMax)) {
    return "backoff_multiplier must be >= 1 and <= 10";
  }
  if (!is_duration_ns(task.timeout_ns)) return "timeout must be >= 0 and <= 1 h";
  if (!(task.fail_probability >= 0.0 && task.fail_probability <= 1.0)) {
    return "fail_probability must be >= 0 and <= 1";
  }
  if (task.cost.type() == TaskCost::Type::kWork) {
    if (task.cost.terms().empty() || task.cost.terms().size() > kDagWorkTermsMax) {
      return "a work cost needs 1 to " + std::to_string(kDagWorkTermsMax) + " terms";
    }
    for (const WorkTerm& term : task.cost.terms()) {
      if (!(term.units >= 0 && std::isfinite(term.units)) ||
          !(term.ns_per_unit >= 0 && std::isfinite(term.ns_per_unit))) {
        return "work units and cost per unit must be finite and >= 0";
      }
    }
  }
  const double mean_ns = task.cost.mean_ns();
  if (!(mean_ns >= 0 && mean_ns <= static_cast<double>(kDagDurationNsMax))) {
    return "the mean cost must be >= 0 and <= 1 h";
  }
  return {};
}

void check_dag_size(const DagDefinition& definition) {
  if (definition.name.empty() || definition.name.size() > kDagNameLengthMax) {
    fail_dag("a DAG name must have 1 to " + std::to_string(kDagNameLengthMax) + " characters");
  }
  if (definition.tasks.empty()) fail_dag("a DAG needs at least one task");
  if (definition.tasks.size() > kDagTasksMax) {
    fail_dag("a DAG has at most " + std::to_string(kDagTasksMax) + " tasks; this one has " +
             std::to_string(definition.tasks.size()));
  }
  std::size_t dependencies = 0;
  for (const DagTask& task : definition.tasks) dependencies += task.after.size();
  if (dependencies > kDagDependenciesMax) {
    fail_dag("a DAG has at most " + std::to_string(kDagDependenciesMax) +
             " dependencies; this one has " + std::to_string(dependencies));
  }
}

std::vector<std::string> all_names(const std::vector<DagTask>& tasks) {
  std::vector<std::string> names;
  names.reserve(tasks.size());
  for (const DagTask& task : tasks) names.push_back(task.name);
  return names;
}

// Remembers the DFS tree and the first back edge; a back edge u -> v closes the cycle
// v -> ... -> u -> v along tree edges.
struct CycleFinder : boost::default_dfs_visitor {
  std::vector<TaskIndex>* parent;
  std::optional<std::pair<TaskIndex, TaskIndex>>* first_back_edge;

  template <typename Edge, typename Graph>
  void tree_edge(Edge edge, const Graph& graph) const {
    (*parent)[boost::target(edge, graph)] = static_cast<TaskIndex>(boost::source(edge, graph));
  }
  template <typename Edge, typename Graph>
  void back_edge(Edge edge, const Graph& graph) const {
    if (first_back_edge->has_value()) return;
    *first_back_edge = std::pair{static_cast<TaskIndex>(boost::source(edge, graph)),
                           static_cast<TaskIndex>(boost::target(edge, graph))};
  }
};

void reject_cycle(const DagSpec::Graph& graph, const std::vector<DagTask>& tasks) {
  std::vector<TaskIndex> parent(tasks.size(), 0);
  std::optional<std::pair<TaskIndex, TaskIndex>> back_edge;
  CycleFinder finder;
  finder.parent = &parent;
  finder.first_back_edge = &back_edge;
  boost::depth_first_search(graph, boost::visitor(finder));
  if (!back_edge) return;
  const auto [last, first] = *back_edge;  // `first` runs after `last`: the edge closing it.
  std::vector<TaskIndex> members{last};
  // The parent chain from `last` reaches `first`: `first` was on the DFS stack (grey).
  while (members.back() != first) members.push_back(parent[members.back()]);
  std::reverse(members.begin(), members.end());

  DagProblem problem;
  problem.kind = DagProblem::Kind::kCycle;
  problem.task = first;
  const std::vector<std::string>& after = tasks[first].after;
  problem.after_index = static_cast<std::size_t>(
      std::find(after.begin(), after.end(), tasks[last].name) - after.begin());
  problem.message = "cycle: ";
  for (const TaskIndex member : members) {
    problem.cycle.push_back(tasks[member].name);
    problem.message += tasks[member].name + " -> ";
  }
  problem.message += tasks[first].name;
  throw DagError(std::move(problem));
}

}  // namespace

DagSpec DagSpec::build(DagDefinition definition) {
  check_dag_size(definition);
  DagSpec spec;
  spec.name_ = std::move(definition.name);
  spec.tasks_ = std::move(definition.tasks);
  const std::vector<DagTask>& tasks = spec.tasks_;
  const auto task_count = static_cast<TaskIndex>(tasks.size());

  for (TaskIndex index = 0; index < task_count; ++index) {
    const std::string problem = task_field_problem(tasks[index]);
    if (!problem.empty()) {
      fail_task(DagProblem::Kind::kBadTask, index, 0,
                "task \"" + tasks[index].name + "\": " + problem);
    }
    const auto [existing, inserted] = spec.index_by_name_.emplace(tasks[index].name, index);
    if (!inserted) {
      fail_task(DagProblem::Kind::kDuplicateName, index, 0,
                "duplicate task name \"" + tasks[index].name + "\" (task " +
                    std::to_string(existing->second) + " has it already)");
    }
  }

  spec.graph_ = Graph(tasks.size());
  spec.predecessors_.resize(tasks.size());
  spec.successors_.resize(tasks.size());
  const std::vector<std::string> names = all_names(tasks);
  for (TaskIndex index = 0; index < task_count; ++index) {
    const std::vector<std::string>& after = tasks[index].after;
    for (std::size_t k = 0; k < after.size(); ++k) {
      const auto found = spec.index_by_name_.find(after[k]);
      if (found == spec.index_by_name_.end()) {
        const std::string suggestion = closest_match(after[k], names);
        fail_task(DagProblem::Kind::kMissingDependency, index, k,
                  "task \"" + tasks[index].name + "\" depends on \"" + after[k] +
                      "\", which is not a task of DAG \"" + spec.name_ + "\"" +
                      (suggestion.empty() ? "" : " (did you mean \"" + suggestion + "\"?)"));
      }
      if (std::find(after.begin(), after.begin() + static_cast<std::ptrdiff_t>(k), after[k]) !=
          after.begin() + static_cast<std::ptrdiff_t>(k)) {
        fail_task(DagProblem::Kind::kDuplicateDependency, index, k,
                  "task \"" + tasks[index].name + "\" lists \"" + after[k] + "\" twice");
      }
      boost::add_edge(found->second, index, spec.graph_);
      spec.predecessors_[index].push_back(found->second);
      spec.successors_[found->second].push_back(index);
    }
  }
  reject_cycle(spec.graph_, tasks);

  std::vector<TaskIndex> reversed;
  reversed.reserve(tasks.size());
  boost::topological_sort(spec.graph_, std::back_inserter(reversed));
  spec.topological_order_.assign(reversed.rbegin(), reversed.rend());
  RINGSIM_ASSERT(spec.topological_order_.size() == tasks.size());

  spec.kind_index_.reserve(tasks.size());
  for (const DagTask& task : tasks) {
    const auto found = std::find(spec.kinds_.begin(), spec.kinds_.end(), task.kind);
    spec.kind_index_.push_back(static_cast<std::uint32_t>(found - spec.kinds_.begin()));
    if (found == spec.kinds_.end()) spec.kinds_.push_back(task.kind);
  }
  return spec;
}

std::optional<TaskIndex> DagSpec::find(std::string_view name) const {
  const auto found = index_by_name_.find(name);
  if (found == index_by_name_.end()) return std::nullopt;
  return found->second;
}

}  // namespace ringsim
