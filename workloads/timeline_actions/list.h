// The registered timeline actions, one line each. X(factory) names the function
// `std::unique_ptr<TimelineAction> timeline_actions::factory()` that
// workloads/timeline_actions/<factory>.cpp defines; the action's "action" name is what its
// name() returns. The order is the order of the names in error messages.
#pragma once

#include <memory>

#include "workloads/timeline.h"

#define RINGSIM_TIMELINE_ACTIONS(X) \
  X(add_node)                       \
  X(remove_node)                    \
  X(fail_node)                      \
  X(recover_node)                   \
  X(slow_node)                      \
  X(partition)                      \
  X(set_rate)                       \
  X(hot_key)                        \
  X(set_replication_factor)         \
  X(move_shard)                     \
  X(replicate_shard)

namespace ringsim::timeline_actions {
#define RINGSIM_DECLARE_TIMELINE_ACTION(factory) std::unique_ptr<TimelineAction> factory();
RINGSIM_TIMELINE_ACTIONS(RINGSIM_DECLARE_TIMELINE_ACTION)
#undef RINGSIM_DECLARE_TIMELINE_ACTION
}  // namespace ringsim::timeline_actions
