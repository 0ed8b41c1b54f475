// The scenario's timeline (workloads/timeline.h): each action at its time
// (kTimelineAction) and, for actions with a duration, their end (kActionEnd). The actions
// act through TimelineTarget, which this driver implements over the cluster's parts
// (membership, network, client, planner, placement); the driver itself knows no action.
//
// Events owned: kTimelineAction, kActionEnd. State owned: the timeline.
#pragma once

#include <cstddef>
#include <vector>

#include "models/cluster/cluster_core.h"
#include "workloads/timeline.h"

namespace ringsim {

class TimelineDriver {
 public:
  TimelineDriver(ClusterCore& core, std::vector<TimelineActionPtr> timeline)
      : core_(core), timeline_(std::move(timeline)) {}

  void start(Simulator& simulator);
  void on_action(Simulator& simulator, std::size_t index);
  void on_action_end(Simulator& simulator, std::size_t index);

 private:
  ClusterCore& core_;
  std::vector<TimelineActionPtr> timeline_;
};

}  // namespace ringsim
