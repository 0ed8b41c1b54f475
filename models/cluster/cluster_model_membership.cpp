// ClusterModel: membership changes, failure detection, migration planning and replica
// accounting.
#include <algorithm>
#include <map>
#include <utility>

#include "sim/assert.h"
#include "models/cluster/cluster_model.h"

namespace ringsim {

NodeId ClusterModel::create_node(TimeNs now_ns) {
  RINGSIM_ASSERT(nodes_.size() < kNodesMax);
  Node node;
  node.id = static_cast<NodeId>(nodes_.size());
  node.station = Station(config_.node.cores, config_.node.queue_capacity);
  node.created_ns = now_ns;
  const std::string prefix = "node." + std::to_string(node.id) + ".";
  node_utilization_gauges_.push_back(metrics_.register_gauge(prefix + "utilization"));
  node_queue_gauges_.push_back(metrics_.register_gauge(prefix + "queue_length"));
  node_keys_gauges_.push_back(metrics_.register_gauge(prefix + "keys"));
  nodes_.push_back(node);
  return node.id;
}

std::uint32_t ClusterModel::desired_replicas() const {
  const std::size_t members = placement_->members().size();
  return members < config_.replication.factor ? static_cast<std::uint32_t>(members) : config_.replication.factor;
}

double ClusterModel::total_desired_replicas() const {
  return static_cast<double>(replicas_.key_count() - replicas_.lost_count()) * desired_replicas();
}

void ClusterModel::refresh_key(KeyId key) {
  const bool under = !replicas_.lost(key) &&
                     static_cast<std::uint32_t>((replicas_.holders(key) & alive_).size()) < desired_replicas();
  if (under == (under_replicated_[key] != 0)) return;
  under_replicated_[key] = under ? 1 : 0;
  set_under_replicated_count(under ? under_replicated_count_ + 1 : under_replicated_count_ - 1,
                             simulator_->now_ns());
}

void ClusterModel::refresh_all() {
  std::uint64_t count = 0;
  const std::uint32_t desired = desired_replicas();
  for (KeyId key = 0; key < replicas_.key_count(); ++key) {
    const bool under = !replicas_.lost(key) &&
                       static_cast<std::uint32_t>((replicas_.holders(key) & alive_).size()) < desired;
    under_replicated_[key] = under ? 1 : 0;
    count += under ? 1 : 0;
  }
  set_under_replicated_count(count, simulator_ != nullptr ? simulator_->now_ns() : 0);
}

void ClusterModel::set_under_replicated_count(std::uint64_t count, TimeNs now_ns) {
  if (under_replicated_count_ == 0 && count > 0) under_replicated_since_ns_ = now_ns;
  if (under_replicated_count_ > 0 && count == 0) {
    under_replicated_total_ns_ += now_ns - under_replicated_since_ns_;
    for (const ChangeId change : changes_awaiting_full_replication_) changes_[change].fully_replicated_ns = now_ns;
    changes_awaiting_full_replication_.clear();
  }
  under_replicated_count_ = count;
  under_replicated_max_ = std::max(under_replicated_max_, count);
}

ChangeId ClusterModel::open_change(TimeNs now_ns, std::string action, std::string subject, double keys_moved_ideal,
                                   std::uint32_t members_before) {
  ChangeRecord change;
  change.id = static_cast<ChangeId>(changes_.size());
  change.at_ns = now_ns;
  change.action = std::move(action);
  change.subject = std::move(subject);
  change.members_before = members_before;
  change.members_after = static_cast<std::uint32_t>(placement_->members().size());
  change.keys_moved_ideal = keys_moved_ideal;
  changes_.push_back(change);
  return change.id;
}

void ClusterModel::replan(Simulator& simulator, ChangeId change_id) {
  assign_targets();
  // Copies to make, grouped by (source, target) so each pair migrates as one range.
  std::map<std::pair<NodeId, NodeId>, std::vector<KeyId>> copies;
  NodeSet receivers;
  for (const Node& node : nodes_) {
    if (node.state == NodeState::kUp && believed_up_.contains(node.id)) receivers.insert(node.id);
  }
  for (KeyId key = 0; key < replicas_.key_count(); ++key) {
    if (replicas_.lost(key)) continue;
    const NodeSet sources = replicas_.holders(key) & alive_ & believed_up_;
    if (sources.empty()) continue;
    for (const NodeId target : replicas_.target(key)) {
      if (replicas_.holders(key).contains(target) || replicas_.incoming(key).contains(target)) continue;
      if (!receivers.contains(target)) continue;
      // Spread the sending work over the live copies; a shard's keys share one source so
      // the shard arrives whole in one transfer.
      const KeyId unit = replicas_.unit_of(key);
      const NodeId source = sources.nth(static_cast<int>(unit % static_cast<KeyId>(sources.size())));
      copies[{source, target}].push_back(key);
      replicas_.add_incoming(key, target);
    }
    settle_key(key);
  }
  for (auto& [pair, keys] : copies) start_range(simulator, change_id, pair.first, pair.second, std::move(keys));
  ChangeRecord& change = changes_[change_id];
  if (change.transfers_open == 0) change.completed_ns = simulator.now_ns();
  refresh_all();
  if (under_replicated_count_ > 0) {
    changes_awaiting_full_replication_.push_back(change_id);
  } else {
    change.fully_replicated_ns = simulator.now_ns();
  }
  for (const Node& node : nodes_) maybe_finish_drain(node.id, simulator.now_ns());
#ifdef RINGSIM_EXPENSIVE_CHECKS
  check_invariants();
#endif
}

void ClusterModel::settle_key(KeyId key) {
  // Old copies are dropped only once every replica the placement wants holds the key on
  // a live node: never leave a key with fewer copies than before the handoff.
  const ReplicaList& target = replicas_.target(key);
  if (target.count == 0) return;
  for (const NodeId node : target) {
    if (!replicas_.holders(key).contains(node) || !alive_.contains(node)) return;
  }
  const NodeSet extra = replicas_.holders(key).without([&] {
    NodeSet set;
    for (const NodeId node : target) set.insert(node);
    return set;
  }());
  extra.for_each([&](NodeId node) { drop_copy(key, node); });
}

void ClusterModel::maybe_finish_drain(NodeId node_id, TimeNs now_ns) {
  Node& node = nodes_[node_id];
  if (node.state != NodeState::kDraining) return;
  if (replicas_.keys_on(node_id) > 0 || migrator_->has_outgoing(node_id)) return;
  node.state = NodeState::kLeft;
  believed_up_.erase(node_id);
  alive_.erase(node_id);
  (void)now_ns;
  // Ranges still streaming into it (it was joining when its drain began) can never land.
  if (simulator_ != nullptr) abort_ranges_involving(*simulator_, node_id);
}

void ClusterModel::boot_node(Simulator& simulator, NodeId node_id) {
  Node& node = nodes_[node_id];
  node.state = NodeState::kBooting;
  end_process(node_id);
  node.slow_factor = 1.0;
  simulator.schedule_after(config_.node.boot_ns, handler_id_, kNodeBooted, node_id, node.incarnation);
}

void ClusterModel::on_node_booted(Simulator& simulator, NodeId node_id, std::uint32_t incarnation) {
  Node& node = nodes_[node_id];
  if (node.incarnation != incarnation || node.state != NodeState::kBooting) return;
  if (!network_.reachable(node_id, kOutsideNode)) {
    // Still cut off: try again once the partition may have healed.
    simulator.schedule_after(config_.node.boot_ns, handler_id_, kNodeBooted, node_id, node.incarnation);
    return;
  }
  node.state = NodeState::kUp;
  alive_.insert(node_id);
  believed_up_.insert(node_id);
  last_heartbeat_ns_[node_id] = simulator.now_ns();
  simulator.schedule_after(config_.failure_detection.heartbeat_ns, handler_id_, kHeartbeat, node_id,
                           node.incarnation);
  if (!node.holds_data) return;  // A compute node is up; it never joins the placement.
  pending_joins_.push_back(node_id);
  if (!join_batch_scheduled_) {
    // Nodes that finish booting at the same instant join in one placement change.
    simulator.schedule_after(0, handler_id_, kJoinBatch);
    join_batch_scheduled_ = true;
  }
}

void ClusterModel::on_join_batch(Simulator& simulator) {
  join_batch_scheduled_ = false;
  const auto members_before = static_cast<std::uint32_t>(placement_->members().size());
  std::string names;
  for (const NodeId node : pending_joins_) {
    placement_->add_member(node);
    append_to_list(names, std::to_string(node));
  }
  const double joined = static_cast<double>(pending_joins_.size());
  pending_joins_.clear();
  // A join must hand the newcomers their fair share of every replica, and no more.
  const double ideal = total_desired_replicas() * joined / static_cast<double>(placement_->members().size());
  replan(simulator, open_change(simulator.now_ns(), "join", names, ideal, members_before));
}

void ClusterModel::begin_remove(Simulator& simulator, NodeId node_id) {
  Node& node = nodes_[node_id];
  if (node.state != NodeState::kUp || (node.holds_data && placement_->members().size() <= 1)) {
    open_change(simulator.now_ns(), "remove_node (skipped: node not up or last member)", std::to_string(node_id),
                0, static_cast<std::uint32_t>(placement_->members().size()));
    return;
  }
  const auto members_before = static_cast<std::uint32_t>(placement_->members().size());
  if (!node.holds_data) {
    // Nothing to hand off: a compute node leaves at once (its DAG attempts are lost).
    node.state = NodeState::kLeft;
    end_process(node_id);
    believed_up_.erase(node_id);
    alive_.erase(node_id);
    open_change(simulator.now_ns(), "remove_node", std::to_string(node_id), 0, members_before);
    return;
  }
  node.state = NodeState::kDraining;
  placement_->remove_member(node_id);
  // The leaving node's copies must move; nothing else has to.
  const double ideal = static_cast<double>(replicas_.keys_on(node_id));
  replan(simulator, open_change(simulator.now_ns(), "remove_node", std::to_string(node_id), ideal, members_before));
}

void ClusterModel::crash_node(Simulator& simulator, NodeId node_id) {
  Node& node = nodes_[node_id];
  const auto members = static_cast<std::uint32_t>(placement_->members().size());
  if (!node.running()) {
    open_change(simulator.now_ns(), "fail_node (skipped: not running)", std::to_string(node_id), 0, members);
    return;
  }
  node.state = NodeState::kFailed;
  end_process(node_id);
  alive_.erase(node_id);
  abort_ranges_involving(simulator, node_id);
  // Its copies are destroyed with it; a key with no copy left anywhere is lost.
  for (KeyId key = 0; key < replicas_.key_count(); ++key) {
    if (replicas_.lost(key) || !replicas_.holders(key).contains(node_id)) continue;
    if ((replicas_.holders(key) & alive_).empty()) replicas_.mark_lost(key);
  }
  // Transfers that were streaming from it restart from surviving copies.
  replan(simulator, open_change(simulator.now_ns(), "fail_node", std::to_string(node_id), 0, members));
}

void ClusterModel::declare_dead(Simulator& simulator, NodeId node_id) {
  Node& node = nodes_[node_id];
  const auto members_before = static_cast<std::uint32_t>(placement_->members().size());
  believed_up_.erase(node_id);
  if (node.running()) {
    // Declared dead while running (cut off by a partition): fenced, its data discarded.
    node.state = NodeState::kFenced;
    end_process(node_id);
    alive_.erase(node_id);
  }
  abort_ranges_involving(simulator, node_id);
  double copies_to_restore = 0;
  for (KeyId key = 0; key < replicas_.key_count(); ++key) {
    replicas_.remove_incoming(key, node_id);
    if (replicas_.lost(key) || !replicas_.holders(key).contains(node_id)) continue;
    drop_copy(key, node_id);
    if ((replicas_.holders(key) & alive_).empty()) {
      replicas_.mark_lost(key);
    } else {
      copies_to_restore += 1;
    }
  }
  if (std::find(placement_->members().begin(), placement_->members().end(), node_id) !=
      placement_->members().end()) {
    placement_->remove_member(node_id);
  }
  replan(simulator,
         open_change(simulator.now_ns(), "declared_dead", std::to_string(node_id), copies_to_restore, members_before));
}

void ClusterModel::recover_node(Simulator& simulator, NodeId node_id) {
  Node& node = nodes_[node_id];
  if (node.state != NodeState::kFailed) {
    open_change(simulator.now_ns(), "recover_node (skipped: not failed)", std::to_string(node_id), 0,
                static_cast<std::uint32_t>(placement_->members().size()));
    return;
  }
  // A restarted process re-registers with a new incarnation, so the cluster learns of
  // the crash now if the detector has not declared it yet.
  if (believed_up_.contains(node_id)) declare_dead(simulator, node_id);
  boot_node(simulator, node_id);
}

void ClusterModel::on_heartbeat(Simulator& simulator, NodeId node_id, std::uint32_t incarnation) {
  const Node& node = nodes_[node_id];
  if (node.incarnation != incarnation || !node.running()) return;  // Stops with the process.
  if (network_.reachable(node_id, kOutsideNode)) last_heartbeat_ns_[node_id] = simulator.now_ns();
  simulator.schedule_after(config_.failure_detection.heartbeat_ns, handler_id_, kHeartbeat, node_id, incarnation);
}

void ClusterModel::on_detector_check(Simulator& simulator) {
  const NodeSet suspects = believed_up_;
  suspects.for_each([&](NodeId node_id) {
    if (simulator.now_ns() - last_heartbeat_ns_[node_id] > config_.failure_detection.failure_timeout_ns) {
      declare_dead(simulator, node_id);
    }
  });
  simulator.schedule_after(config_.failure_detection.heartbeat_ns, handler_id_, kDetectorCheck);
}

}  // namespace ringsim

namespace ringsim {

void ClusterModel::end_process(NodeId node) {
  // A new incarnation: events addressed to the old process are ignored from now on, and
  // its queue, cores, indexes, queued migration work, DAG attempts and writes on their way
  // die with it.
  nodes_[node].incarnation += 1;
  nodes_[node].station = Station(config_.node.cores, config_.node.queue_capacity);
  nodes_[node].window_busy_core_ns = 0;
  if (simulator_ != nullptr) lose_dag_jobs(*simulator_, node);
  node_shards_[node].clear();
  apply_queue_ns_[node].clear();
  pending_writes_.erase(pending_writes_.lower_bound({node, 0}),
                        pending_writes_.lower_bound({static_cast<NodeId>(node + 1), 0}));
  log_index_op({IndexOp::Kind::kDestroyNode, node, 0, 0, 0, 0, 0}, nullptr);
}

}  // namespace ringsim
