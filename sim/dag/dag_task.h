// One task of a DAG: what an attempt costs, where it may run, how it is retried and timed
// out, and which tasks it waits for. Plain data; DagSpec (sim/dag/dag.h) validates a set of them.
//
// Units are in the names: costs, timeouts and backoffs are virtual-time ns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/distribution.h"
#include "sim/dag/dag_pools.h"
#include "sim/dag/trigger_rule.h"
#include "sim/random.h"
#include "sim/time.h"

namespace ringsim {

using TaskIndex = std::uint32_t;

// Limits: a DAG is something a person (or a flow factory) writes; beyond these it is a
// mistake, refused before anything is allocated per task.
inline constexpr std::size_t kDagTasksMax = 10'000;
inline constexpr std::size_t kDagDependenciesMax = 100'000;
inline constexpr std::size_t kDagNameLengthMax = 128;
inline constexpr std::uint32_t kDagRetriesMax = 100;
inline constexpr std::size_t kDagWorkTermsMax = 16;
// Beyond 10x per retry, backoff reaches its cap after a couple of retries anyway.
inline constexpr double kDagBackoffMultiplierMax = 10.0;
// Longest cost, timeout or backoff of one attempt (1 h of virtual time). Sampled costs are
// clamped to it, so one heavy-tailed draw cannot push the run past the engine's horizon.
inline constexpr TimeNs kDagDurationNsMax = TimeNs{3600} * kNsPerS;

// Where a task may run. The executor does not interpret it: it hands the task to the
// resources' worker_for(), which resolves it (see sim/dag/dag_resources.h).
struct TaskPlacement {
  enum class Kind : std::uint8_t { kAny, kRole, kKeyOwner, kNode };
  Kind kind = Kind::kAny;
  std::string role;       // kRole: e.g. "embedder", "llm".
  std::uint64_t key = 0;  // kKeyOwner: the key whose owner (primary holder) runs the task.
  std::uint32_t node = 0;  // kNode: exactly this worker (a migration's source or target).

  static TaskPlacement any() { return {}; }
  static TaskPlacement on_role(std::string role);
  static TaskPlacement key_owner(std::uint64_t key);
  static TaskPlacement on_node(std::uint32_t node);
  // "any", "role \"llm\"", "owner of key 17", "node 3".
  std::string describe() const;
  bool operator==(const TaskPlacement&) const = default;
};

// One term of a counted-work cost: `units` of work (items, chunks, tokens, bytes) at
// `ns_per_unit` each. `what` names the unit for reports ("prompt_tokens").
struct WorkTerm {
  std::string what;
  double units = 0;
  double ns_per_unit = 0;
};

// What one attempt of a task costs on a worker, in ns: either a sample of a distribution
// (one draw per attempt) or a fixed sum of counted-work terms (no draw).
class TaskCost {
 public:
  enum class Type : std::uint8_t { kSampled, kWork };

  static TaskCost sampled(Distribution duration_ns);
  static TaskCost constant_ns(TimeNs duration_ns);
  static TaskCost work(std::vector<WorkTerm> terms);

  // The service time of one attempt, rounded to ns and clamped to [0, kDagDurationNsMax].
  // Draws from `rng` only for kSampled.
  TimeNs draw_ns(Rng& rng) const;
  double mean_ns() const;
  std::string describe() const;

  Type type() const { return type_; }
  const Distribution& distribution() const { return distribution_; }
  const std::vector<WorkTerm>& terms() const { return terms_; }

 private:
  TaskCost(Type type, Distribution distribution, std::vector<WorkTerm> terms)
      : type_(type), distribution_(distribution), terms_(std::move(terms)) {}
  Type type_;
  Distribution distribution_;
  std::vector<WorkTerm> terms_;
};

// Exponential backoff: retry r (1-based) is dispatched backoff_ns(r) after attempt r failed.
struct RetryPolicy {
  std::uint32_t max_retries = 0;
  TimeNs backoff_initial_ns = 0;
  double backoff_multiplier = 2.0;
  TimeNs backoff_max_ns = kDagDurationNsMax;
  // Airflow's retry_exponential_backoff instead (sim/dag/airflow_backoff.h): whole seconds in
  // [m, 2m), m = ceil(backoff_initial x 2^(retry - 1)), jittered by sha1 of the task instance.
  bool airflow_exponential = false;

  // initial × multiplier^(retry - 1), capped at backoff_max_ns. retry >= 1.
  TimeNs backoff_ns(std::uint32_t retry) const;
};

struct DagTask {
  std::string name;
  std::string kind;  // Groups tasks into stages for reports ("search" for every shard search).
  TaskCost cost = TaskCost::constant_ns(0);
  TaskPlacement runs_on;
  RetryPolicy retry;
  // An attempt whose duration (from dispatch to its end, queueing included) reaches this
  // times out. 0 = no timeout.
  TimeNs timeout_ns = 0;
  // Count timeout_ns from the moment the attempt takes a core instead (Airflow's
  // execution_timeout: the task's running time only).
  bool timeout_running_only = false;
  // Chance that an attempt which ran to completion is nevertheless a failure (an error
  // reply, a crash of the step), drawn from the executor's "dag.task_failure" stream.
  double fail_probability = 0;
  // Names of the tasks this one waits for.
  std::vector<std::string> after;
  // When it runs once those end (Airflow's trigger_rule; sim/dag/trigger_rule.h).
  TriggerRule trigger_rule = TriggerRule::kAllSuccess;
  // Airflow pools (sim/dag/dag_pools.h): the pool whose slots an attempt holds while queued or
  // running ("" = none, or "default_pool" where the scenario declares one), how many, and
  // the priority among attempts waiting for them.
  std::string pool;
  std::uint32_t pool_slots = 1;
  std::int64_t priority_weight = 1;
  WeightRule weight_rule = WeightRule::kDownstream;
};

}  // namespace ringsim
