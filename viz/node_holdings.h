// What a node holds, as a viewer must see it. A crash destroys a node's data at once, but
// the model's replica map (ReplicaMap::keys_on / bytes_on, and the `node.<id>.keys` gauge
// sampled from it) keeps listing the crashed node as a holder until the failure detector
// declares it dead: that is the cluster's belief, which routing uses until then
// (models/cluster/membership.cpp: crash_node marks keys lost but leaves holders; declare_dead
// drops the copies). The GUI shows the data as gone from the crash on.
#pragma once

#include <cstdint>

#include "models/cluster/cluster_model.h"

namespace ringsim::viz {

inline bool data_destroyed(const Node& node) { return node.state == NodeState::kFailed; }

inline std::uint64_t keys_held(const ClusterModel& model, const Node& node) {
  return data_destroyed(node) ? 0 : model.replicas().keys_on(node.id);
}

inline double bytes_held(const ClusterModel& model, const Node& node) {
  return data_destroyed(node) ? 0 : model.replicas().bytes_on(node.id);
}

}  // namespace ringsim::viz
