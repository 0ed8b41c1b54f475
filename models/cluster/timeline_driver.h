// The scenario's timeline (workloads/timeline.h): each action at its time
// (kTimelineAction) — add, remove, fail or recover nodes (through Membership), slow a
// node, partition nodes off, change the arrival rate, make keys hot — and, for actions
// with a duration, their end (kActionEnd), which undoes slow nodes, partitions and hot
// keys. Actions that move no data are noted in the changes log as they happen.
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
  TimelineDriver(ClusterCore& core, std::vector<TimelineAction> timeline)
      : core_(core), timeline_(std::move(timeline)) {}

  void start(Simulator& simulator);
  void on_action(Simulator& simulator, std::size_t index);
  void on_action_end(Simulator& simulator, std::size_t index);

 private:
  // set_replication_factor: the new factor for every key, then a replan.
  void set_replication_factor(Simulator& simulator, const TimelineAction& action);
  // move_shard / replicate_shard on the shard balancer's table, then a replan.
  void operate_shard(Simulator& simulator, const TimelineAction& action);

  ClusterCore& core_;
  std::vector<TimelineAction> timeline_;
};

}  // namespace ringsim
