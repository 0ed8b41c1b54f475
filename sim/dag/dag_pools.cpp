#include "sim/dag/dag_pools.h"

#include <algorithm>
#include <tuple>

#include "sim/assert.h"
#include "sim/dag/dag.h"

namespace ringsim {
namespace {

constexpr std::int64_t kWeightSumLimit = std::int64_t{1} << 62;

// Sets of tasks as bit rows, one row per task: row v holds the tasks reachable from v.
class Reach {
 public:
  explicit Reach(std::size_t tasks) : words_((tasks + 63) / 64), bits_(tasks * words_, 0) {}
  void add(std::size_t row, std::size_t task) { bits_[row * words_ + task / 64] |= std::uint64_t{1} << (task % 64); }
  void merge(std::size_t row, std::size_t from) {
    for (std::size_t w = 0; w < words_; ++w) bits_[row * words_ + w] |= bits_[from * words_ + w];
  }
  std::int64_t weight_sum(std::size_t row, const DagSpec& spec) const {
    std::int64_t sum = 0;
    for (std::size_t w = 0; w < words_; ++w) {
      for (std::uint64_t word = bits_[row * words_ + w]; word != 0; word &= word - 1) {
        const std::size_t task = w * 64 + static_cast<std::size_t>(__builtin_ctzll(word));
        sum = std::clamp(sum + spec.task(static_cast<TaskIndex>(task)).priority_weight, -kWeightSumLimit,
                         kWeightSumLimit);
      }
    }
    return sum;
  }

 private:
  std::size_t words_;
  std::vector<std::uint64_t> bits_;
};

// Row v: every task downstream of v (`downstream`) or upstream of it (otherwise).
Reach reachable(const DagSpec& spec, bool downstream) {
  Reach reach(spec.size());
  const std::vector<TaskIndex>& order = spec.topological_order();
  auto visit = [&](TaskIndex task) {
    const std::vector<TaskIndex>& next = downstream ? spec.successors(task) : spec.predecessors(task);
    for (const TaskIndex other : next) {
      reach.add(task, other);
      reach.merge(task, other);
    }
  };
  // Downstream sets are complete once every successor's is: walk against the order.
  if (downstream) {
    std::for_each(order.rbegin(), order.rend(), visit);
  } else {
    std::for_each(order.begin(), order.end(), visit);
  }
  return reach;
}

}  // namespace

std::optional<WeightRule> weight_rule_from_name(std::string_view name) {
  if (name == "downstream") return WeightRule::kDownstream;
  if (name == "upstream") return WeightRule::kUpstream;
  if (name == "absolute") return WeightRule::kAbsolute;
  return std::nullopt;
}

const char* weight_rule_name(WeightRule rule) {
  switch (rule) {
    case WeightRule::kDownstream:
      return "downstream";
    case WeightRule::kUpstream:
      return "upstream";
    case WeightRule::kAbsolute:
      return "absolute";
  }
  return "?";
}

std::vector<std::int64_t> effective_priority_weights(const DagSpec& spec) {
  bool any_downstream = false;
  bool any_upstream = false;
  for (const DagTask& task : spec.tasks()) {
    any_downstream = any_downstream || task.weight_rule == WeightRule::kDownstream;
    any_upstream = any_upstream || task.weight_rule == WeightRule::kUpstream;
  }
  const std::optional<Reach> down = any_downstream ? std::optional<Reach>(reachable(spec, true)) : std::nullopt;
  const std::optional<Reach> up = any_upstream ? std::optional<Reach>(reachable(spec, false)) : std::nullopt;
  std::vector<std::int64_t> weights(spec.size());
  for (TaskIndex task = 0; task < spec.size(); ++task) {
    const DagTask& spec_task = spec.task(task);
    std::int64_t relatives = 0;
    if (spec_task.weight_rule == WeightRule::kDownstream) relatives = down->weight_sum(task, spec);
    if (spec_task.weight_rule == WeightRule::kUpstream) relatives = up->weight_sum(task, spec);
    weights[task] = std::clamp(spec_task.priority_weight + relatives, -kWeightSumLimit, kWeightSumLimit);
  }
  return weights;
}

bool DagPoolQueue::Waiting::operator<(const Waiting& other) const {
  return std::tuple(-priority, run, task, attempt) < std::tuple(-other.priority, other.run, other.task, other.attempt);
}

std::vector<DagPoolQueue::Waiting> DagPoolQueue::admit() {
  std::vector<Waiting> admitted;
  for (auto it = waiting_.begin(); it != waiting_.end() && open_slots() > 0;) {
    if (it->slots > open_slots()) {
      ++it;  // Passed over: a lower-priority attempt that fits may go first.
      continue;
    }
    occupied_ += it->slots;
    admitted.push_back(*it);
    it = waiting_.erase(it);
  }
  return admitted;
}

void DagPoolQueue::release(std::uint32_t slots) {
  RINGSIM_ASSERT(slots <= occupied_);
  occupied_ -= slots;
}

}  // namespace ringsim
