// Scenario timeline: membership changes, faults and load changes at virtual times.
//   {"at_s": 20, "action": "add_node", "count": 1}
//   {"at_s": 30, "action": "remove_node", "node": 2}        graceful: drain, then leave
//   {"at_s": 30, "action": "fail_node", "node": 3}          crash: stops answering, data lost
//   {"at_s": 60, "action": "recover_node", "node": 3}       restart empty and rejoin
//   {"at_s": 10, "action": "slow_node", "node": 1, "factor": 5, "duration_s": 10}
//   {"at_s": 10, "action": "partition", "nodes": [1, 2], "duration_s": 5}
//   {"at_s": 10, "action": "set_rate", "rate_qps": 9000}
//   {"at_s": 10, "action": "hot_key", "keys": 1, "share": 0.5, "duration_s": 20}
//   {"at_s": 10, "action": "set_replication_factor", "factor": 1, "write_quorum": 1}
//       raise or lower RF (write_quorum optional: by default the current one, at most factor)
//   {"at_s": 20, "action": "move_shard", "shard": 3, "from": 2, "to": 8}
//   {"at_s": 20, "action": "replicate_shard", "shard": 3, "from": 2, "to": 8}
//       placement "shard_balancer" only: an operator moves / adds one shard replica
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cluster/placement/placement.h"
#include "sim/json_reader.h"
#include "sim/time.h"

namespace ringsim {

struct TimelineAction {
  enum class Kind {
    kAddNode, kRemoveNode, kFailNode, kRecoverNode, kSlowNode, kPartition, kSetRate, kHotKey,
    kSetReplicationFactor, kMoveShard, kReplicateShard,
  };
  Kind kind = Kind::kAddNode;
  TimeNs at_ns = 0;
  TimeNs duration_ns = 0;     // slow_node, partition, hot_key
  std::uint32_t count = 1;    // add_node: nodes; hot_key: keys
  std::vector<NodeId> nodes;  // remove/fail/recover/slow: one; partition: several
  double factor = 1;          // slow_node
  double rate_qps = 0;        // set_rate
  double share = 0;           // hot_key
  std::uint32_t replication_factor = 0;  // set_replication_factor
  std::uint32_t write_quorum = 0;        // set_replication_factor: 0 = keep (at most factor)
  std::uint32_t shard = 0;               // move_shard, replicate_shard (nodes = {from, to})
  std::string pointer;                   // JSON pointer of the action, for later checks
};

const char* timeline_action_name(TimelineAction::Kind kind);

// Node ids must exist by the action's time: 0..initial_nodes-1, plus those add_node
// actions earlier in time create (in order). Actions are returned sorted by time (stable).
std::vector<TimelineAction> read_timeline(const ArrayReader& array, std::uint32_t initial_nodes,
                                          double duration_s);

}  // namespace ringsim
