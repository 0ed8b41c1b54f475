#include "models/cluster/timeline_driver.h"

#include <algorithm>
#include <sstream>
#include <string>

#include "models/cluster/change_planner.h"
#include "models/cluster/client_path.h"
#include "models/cluster/membership.h"
#include "cluster/placement/shard_balancer_placement.h"
#include "sim/assert.h"

namespace ringsim {

namespace {
std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}
// The action as an instant: its kind, on its first node, with its nodes and parameters.
void report_action(ActivityObserver& activity, TimeNs now_ns, const TimelineAction& action) {
  std::string detail;
  for (const NodeId node : action.nodes) append_to_list(detail, "node " + std::to_string(node));
  using Kind = TimelineAction::Kind;
  if (action.kind == Kind::kAddNode || action.kind == Kind::kHotKey) append_to_list(detail, "count " + std::to_string(action.count));
  if (action.kind == Kind::kSlowNode) append_to_list(detail, "factor " + format_number(action.factor));
  if (action.kind == Kind::kSetRate) append_to_list(detail, format_number(action.rate_qps) + " qps");
  if (action.kind == Kind::kHotKey) append_to_list(detail, "share " + format_number(action.share));
  const std::uint32_t node = action.nodes.empty() ? kNoActivityNode : action.nodes[0];
  activity.instant(now_ns, "timeline", timeline_action_name(action.kind), node, detail);
}

}  // namespace

void TimelineDriver::start(Simulator& simulator) {
  (void)simulator;
  for (std::size_t index = 0; index < timeline_.size(); ++index) {
    core_.schedule_at(timeline_[index].at_ns, kTimelineAction, index);
  }
}

void TimelineDriver::on_action(Simulator& simulator, std::size_t index) {
  const TimelineAction& action = timeline_[index];
  Membership& membership = *core_.parts.membership;
  ChangePlanner& planner = *core_.parts.planner;
  const TimeNs now_ns = simulator.now_ns();
  if (ActivityObserver* activity = simulator.activity()) report_action(*activity, now_ns, action);
  using Kind = TimelineAction::Kind;
  switch (action.kind) {
    case Kind::kAddNode:
      for (std::uint32_t i = 0; i < action.count; ++i) membership.boot_node(simulator, membership.create_node(now_ns));
      return;
    case Kind::kRemoveNode:
      membership.begin_remove(simulator, action.nodes[0]);
      return;
    case Kind::kFailNode:
      membership.crash_node(simulator, action.nodes[0]);
      return;
    case Kind::kRecoverNode:
      membership.recover_node(simulator, action.nodes[0]);
      return;
    case Kind::kSlowNode:
      core_.nodes[action.nodes[0]].slow_factor = action.factor;
      planner.note_change(now_ns, "slow_node x" + format_number(action.factor), std::to_string(action.nodes[0]));
      break;
    case Kind::kPartition: {
      NodeSet isolated = core_.network.partition();
      std::string names;
      for (const NodeId node : action.nodes) {
        isolated.insert(node);
        append_to_list(names, std::to_string(node));
      }
      core_.network.set_partition(isolated);
      planner.note_change(now_ns, "partition", names);
      break;
    }
    case Kind::kSetRate:
      core_.parts.client->arrivals().set_rate(action.rate_qps);
      planner.note_change(now_ns, "set_rate " + format_number(action.rate_qps) + " qps", "");
      return;
    case Kind::kSetReplicationFactor:
      set_replication_factor(simulator, action);
      return;
    case Kind::kMoveShard:
    case Kind::kReplicateShard:
      operate_shard(simulator, action);
      return;
    case Kind::kHotKey: {
      PointWorkload& workload = core_.parts.client->workload();
      const std::vector<KeyId> keys = workload.pick_hot_keys(action.count);
      std::string names;
      for (const KeyId key : keys) append_to_list(names, "key " + std::to_string(key));
      workload.set_hot_keys(keys, action.share);
      planner.note_change(now_ns, "hot_key " + format_number(100 * action.share) + "%", names);
      break;
    }
  }
  core_.schedule_after(action.duration_ns, kActionEnd, index);
}

void TimelineDriver::on_action_end(Simulator& simulator, std::size_t index) {
  const TimelineAction& action = timeline_[index];
  using Kind = TimelineAction::Kind;
  switch (action.kind) {
    case Kind::kSlowNode:
      core_.nodes[action.nodes[0]].slow_factor = 1.0;
      return;
    case Kind::kPartition: {
      NodeSet isolated = core_.network.partition();
      for (const NodeId node : action.nodes) isolated.erase(node);
      core_.network.set_partition(isolated);
      // Nodes fenced while cut off rejoin empty, like a replacement.
      for (const NodeId node : action.nodes) {
        if (core_.nodes[node].state == NodeState::kFenced && !isolated.contains(node)) {
          core_.parts.membership->boot_node(simulator, node);
        }
      }
      return;
    }
    case Kind::kHotKey:
      core_.parts.client->workload().clear_hot_keys();
      return;
    default:
      return;
  }
}

// A new factor changes every key's (or shard's) placement target to the first `factor`
// nodes the placement names, then replans like a membership change: a raise migrates the
// missing copies (migration DAGs), a lower drops the copies outside the new target once
// the target holds the key. Because the survivors are the placement's own first choices,
// they stay spread across nodes as evenly as the placement spreads primaries.
void TimelineDriver::set_replication_factor(Simulator& simulator, const TimelineAction& action) {
  ReplicationConfig& replication = core_.config.replication;
  const std::uint32_t before = replication.factor;
  replication.factor = action.replication_factor;
  // The writes' quorum cannot exceed the copies; a given quorum replaces the current one.
  replication.write_quorum =
      action.write_quorum > 0 ? action.write_quorum : std::min(replication.write_quorum, action.replication_factor);
  ChangePlanner& planner = *core_.parts.planner;
  const ChangeId change = planner.open_change(
      simulator.now_ns(), "set_replication_factor " + std::to_string(before) + "->" + std::to_string(action.replication_factor),
      "", 0, core_.members());
  planner.replan(simulator, change);
}

}  // namespace ringsim

namespace ringsim {

// move_shard / replicate_shard: an operator changes the balancer's table, then the change
// replans like any other; the copy streams from `from` as a migration DAG. Impossible
// requests (the source holds no replica, the target is not a member or already holds one)
// are logged as skipped and change nothing.
void TimelineDriver::operate_shard(Simulator& simulator, const TimelineAction& action) {
  auto* balancer = dynamic_cast<ShardBalancerPlacement*>(core_.placement.get());
  RINGSIM_ASSERT(balancer != nullptr);  // The scenario loader checks the strategy.
  const bool move = action.kind == TimelineAction::Kind::kMoveShard;
  const NodeId from = action.nodes[0];
  const NodeId to = action.nodes[1];
  const std::string name = move ? "move_shard" : "replicate_shard";
  const std::string subject =
      "shard " + std::to_string(action.shard) + ": " + std::to_string(from) + "->" + std::to_string(to);
  ChangePlanner& planner = *core_.parts.planner;
  const bool done = move ? balancer->move_replica(action.shard, from, to) : balancer->add_replica(action.shard, from, to);
  if (!done) {
    planner.open_change(simulator.now_ns(), name + " (skipped: source holds no replica, or target not a member or holds one)",
                        subject, 0, core_.members());
    return;
  }
  double keys = 0;
  for (KeyId key = 0; key < core_.replicas.key_count(); ++key) {
    keys += core_.replicas.unit_of(key) == action.shard && !core_.replicas.lost(key) ? 1 : 0;
  }
  const ChangeId change = planner.open_change(simulator.now_ns(), name, subject, keys, core_.members());
  planner.change(change).shards_moved_ideal = 1;
  planner.replan(simulator, change);
}

}  // namespace ringsim
