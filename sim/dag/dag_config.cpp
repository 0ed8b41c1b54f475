#include "sim/dag/dag_config.h"

#include <cmath>

#include "sim/distribution_config.h"

namespace ringsim {

namespace {

// Integers above 2^53 are not exact in JSON readers that use doubles.
constexpr std::uint64_t kKeyIdMax = 9'007'199'254'740'992ULL;
// Worker ids a DAG may name; the resources say whether that worker exists (a cluster has
// at most 128 nodes, so a larger id is unplaceable there).
constexpr std::uint64_t kDagNodeIdMax = 65'535;

std::string read_name(ObjectReader& reader, std::string_view key) {
  std::string name = reader.required_string(key);
  if (name.empty() || name.size() > kDagNameLengthMax) {
    reader.fail(key, "expected 1 to " + std::to_string(kDagNameLengthMax) + " characters");
  }
  return name;
}

TaskCost read_work_cost(ObjectReader& cost) {
  const ArrayReader terms = cost.required_array("terms");
  if (terms.size() == 0 || terms.size() > kDagWorkTermsMax) {
    throw ConfigError(terms.file(), terms.pointer(),
                      "expected 1 to " + std::to_string(kDagWorkTermsMax) + " work terms");
  }
  std::vector<WorkTerm> result;
  double total_ms = 0;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    ObjectReader term = terms.object_at(i);
    WorkTerm work;
    work.what = read_name(term, "what");
    work.units = term.required_number("units", NumberRange::at_least(0, kDagWorkUnitsMax));
    const double per_unit_ms =
        term.required_number("per_unit_ms", NumberRange::at_least(0, kDagDurationMsMax));
    work.ns_per_unit = per_unit_ms * static_cast<double>(kNsPerMs);
    total_ms += work.units * per_unit_ms;
    term.finish();
    result.push_back(std::move(work));
  }
  if (!(total_ms <= kDagDurationMsMax)) {
    cost.fail("terms", "the terms add up to " + std::to_string(total_ms) +
                           " ms; one attempt may cost at most 3.6e+06 ms (1 h)");
  }
  return TaskCost::work(std::move(result));
}

TaskCost read_cost(ObjectReader cost) {
  const std::string type =
      cost.required_choice("type", {"constant", "exponential", "uniform", "lognormal", "work"});
  if (type != "work") {
    return TaskCost::sampled(read_distribution(cost, "ms", kDagDurationMsMax).scaled(kNsPerMs));
  }
  TaskCost result = read_work_cost(cost);
  cost.finish();
  return result;
}

TaskPlacement read_runs_on(ObjectReader& task) {
  if (!task.has("runs_on")) return TaskPlacement::any();
  const nlohmann::json& value = task.raw("runs_on");
  const char* expected = "expected \"any\", {\"role\": NAME}, {\"key_owner\": KEY} or {\"node\": ID}";
  if (value.is_string()) {
    if (value.get<std::string>() != "any") {
      task.fail("runs_on", std::string(expected) + ", got " + describe_json_value(value));
    }
    return TaskPlacement::any();
  }
  if (!value.is_object()) task.fail("runs_on", std::string(expected) + ", got " + describe_json_value(value));
  ObjectReader placement(value, task.pointer_of("runs_on"), task.file());
  const int given = static_cast<int>(placement.has("role")) + static_cast<int>(placement.has("key_owner")) +
                    static_cast<int>(placement.has("node"));
  if (given != 1) placement.fail("role", "give exactly one of \"role\", \"key_owner\" and \"node\"");
  TaskPlacement result;
  if (placement.has("role")) {
    result = TaskPlacement::on_role(read_name(placement, "role"));
  } else if (placement.has("key_owner")) {
    result = TaskPlacement::key_owner(placement.required_integer("key_owner", 0, kKeyIdMax));
  } else {
    result = TaskPlacement::on_node(static_cast<std::uint32_t>(placement.required_integer("node", 0, kDagNodeIdMax)));
  }
  placement.finish();
  return result;
}

std::vector<std::string> read_after(ObjectReader& task) {
  std::vector<std::string> after;
  const std::optional<ArrayReader> list = task.optional_array("after");
  if (!list) return after;
  if (list->size() > kDagTasksMax) {
    throw ConfigError(list->file(), list->pointer(),
                      "a task waits for at most " + std::to_string(kDagTasksMax) + " others");
  }
  for (std::size_t k = 0; k < list->size(); ++k) {
    if (!list->at(k).is_string()) {
      throw ConfigError(list->file(), list->pointer_at(k),
                        "expected a task name, got " + describe_json_value(list->at(k)));
    }
    after.push_back(list->at(k).get<std::string>());
  }
  return after;
}

DagTask read_task(ObjectReader task) {
  const NumberRange duration_ms = NumberRange::at_least(0, kDagDurationMsMax);
  DagTask result;
  result.name = read_name(task, "name");
  result.kind = task.has("kind") ? read_name(task, "kind") : result.name;
  result.cost = read_cost(task.required_object("cost"));
  result.after = read_after(task);
  result.runs_on = read_runs_on(task);
  result.retry.max_retries = static_cast<std::uint32_t>(task.optional_integer("retries", 0, kDagRetriesMax, 0));
  result.retry.backoff_initial_ns = ms_to_ns(task.optional_number("backoff_ms", duration_ms, 0));
  result.retry.backoff_multiplier = task.optional_number(
      "backoff_multiplier", NumberRange::at_least(1, kDagBackoffMultiplierMax), 2.0);
  result.retry.backoff_max_ns = ms_to_ns(task.optional_number("backoff_max_ms", duration_ms, kDagDurationMsMax));
  if (const std::optional<double> timeout_ms =
          task.maybe_number("timeout_ms", NumberRange::positive(kDagDurationMsMax))) {
    result.timeout_ns = std::max<TimeNs>(1, ms_to_ns(*timeout_ms));
  }
  result.timeout_running_only =
      task.optional_choice("timeout_counts", {"dispatch", "running"}, "dispatch") == "running";
  result.retry.airflow_exponential = task.optional_bool("retry_exponential_backoff", false);
  result.fail_probability = task.optional_number("fail_probability", NumberRange::at_least(0, 1), 0);
  const std::string rule = task.optional_choice(
      "trigger_rule",
      {"all_success", "all_failed", "all_done", "one_success", "one_failed", "none_failed",
       "none_failed_min_one_success", "none_skipped", "always"},
      "all_success");
  result.trigger_rule = *trigger_rule_from_name(rule);
  if (task.has("pool")) result.pool = read_name(task, "pool");
  result.pool_slots = static_cast<std::uint32_t>(task.optional_integer("pool_slots", 1, kDagPoolSlotsMax, 1));
  const double weight = task.optional_number(
      "priority_weight", NumberRange::at_least(-static_cast<double>(kDagPriorityWeightMax), kDagPriorityWeightMax), 1);
  if (weight != std::floor(weight)) task.fail("priority_weight", "expected a whole number (Airflow's weights are integers)");
  result.priority_weight = static_cast<std::int64_t>(weight);
  result.weight_rule =
      *weight_rule_from_name(task.optional_choice("weight_rule", {"downstream", "upstream", "absolute"}, "downstream"));
  task.finish();
  return result;
}

std::string problem_pointer(const DagProblem& problem, const ObjectReader& reader) {
  const std::string task = json_pointer_append(reader.pointer_of("tasks"), problem.task);
  switch (problem.kind) {
    case DagProblem::Kind::kBadDag:
      return reader.pointer_of("tasks");
    case DagProblem::Kind::kBadTask:
      return task;
    case DagProblem::Kind::kDuplicateName:
      return json_pointer_append(task, "name");
    case DagProblem::Kind::kMissingDependency:
    case DagProblem::Kind::kDuplicateDependency:
    case DagProblem::Kind::kCycle:
      return json_pointer_append(json_pointer_append(task, "after"), problem.after_index);
  }
  return task;
}

}  // namespace

DagSpec read_dag(ObjectReader reader) {
  DagDefinition definition;
  definition.name = read_name(reader, "name");
  const ArrayReader tasks = reader.required_array("tasks");
  if (tasks.size() == 0 || tasks.size() > kDagTasksMax) {
    throw ConfigError(tasks.file(), tasks.pointer(),
                      "expected 1 to " + std::to_string(kDagTasksMax) + " tasks, got " +
                          std::to_string(tasks.size()));
  }
  for (std::size_t i = 0; i < tasks.size(); ++i) definition.tasks.push_back(read_task(tasks.object_at(i)));
  reader.finish();
  try {
    return DagSpec::build(std::move(definition));
  } catch (const DagError& error) {
    throw ConfigError(reader.file(), problem_pointer(error.problem(), reader), error.problem().message);
  }
}

}  // namespace ringsim
