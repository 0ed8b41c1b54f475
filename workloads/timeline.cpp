#include "workloads/timeline.h"

#include <algorithm>
#include <cmath>

#include "workloads/arrivals.h"
#include "workloads/point_workload.h"

namespace ringsim {

namespace {

constexpr double kSlowFactorMax = 1000;

struct ActionName {
  const char* name;
  TimelineAction::Kind kind;
};
constexpr ActionName kActionNames[] = {
    {"add_node", TimelineAction::Kind::kAddNode},         {"remove_node", TimelineAction::Kind::kRemoveNode},
    {"fail_node", TimelineAction::Kind::kFailNode},       {"recover_node", TimelineAction::Kind::kRecoverNode},
    {"slow_node", TimelineAction::Kind::kSlowNode},       {"partition", TimelineAction::Kind::kPartition},
    {"set_rate", TimelineAction::Kind::kSetRate},         {"hot_key", TimelineAction::Kind::kHotKey},
    {"set_replication_factor", TimelineAction::Kind::kSetReplicationFactor},
    {"move_shard", TimelineAction::Kind::kMoveShard},     {"replicate_shard", TimelineAction::Kind::kReplicateShard},
};

}  // namespace

const char* timeline_action_name(TimelineAction::Kind kind) {
  for (const ActionName& entry : kActionNames) {
    if (entry.kind == kind) return entry.name;
  }
  return "?";
}

namespace {

// "partition": a non-empty list of node ids.
void read_partition_nodes(ObjectReader& reader, TimelineAction& action) {
  ArrayReader nodes = reader.required_array("nodes");
  if (nodes.size() == 0) reader.fail("nodes", "expected at least one node id");
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const nlohmann::json& value = nodes.at(i);
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0 ||
        value.get<std::int64_t>() >= static_cast<std::int64_t>(kNodesMax)) {
      throw ConfigError(nodes.file(), nodes.pointer_at(i),
                        "expected a node id (integer 0.." + std::to_string(kNodesMax - 1) + ")");
    }
    action.nodes.push_back(static_cast<NodeId>(value.get<std::int64_t>()));
  }
}

// The keys each action kind takes beside "action" and "at_s".
void read_action_fields(ObjectReader& reader, TimelineAction& action) {
  const auto read_node = [&](const char* key) {
    action.nodes.push_back(static_cast<NodeId>(reader.required_integer(key, 0, kNodesMax - 1)));
  };
  const auto read_duration = [&] {
    action.duration_ns = seconds_to_ns(reader.required_number("duration_s", NumberRange::positive(1e6)));
  };
  using Kind = TimelineAction::Kind;
  switch (action.kind) {
    case Kind::kAddNode:
      action.count = static_cast<std::uint32_t>(reader.optional_integer("count", 1, kNodesMax, 1));
      break;
    case Kind::kRemoveNode:
    case Kind::kFailNode:
    case Kind::kRecoverNode:
      read_node("node");
      break;
    case Kind::kSlowNode:
      read_node("node");
      action.factor = reader.required_number("factor", NumberRange::positive(kSlowFactorMax));
      read_duration();
      break;
    case Kind::kPartition:
      read_partition_nodes(reader, action);
      read_duration();
      break;
    case Kind::kSetRate:
      action.rate_qps = reader.required_number("rate_qps", NumberRange::positive(kRateQpsMax));
      break;
    case Kind::kHotKey:
      action.count = static_cast<std::uint32_t>(reader.optional_integer("keys", 1, 1000, 1));
      action.share = reader.required_number("share", NumberRange::positive(1.0));
      read_duration();
      break;
    case Kind::kSetReplicationFactor:
      action.replication_factor = static_cast<std::uint32_t>(reader.required_integer("factor", 1, kReplicationFactorMax));
      action.write_quorum =
          static_cast<std::uint32_t>(reader.optional_integer("write_quorum", 1, kReplicationFactorMax, 0));
      if (action.write_quorum > action.replication_factor) reader.fail("write_quorum", "must be <= factor");
      break;
    case Kind::kMoveShard:
    case Kind::kReplicateShard:
      // The shard count and the strategy are checked with the rest of the scenario.
      action.shard = static_cast<std::uint32_t>(reader.required_integer("shard", 0, kShardsMax - 1));
      read_node("from");
      read_node("to");
      if (action.nodes[0] == action.nodes[1]) reader.fail("to", "must differ from \"from\"");
      break;
  }
}

// Node ids must exist by then: walks the actions in time order, as the run will, and returns
// them in that order (stable, so equal times keep file order). `pointers[i]` names action i.
std::vector<TimelineAction> sort_and_check_nodes(const std::vector<TimelineAction>& actions,
                                                 const std::vector<std::string>& pointers,
                                                 const std::string& file, std::uint32_t initial_nodes) {
  std::vector<std::size_t> order(actions.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return actions[a].at_ns < actions[b].at_ns; });
  std::uint32_t nodes_created = initial_nodes;
  std::vector<TimelineAction> sorted;
  for (const std::size_t index : order) {
    const TimelineAction& action = actions[index];
    for (const NodeId node : action.nodes) {
      if (node >= nodes_created) {
        throw ConfigError(file, pointers[index],
                          "node " + std::to_string(node) + " does not exist at this time (nodes 0.." +
                              std::to_string(nodes_created - 1) + " do)");
      }
    }
    if (action.kind == TimelineAction::Kind::kAddNode) {
      nodes_created += action.count;
      if (nodes_created > kNodesMax) {
        throw ConfigError(file, pointers[index],
                          "a run may create at most " + std::to_string(kNodesMax) + " nodes in total");
      }
    }
    sorted.push_back(action);
  }
  return sorted;
}

}  // namespace

std::vector<TimelineAction> read_timeline(const ArrayReader& array, std::uint32_t initial_nodes,
                                          double duration_s) {
  std::vector<std::string> names;
  for (const ActionName& entry : kActionNames) names.emplace_back(entry.name);
  std::vector<TimelineAction> actions;
  std::vector<std::string> pointers;
  for (std::size_t index = 0; index < array.size(); ++index) {
    ObjectReader reader = array.object_at(index);
    TimelineAction action;
    const std::string name = reader.required_choice("action", names);
    for (const ActionName& entry : kActionNames) {
      if (name == entry.name) action.kind = entry.kind;
    }
    action.at_ns = seconds_to_ns(reader.required_number("at_s", NumberRange::at_least(0, duration_s)));
    read_action_fields(reader, action);
    action.pointer = reader.pointer();
    reader.finish();
    actions.push_back(action);
    pointers.push_back(reader.pointer());
  }
  return sort_and_check_nodes(actions, pointers, array.file(), initial_nodes);
}

}  // namespace ringsim
