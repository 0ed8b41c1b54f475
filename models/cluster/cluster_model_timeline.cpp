// ClusterModel: the scenario's timeline actions and their ends.
#include <sstream>
#include <string>

#include "models/cluster/cluster_model.h"

namespace ringsim {

namespace {
std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}
}  // namespace

void ClusterModel::on_timeline_action(Simulator& simulator, std::size_t index) {
  const TimelineAction& action = timeline_[index];
  const auto members = static_cast<std::uint32_t>(placement_->members().size());
  using Kind = TimelineAction::Kind;
  switch (action.kind) {
    case Kind::kAddNode:
      for (std::uint32_t i = 0; i < action.count; ++i) boot_node(simulator, create_node(simulator.now_ns()));
      return;
    case Kind::kRemoveNode:
      begin_remove(simulator, action.nodes[0]);
      return;
    case Kind::kFailNode:
      crash_node(simulator, action.nodes[0]);
      return;
    case Kind::kRecoverNode:
      recover_node(simulator, action.nodes[0]);
      return;
    case Kind::kSlowNode:
      nodes_[action.nodes[0]].slow_factor = action.factor;
      open_change(simulator.now_ns(), "slow_node x" + format_number(action.factor), std::to_string(action.nodes[0]),
                  0, members);
      changes_.back().completed_ns = simulator.now_ns();
      break;
    case Kind::kPartition: {
      NodeSet isolated = network_.partition();
      std::string names;
      for (const NodeId node : action.nodes) {
        isolated.insert(node);
        append_to_list(names, std::to_string(node));
      }
      network_.set_partition(isolated);
      open_change(simulator.now_ns(), "partition", names, 0, members);
      changes_.back().completed_ns = simulator.now_ns();
      break;
    }
    case Kind::kSetRate:
      arrivals_.set_rate(action.rate_qps);
      open_change(simulator.now_ns(), "set_rate " + format_number(action.rate_qps) + " qps", "", 0, members);
      changes_.back().completed_ns = simulator.now_ns();
      return;
    case Kind::kHotKey: {
      const std::vector<KeyId> keys = workload_.pick_hot_keys(action.count);
      std::string names;
      for (const KeyId key : keys) append_to_list(names, "key " + std::to_string(key));
      workload_.set_hot_keys(keys, action.share);
      open_change(simulator.now_ns(), "hot_key " + format_number(100 * action.share) + "%", names, 0, members);
      changes_.back().completed_ns = simulator.now_ns();
      break;
    }
    case Kind::kSetReplicationFactor:
      set_replication_factor(simulator, action);
      return;
  }
  simulator.schedule_after(action.duration_ns, handler_id_, kActionEnd, index);
}

void ClusterModel::on_action_end(Simulator& simulator, std::size_t index) {
  const TimelineAction& action = timeline_[index];
  using Kind = TimelineAction::Kind;
  switch (action.kind) {
    case Kind::kSlowNode:
      nodes_[action.nodes[0]].slow_factor = 1.0;
      return;
    case Kind::kPartition: {
      NodeSet isolated = network_.partition();
      for (const NodeId node : action.nodes) isolated.erase(node);
      network_.set_partition(isolated);
      // Nodes fenced while cut off rejoin empty, like a replacement.
      for (const NodeId node : action.nodes) {
        if (nodes_[node].state == NodeState::kFenced && !isolated.contains(node)) boot_node(simulator, node);
      }
      return;
    }
    case Kind::kHotKey:
      workload_.clear_hot_keys();
      return;
    default:
      return;
  }
}

}  // namespace ringsim
