#include "models/cluster/membership.h"

#include <algorithm>
#include <string>

#include "models/cluster/change_planner.h"
#include "models/cluster/client_path.h"
#include "models/cluster/dag_station_jobs.h"
#include "models/cluster/migration_driver.h"
#include "models/cluster/shard_store.h"
#include "sim/assert.h"

namespace ringsim {

Membership::Membership(ClusterCore& core) : core_(core), last_heartbeat_ns_(kNodesMax, 0) {}

NodeId Membership::create_node(TimeNs now_ns) {
  RINGSIM_ASSERT(core_.nodes.size() < kNodesMax);
  Node node;
  node.id = static_cast<NodeId>(core_.nodes.size());
  node.station = Station(core_.config.node.cores, core_.config.node.queue_capacity);
  node.created_ns = now_ns;
  const std::string prefix = "node." + std::to_string(node.id) + ".";
  node_utilization_gauges_.push_back(core_.metrics.register_gauge(prefix + "utilization"));
  node_queue_gauges_.push_back(core_.metrics.register_gauge(prefix + "queue_length"));
  node_keys_gauges_.push_back(core_.metrics.register_gauge(prefix + "keys"));
  core_.nodes.push_back(node);
  return node.id;
}

void Membership::add_member(NodeId node) {
  core_.placement->add_member(node);
  epoch_ += 1;
}

void Membership::remove_member(NodeId node) {
  core_.placement->remove_member(node);
  epoch_ += 1;
}

void Membership::start_initial_members() {
  for (Node& node : core_.nodes) {
    node.state = NodeState::kUp;
    node.ran_this_window = true;
    core_.alive.insert(node.id);
    core_.believed_up.insert(node.id);
    if (node.holds_data) add_member(node.id);
  }
}

void Membership::start(Simulator& simulator) {
  Rng phase_rng(core_.seed, "detector.heartbeat_phase");
  const TimeNs heartbeat_ns = core_.config.failure_detection.heartbeat_ns;
  for (const Node& node : core_.nodes) {
    const auto phase_ns = static_cast<TimeNs>(phase_rng.next_below(heartbeat_ns));
    core_.schedule_at(phase_ns, kHeartbeat, node.id, node.incarnation);
  }
  (void)simulator;
  core_.schedule_after(heartbeat_ns, kDetectorCheck);
}

void Membership::sample_gauges(TimeNs now_ns) {
  const double window_ns = core_.metrics.open_window_s(now_ns) * kNsPerS;
  for (Node& node : core_.nodes) {
    const double busy_core_ns = node.station.busy_core_ns(now_ns);
    // A node that was down (or not yet booted) for the whole window has no utilization:
    // an empty cell and a blank heatmap cell, not a 0 that reads as an idle node. One that
    // ran for part of it (it crashed or left in it) has one: 0 when it was idle.
    const bool worked = node.ran_this_window || node.running() || busy_core_ns > node.window_busy_core_ns;
    node.ran_this_window = node.running();
    const double utilization =
        worked ? (busy_core_ns - node.window_busy_core_ns) / (window_ns * node.station.cores()) : kNoValue;
    node.window_busy_core_ns = busy_core_ns;
    core_.metrics.set_gauge(node_utilization_gauges_[node.id], utilization);
    core_.metrics.set_gauge(node_queue_gauges_[node.id], static_cast<double>(node.station.queue_length()));
    // The copies the node holds: a crashed node's were destroyed with it (its index memory
    // is 0 too), although the replica map still lists it until it is declared dead.
    const bool holds = core_.alive.contains(node.id);
    core_.metrics.set_gauge(node_keys_gauges_[node.id], holds ? static_cast<double>(core_.replicas.keys_on(node.id)) : 0.0);
  }
}

void Membership::maybe_finish_drain(NodeId node_id) {
  Node& node = core_.nodes[node_id];
  if (node.state != NodeState::kDraining) return;
  if (core_.replicas.keys_on(node_id) > 0 || core_.parts.migration->migrator().has_outgoing(node_id)) return;
  node.state = NodeState::kLeft;
  core_.believed_up.erase(node_id);
  core_.alive.erase(node_id);
  // Ranges still streaming into it (it was joining when its drain began) can never land.
  if (core_.simulator != nullptr) core_.parts.migration->abort_ranges_involving(*core_.simulator, node_id);
}

void Membership::boot_node(Simulator& simulator, NodeId node_id) {
  Node& node = core_.nodes[node_id];
  node.state = NodeState::kBooting;
  end_process(node_id);
  node.slow_factor = 1.0;
  (void)simulator;
  core_.schedule_after(core_.config.node.boot_ns, kNodeBooted, node_id, node.incarnation);
}

void Membership::on_node_booted(Simulator& simulator, NodeId node_id, std::uint32_t incarnation) {
  Node& node = core_.nodes[node_id];
  if (node.incarnation != incarnation || node.state != NodeState::kBooting) return;
  if (!core_.network.reachable(node_id, kOutsideNode)) {
    // Still cut off: try again once the partition may have healed.
    core_.schedule_after(core_.config.node.boot_ns, kNodeBooted, node_id, node.incarnation);
    return;
  }
  node.state = NodeState::kUp;
  node.ran_this_window = true;
  core_.alive.insert(node_id);
  core_.believed_up.insert(node_id);
  last_heartbeat_ns_[node_id] = simulator.now_ns();
  core_.schedule_after(core_.config.failure_detection.heartbeat_ns, kHeartbeat, node_id, node.incarnation);
  if (!node.holds_data) return;  // A compute node is up; it never joins the placement.
  pending_joins_.push_back(node_id);
  if (!join_batch_scheduled_) {
    // Nodes that finish booting at the same instant join in one placement change.
    core_.schedule_after(0, kJoinBatch);
    join_batch_scheduled_ = true;
  }
}

void Membership::on_join_batch(Simulator& simulator) {
  join_batch_scheduled_ = false;
  const std::uint32_t members_before = core_.members();
  std::string names;
  for (const NodeId node : pending_joins_) {
    add_member(node);
    append_to_list(names, std::to_string(node));
  }
  const double joined = static_cast<double>(pending_joins_.size());
  pending_joins_.clear();
  ChangePlanner& planner = *core_.parts.planner;
  // A join must hand the newcomers their fair share of every replica, and no more.
  const double ideal = planner.total_desired_replicas() * joined / static_cast<double>(core_.members());
  planner.replan(simulator, planner.open_change(simulator.now_ns(), ChangeKind::kJoin, "join", names, ideal, members_before));
}

void Membership::begin_remove(Simulator& simulator, NodeId node_id) {
  Node& node = core_.nodes[node_id];
  ChangePlanner& planner = *core_.parts.planner;
  if (node.state != NodeState::kUp || (node.holds_data && core_.members() <= 1)) {
    planner.log_skipped(simulator.now_ns(), ChangeKind::kRemoveNode, "remove_node", "node not up or last member",
                        std::to_string(node_id));
    return;
  }
  const std::uint32_t members_before = core_.members();
  if (!node.holds_data) {
    // Nothing to hand off: a compute node leaves at once (its DAG attempts are lost).
    node.state = NodeState::kLeft;
    end_process(node_id);
    core_.believed_up.erase(node_id);
    core_.alive.erase(node_id);
    planner.open_change(simulator.now_ns(), ChangeKind::kRemoveNode, "remove_node", std::to_string(node_id), 0,
                        members_before);
    return;
  }
  node.state = NodeState::kDraining;
  remove_member(node_id);
  // The leaving node's copies must move; nothing else has to.
  const double ideal = static_cast<double>(core_.replicas.keys_on(node_id));
  planner.replan(simulator,
                 planner.open_change(simulator.now_ns(), ChangeKind::kRemoveNode, "remove_node", std::to_string(node_id),
                                     ideal, members_before));
}

void Membership::crash_node(Simulator& simulator, NodeId node_id) {
  Node& node = core_.nodes[node_id];
  ChangePlanner& planner = *core_.parts.planner;
  const std::uint32_t members = core_.members();
  if (!node.running()) {
    planner.log_skipped(simulator.now_ns(), ChangeKind::kFailNode, "fail_node", "not running", std::to_string(node_id));
    return;
  }
  node.state = NodeState::kFailed;
  end_process(node_id);
  core_.alive.erase(node_id);
  core_.parts.migration->abort_ranges_involving(simulator, node_id);
  // Its copies are destroyed with it; a key with no copy left anywhere is lost. Until the
  // detector declares it dead the cluster still routes to it (UndetectedLosses).
  ReplicaMap& replicas = core_.replicas;
  if (core_.believed_up.contains(node_id)) {
    for (std::uint32_t unit = 0; unit < replicas.unit_count(); ++unit) {
      if (replicas.unit_complete_on(unit, node_id)) core_.undetected.record_unit(unit, node_id);
    }
  }
  for (KeyId key = 0; key < replicas.key_count(); ++key) {
    if (replicas.lost(key) || !replicas.holders(key).contains(node_id)) continue;
    if ((replicas.holders(key) & core_.alive).empty()) {
      replicas.mark_lost(key);
      if (core_.believed_up.contains(node_id)) core_.undetected.record_key(key, node_id);
    }
  }
  // Transfers that were streaming from it restart from surviving copies.
  planner.replan(simulator, planner.open_change(simulator.now_ns(), ChangeKind::kFailNode, "fail_node",
                                                std::to_string(node_id), 0, members));
}

void Membership::declare_dead(Simulator& simulator, NodeId node_id) {
  Node& node = core_.nodes[node_id];
  if (ActivityObserver* activity = simulator.activity()) {
    activity->instant(simulator.now_ns(), "detector", "declared_dead", node_id,
                      node.running() ? "node " + std::to_string(node_id) + " (cut off: fenced)"
                                     : "node " + std::to_string(node_id));
  }
  const std::uint32_t members_before = core_.members();
  core_.believed_up.erase(node_id);
  core_.undetected.forget_node(node_id);
  if (node.running()) {
    // Declared dead while running (cut off by a partition): fenced, its data discarded.
    node.state = NodeState::kFenced;
    end_process(node_id);
    core_.alive.erase(node_id);
  }
  core_.parts.migration->abort_ranges_involving(simulator, node_id);
  ReplicaMap& replicas = core_.replicas;
  double copies_to_restore = 0;
  for (KeyId key = 0; key < replicas.key_count(); ++key) {
    replicas.remove_incoming(key, node_id);
    if (replicas.lost(key) || !replicas.holders(key).contains(node_id)) continue;
    core_.parts.shards->drop_copy(key, node_id);
    if ((replicas.holders(key) & core_.alive).empty()) {
      replicas.mark_lost(key);
    } else {
      copies_to_restore += 1;
    }
  }
  const std::vector<NodeId>& members = core_.placement->members();
  if (std::find(members.begin(), members.end(), node_id) != members.end()) remove_member(node_id);
  ChangePlanner& planner = *core_.parts.planner;
  planner.replan(simulator, planner.open_change(simulator.now_ns(), ChangeKind::kDeclaredDead, "declared_dead",
                                                std::to_string(node_id),
                                                copies_to_restore, members_before));
}

void Membership::recover_node(Simulator& simulator, NodeId node_id) {
  Node& node = core_.nodes[node_id];
  if (node.state != NodeState::kFailed) {
    core_.parts.planner->log_skipped(simulator.now_ns(), ChangeKind::kRecoverNode, "recover_node", "not failed",
                                     std::to_string(node_id));
    return;
  }
  // A restarted process re-registers with a new incarnation, so the cluster learns of
  // the crash now if the detector has not declared it yet.
  if (core_.believed_up.contains(node_id)) declare_dead(simulator, node_id);
  boot_node(simulator, node_id);
}

void Membership::on_heartbeat(Simulator& simulator, NodeId node_id, std::uint32_t incarnation) {
  const Node& node = core_.nodes[node_id];
  if (node.incarnation != incarnation || !node.running()) return;  // Stops with the process.
  if (core_.network.reachable(node_id, kOutsideNode)) last_heartbeat_ns_[node_id] = simulator.now_ns();
  core_.schedule_after(core_.config.failure_detection.heartbeat_ns, kHeartbeat, node_id, incarnation);
}

void Membership::on_detector_check(Simulator& simulator) {
  const NodeSet suspects = core_.believed_up;
  suspects.for_each([&](NodeId node_id) {
    if (simulator.now_ns() - last_heartbeat_ns_[node_id] > core_.config.failure_detection.failure_timeout_ns) {
      declare_dead(simulator, node_id);
    }
  });
  core_.schedule_after(core_.config.failure_detection.heartbeat_ns, kDetectorCheck);
}

void Membership::end_process(NodeId node) {
  // A new incarnation: events addressed to the old process are ignored from now on, and
  // its queue, cores, indexes, queued migration work, DAG attempts and writes on their way
  // die with it.
  Node& process = core_.nodes[node];
  process.incarnation += 1;
  process.station = Station(core_.config.node.cores, core_.config.node.queue_capacity);
  process.window_busy_core_ns = 0;
  if (core_.simulator != nullptr) core_.parts.dag_jobs->lose_node_jobs(*core_.simulator, node);
  core_.parts.migration->forget_node_applies(node);
  core_.parts.client->forget_node_writes(node);
  core_.parts.shards->drop_node(node);
}

}  // namespace ringsim
