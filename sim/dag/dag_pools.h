// Airflow pools and priority weights: a pool of `slots` limits how many task attempts may be
// queued or running at once; each attempt takes its task's `pool_slots`; attempts waiting for
// slots are admitted by priority. Sources (Apache Airflow 2.x):
// - docs "Pools": a task occupies `pool_slots` slots (default 1) of its pool while queued or
//   running; "once capacity is reached, runnable tasks get queued ... As slots free up, queued
//   tasks start running based on the Priority Weights of the task and its descendants".
// - airflow/jobs/scheduler_job.py `_executable_task_instances_to_queued`: per pool, waiting
//   task instances sorted by (-priority_weight, execution_date); stop when no slot is open; a
//   task needing more slots than are open is passed over and lower-priority tasks that fit
//   are admitted ("we can execute tasks with lower priority if there's enough room").
// - docs "Priority Weights" and airflow/utils/weight_rule.py: the effective weight is the
//   task's own priority_weight plus, with weight_rule `downstream` (the default), that of every
//   task downstream of it (each counted once); `upstream`: of every task upstream; `absolute`:
//   its own only.
//
// ringsim's reading: a waiting attempt is a task instance ready to run (its trigger rule said
// run, or its retry's backoff elapsed); it holds its slots from admission until the attempt
// ends (completed, failed, timed out, lost or unplaceable); a retry waits for slots again.
// Ties in priority go to the earlier DAG run (Airflow's execution_date), then the lower task
// index, then the earlier attempt: the order depends on the definition only.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ringsim {

class DagSpec;

enum class WeightRule : std::uint8_t { kDownstream, kUpstream, kAbsolute };

// "downstream", "upstream", "absolute" (airflow/utils/weight_rule.py).
std::optional<WeightRule> weight_rule_from_name(std::string_view name);
const char* weight_rule_name(WeightRule rule);

// Each task's effective priority weight under its own weight_rule, by task index. Sums
// saturate at ±2^62 so no total overflows. O(tasks × (tasks + edges) / 64).
std::vector<std::int64_t> effective_priority_weights(const DagSpec& spec);

inline constexpr std::uint32_t kDagPoolSlotsMax = 1'000'000;
inline constexpr std::size_t kDagPoolsMax = 1'000;
inline constexpr std::int64_t kDagPriorityWeightMax = 1'000'000'000;

struct DagPoolSpec {
  std::string name;
  std::uint32_t slots = 0;  // 1 to kDagPoolSlotsMax.
};

// One pool's slots and its queue of waiting attempts. Plain data; the executor decides when
// to enqueue, admit and release.
class DagPoolQueue {
 public:
  struct Waiting {
    std::int64_t priority = 0;  // Effective priority weight: higher goes first.
    std::uint32_t run = 0;
    std::uint32_t task = 0;
    std::uint32_t attempt = 0;
    std::uint32_t slots = 1;
    bool operator<(const Waiting& other) const;  // Admission order.
  };

  explicit DagPoolQueue(DagPoolSpec spec) : spec_(std::move(spec)) {}

  void enqueue(const Waiting& waiting) { waiting_.insert(waiting); }
  // Admits waiting attempts in order while slots are open, passing over one that needs more
  // slots than are open (Airflow's scheduler loop). Returns them in admission order.
  std::vector<Waiting> admit();
  // An admitted attempt ended: its slots are open again.
  void release(std::uint32_t slots);

  const DagPoolSpec& spec() const { return spec_; }
  std::uint32_t open_slots() const { return spec_.slots - occupied_; }
  std::uint32_t occupied_slots() const { return occupied_; }
  std::size_t waiting() const { return waiting_.size(); }

 private:
  DagPoolSpec spec_;
  std::uint32_t occupied_ = 0;
  std::set<Waiting> waiting_;
};

}  // namespace ringsim
