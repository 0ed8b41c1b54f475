// DagExecutor's Airflow pools (sim/dag/dag_pools.h): which pool each task uses, admission of
// waiting attempts as slots open, and the release of slots as attempts end.
#include "sim/assert.h"
#include "sim/dag/dag_executor.h"

namespace ringsim {

void DagExecutor::set_pools(std::vector<DagPoolSpec> pools) {
  RINGSIM_ASSERT(runs_.empty());
  pools_.clear();
  for (DagPoolSpec& pool : pools) {
    RINGSIM_ASSERT(pool.slots > 0);
    pools_.emplace_back(std::move(pool));
  }
  admission_pending_.assign(pools_.size(), false);
}

const DagExecutor::PoolAssignment* DagExecutor::pool_assignment(const DagSpec& spec) {
  if (const auto found = pool_assignment_by_spec_.find(&spec); found != pool_assignment_by_spec_.end()) {
    return found->second;
  }
  std::uint32_t default_pool = kUnpooled;
  for (std::uint32_t pool = 0; pool < pools_.size(); ++pool) {
    if (pools_[pool].spec().name == "default_pool") default_pool = pool;
  }
  PoolAssignment& assignment = pool_assignments_.emplace_back();
  assignment.pool_of_task.assign(spec.size(), kUnpooled);
  bool any = false;
  for (TaskIndex task = 0; task < spec.size(); ++task) {
    const std::string& name = spec.task(task).pool;
    std::uint32_t pool = name.empty() ? default_pool : kUnpooled;
    for (std::uint32_t candidate = 0; candidate < pools_.size() && !name.empty(); ++candidate) {
      if (pools_[candidate].spec().name == name) pool = candidate;
    }
    RINGSIM_ASSERT(pool == kUnpooled || spec.task(task).pool_slots <= pools_[pool].spec().slots);
    assignment.pool_of_task[task] = pool;
    any = any || pool != kUnpooled;
  }
  // Weights matter only for tasks that wait in a pool; a DAG with none skips the sums.
  if (any) assignment.priority_of_task = effective_priority_weights(spec);
  pool_assignment_by_spec_.emplace(&spec, &assignment);
  return &assignment;
}

std::uint32_t DagExecutor::pool_of(DagRunId id, TaskIndex task) const {
  const PoolAssignment* assignment = run_pool_assignment_[id];
  return assignment == nullptr ? kUnpooled : assignment->pool_of_task[task];
}

void DagExecutor::request_admission(Simulator& simulator, std::uint32_t pool) {
  if (admission_pending_[pool]) return;
  admission_pending_[pool] = true;
  simulator.schedule_after(0, handler_id_, kPoolAdmit, pool, 0);
}

void DagExecutor::admit_waiting(Simulator& simulator, std::uint32_t pool) {
  RINGSIM_ASSERT(pool < pools_.size());
  admission_pending_[pool] = false;
  for (const DagPoolQueue::Waiting& admitted : pools_[pool].admit()) {
    TaskProgress& progress = progress_[admitted.run][admitted.task];
    progress.holds_slots = true;
    if (pool_wait_observer_) pool_wait_observer_(pool, simulator.now_ns() - progress.pool_wait_since_ns, simulator.now_ns());
    send(simulator, admitted.run, admitted.task, admitted.attempt);
  }
}

void DagExecutor::release_slots(Simulator& simulator, DagRunId id, TaskIndex task) {
  TaskProgress& progress = progress_[id][task];
  if (!progress.holds_slots) return;
  progress.holds_slots = false;
  const std::uint32_t pool = pool_of(id, task);
  pools_[pool].release(runs_[id].spec->task(task).pool_slots);
  request_admission(simulator, pool);
}

}  // namespace ringsim
