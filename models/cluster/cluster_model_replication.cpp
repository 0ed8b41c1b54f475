// ClusterModel: timeline set_replication_factor. A new factor changes every key's (or
// shard's) placement target to the first `factor` nodes the placement names, then replans
// like a membership change: a raise migrates the missing copies (migration DAGs), a lower
// drops the copies outside the new target once the target holds the key. Because the
// survivors are the placement's own first choices, they stay spread across nodes as
// evenly as the placement spreads primaries (not, say, all on the lowest node id).
#include <algorithm>
#include <string>

#include "models/cluster/cluster_model.h"

namespace ringsim {

void ClusterModel::set_replication_factor(Simulator& simulator, const TimelineAction& action) {
  const std::uint32_t before = config_.replication.factor;
  config_.replication.factor = action.replication_factor;
  // The writes' quorum cannot exceed the copies; a given quorum replaces the current one.
  config_.replication.write_quorum =
      action.write_quorum > 0 ? action.write_quorum
                              : std::min(config_.replication.write_quorum, action.replication_factor);
  const auto members = static_cast<std::uint32_t>(placement_->members().size());
  const ChangeId change = open_change(simulator.now_ns(),
                                      "set_replication_factor " + std::to_string(before) + "->" +
                                          std::to_string(action.replication_factor),
                                      "", 0, members);
  replan(simulator, change);
}

}  // namespace ringsim
