#include "models/cluster/timeline_driver.h"

#include <string>

#include "models/cluster/change_planner.h"
#include "models/cluster/client_path.h"
#include "models/cluster/membership.h"

namespace ringsim {

namespace {

// TimelineTarget over the cluster's parts, for one action at `simulator`'s now.
class ClusterTimelineTarget final : public TimelineTarget {
 public:
  ClusterTimelineTarget(ClusterCore& core, Simulator& simulator) : core_(core), simulator_(simulator) {}

  NodeId add_node() override {
    Membership& membership = *core_.parts.membership;
    const NodeId node = membership.create_node(simulator_.now_ns());
    membership.boot_node(simulator_, node);
    return node;
  }
  void remove_node(NodeId node) override { core_.parts.membership->begin_remove(simulator_, node); }
  void fail_node(NodeId node) override { core_.parts.membership->crash_node(simulator_, node); }
  void recover_node(NodeId node) override { core_.parts.membership->recover_node(simulator_, node); }
  void set_slow_factor(NodeId node, double factor) override { core_.nodes[node].slow_factor = factor; }
  void isolate(const std::vector<NodeId>& nodes) override {
    NodeSet isolated = core_.network.partition();
    for (const NodeId node : nodes) isolated.insert(node);
    core_.network.set_partition(isolated);
  }
  void reconnect(const std::vector<NodeId>& nodes) override {
    NodeSet isolated = core_.network.partition();
    for (const NodeId node : nodes) isolated.erase(node);
    core_.network.set_partition(isolated);
    // Nodes fenced while cut off rejoin empty, like a replacement.
    for (const NodeId node : nodes) {
      if (core_.nodes[node].state == NodeState::kFenced && !isolated.contains(node)) {
        core_.parts.membership->boot_node(simulator_, node);
      }
    }
  }
  void set_rate(double rate_qps) override { core_.parts.client->arrivals().set_rate(rate_qps); }
  std::vector<KeyId> make_keys_hot(std::uint32_t count, double share) override {
    PointWorkload& workload = core_.parts.client->workload();
    std::vector<KeyId> keys = workload.pick_hot_keys(count);
    workload.set_hot_keys(keys, share);
    return keys;
  }
  void clear_hot_keys() override { core_.parts.client->workload().clear_hot_keys(); }
  std::uint32_t replication_factor() const override { return core_.config.replication.factor; }
  std::uint32_t write_quorum() const override { return core_.config.replication.write_quorum; }
  void set_replication(std::uint32_t factor, std::uint32_t write_quorum) override {
    core_.config.replication.factor = factor;
    core_.config.replication.write_quorum = write_quorum;
  }
  bool move_shard_replica(std::uint32_t shard, NodeId from, NodeId to) override {
    return core_.placement->move_replica(shard, from, to);
  }
  bool add_shard_replica(std::uint32_t shard, NodeId from, NodeId to) override {
    return core_.placement->add_replica(shard, from, to);
  }
  double live_keys_of_shard(std::uint32_t shard) const override {
    double keys = 0;
    for (KeyId key = 0; key < core_.replicas.key_count(); ++key) {
      keys += core_.replicas.unit_of(key) == shard && !core_.replicas.lost(key) ? 1 : 0;
    }
    return keys;
  }
  void note_change(const std::string& label, const std::string& subject) override {
    core_.parts.planner->note_change(simulator_.now_ns(), ChangeKind::kTimelineAction, label, subject);
  }
  void log_change(const std::string& label, const std::string& subject) override {
    core_.parts.planner->open_change(simulator_.now_ns(), ChangeKind::kTimelineAction, label, subject, 0,
                                     core_.members());
  }
  void replan(const std::string& label, const std::string& subject, double keys_moved_ideal,
              std::optional<double> shards_moved_ideal) override {
    ChangePlanner& planner = *core_.parts.planner;
    const ChangeId change = planner.open_change(simulator_.now_ns(), ChangeKind::kTimelineAction, label, subject,
                                                keys_moved_ideal, core_.members());
    if (shards_moved_ideal) planner.change(change).shards_moved_ideal = *shards_moved_ideal;
    planner.replan(simulator_, change);
  }

 private:
  ClusterCore& core_;
  Simulator& simulator_;
};

// The action as an instant: its name, on its first node, with its nodes and parameters.
void report_action(ActivityObserver& activity, TimeNs now_ns, const TimelineAction& action) {
  std::string detail;
  for (const NodeId node : action.nodes) append_to_list(detail, "node " + std::to_string(node));
  const std::string parameters = action.detail();
  if (!parameters.empty()) append_to_list(detail, parameters);
  const std::uint32_t node = action.nodes.empty() ? kNoActivityNode : action.nodes[0];
  activity.instant(now_ns, "timeline", action.name(), node, detail);
}

}  // namespace

void TimelineDriver::start(Simulator& simulator) {
  (void)simulator;
  for (std::size_t index = 0; index < timeline_.size(); ++index) {
    core_.schedule_at(timeline_[index]->at_ns, kTimelineAction, index);
  }
}

void TimelineDriver::on_action(Simulator& simulator, std::size_t index) {
  const TimelineAction& action = *timeline_[index];
  if (ActivityObserver* activity = simulator.activity()) report_action(*activity, simulator.now_ns(), action);
  ClusterTimelineTarget target(core_, simulator);
  action.apply(target);
  if (action.duration_ns > 0) core_.schedule_after(action.duration_ns, kActionEnd, index);
}

void TimelineDriver::on_action_end(Simulator& simulator, std::size_t index) {
  ClusterTimelineTarget target(core_, simulator);
  timeline_[index]->end(target);
}

}  // namespace ringsim
