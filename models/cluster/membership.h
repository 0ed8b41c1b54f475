// Membership and failure detection: nodes are created, boot, join the placement, drain
// and leave, crash, are declared dead, recover. Joins and graceful removals change the
// placement at once and hand the change to the ChangePlanner (which migrates the affected
// ranges); a crash destroys the node's copies (keys left with none are lost) but the
// placement only changes when the failure detector declares the node dead, after
// failure_timeout of missed heartbeats. Until then requests to it time out.
//
// Events owned: kHeartbeat, kDetectorCheck, kNodeBooted, kJoinBatch. State owned: the
// heartbeats seen, the joins waiting for their batch, the membership epoch, the per-node
// gauges. Shared facts it changes: nodes' states and processes, believed_up, alive, the
// placement's members.
#pragma once

#include <cstdint>
#include <vector>

#include "models/cluster/cluster_core.h"

namespace ringsim {

class Membership {
 public:
  explicit Membership(ClusterCore& core);

  // A new node (booting, not yet started); registers its gauges.
  NodeId create_node(TimeNs now_ns);
  // The initial nodes are up with their data in place (no migration at time zero).
  void start_initial_members();
  // Schedules the first heartbeats and detector check.
  void start(Simulator& simulator);

  void boot_node(Simulator& simulator, NodeId node);
  void begin_remove(Simulator& simulator, NodeId node);
  void crash_node(Simulator& simulator, NodeId node);
  void recover_node(Simulator& simulator, NodeId node);
  // A draining node that holds nothing and sends nothing leaves.
  void maybe_finish_drain(NodeId node);
  void finish_drains() {
    for (const Node& node : core_.nodes) maybe_finish_drain(node.id);
  }

  void on_node_booted(Simulator& simulator, NodeId node, std::uint32_t incarnation);
  void on_join_batch(Simulator& simulator);
  void on_heartbeat(Simulator& simulator, NodeId node, std::uint32_t incarnation);
  void on_detector_check(Simulator& simulator);

  // Bumped whenever the placement's members change (a view can cache what it derives).
  std::uint64_t epoch() const { return epoch_; }
  void sample_gauges(TimeNs now_ns);

 private:
  void declare_dead(Simulator& simulator, NodeId node);
  // Ends the node's current process (crash, fence, restart) and everything it held in memory.
  void end_process(NodeId node);
  void add_member(NodeId node);
  void remove_member(NodeId node);

  ClusterCore& core_;
  std::vector<TimeNs> last_heartbeat_ns_;
  std::vector<NodeId> pending_joins_;
  bool join_batch_scheduled_ = false;
  std::uint64_t epoch_ = 0;
  std::vector<SeriesId> node_utilization_gauges_;
  std::vector<SeriesId> node_queue_gauges_;
  std::vector<SeriesId> node_keys_gauges_;
};

}  // namespace ringsim
