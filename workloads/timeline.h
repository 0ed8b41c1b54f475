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
//
// Every action is one self-describing entry, one file each in workloads/timeline_actions/
// (registered by one line in workloads/timeline_actions/list.h): it names itself, reads
// and checks its own keys (ConfigError with the key's JSON pointer), checks itself against
// the rest of the scenario (TimelineContext), and acts on the running model only through
// TimelineTarget, which the cluster model implements (models/cluster/timeline_driver.cpp).
// Actions are immutable once read; apply() and end() keep no state in the action.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cluster/placement/placement.h"
#include "cluster/replica_map.h"
#include "sim/json_reader.h"
#include "sim/time.h"

namespace ringsim {

// What the rest of the scenario says, for the checks an action cannot make alone.
struct TimelineContext {
  std::string file;
  std::uint32_t data_nodes = 0;   // data nodes by the action's time (initial + earlier add_node)
  std::string placement;          // the placement strategy's name
  bool placement_moves_shards = false;  // the strategy takes operator shard moves
  std::uint32_t shards = 0;             // data.shards; 0 without vectors
  bool arrivals_are_timestamps = false;  // a trace of request timestamps (replayed as recorded)
};

// What an action may do to the running model: the narrow interface it is handed.
class TimelineTarget {
 public:
  virtual ~TimelineTarget() = default;
  virtual NodeId add_node() = 0;                    // a new data node boots and joins; its id
  virtual void remove_node(NodeId node) = 0;        // graceful: drain, then leave
  virtual void fail_node(NodeId node) = 0;          // crash: stops answering, data lost
  virtual void recover_node(NodeId node) = 0;       // restart empty and rejoin
  virtual void set_slow_factor(NodeId node, double factor) = 0;  // service times x factor
  virtual void isolate(const std::vector<NodeId>& nodes) = 0;    // join the cut-off side
  // Leave the cut-off side; a node fenced while cut off rejoins empty.
  virtual void reconnect(const std::vector<NodeId>& nodes) = 0;
  virtual void set_rate(double rate_qps) = 0;  // the client's arrival rate
  // Makes `count` keys take `share` of the operations; returns them.
  virtual std::vector<KeyId> make_keys_hot(std::uint32_t count, double share) = 0;
  virtual void clear_hot_keys() = 0;
  virtual std::uint32_t replication_factor() const = 0;
  virtual std::uint32_t write_quorum() const = 0;
  virtual void set_replication(std::uint32_t factor, std::uint32_t write_quorum) = 0;
  // Operator moves on a placement that takes them (Placement::move_replica / add_replica);
  // false, and nothing changes, when impossible.
  virtual bool move_shard_replica(std::uint32_t shard, NodeId from, NodeId to) = 0;
  virtual bool add_shard_replica(std::uint32_t shard, NodeId from, NodeId to) = 0;
  virtual double live_keys_of_shard(std::uint32_t shard) const = 0;
  // The changes log: a change that moves no data (opened and completed now), one that
  // only records (nothing to plan), and one that replans every key's target and migrates
  // (shards_moved_ideal: the minimum in shards when the action knows it; by default the
  // planner's share of keys_moved_ideal).
  virtual void note_change(const std::string& label, const std::string& subject) = 0;
  virtual void log_change(const std::string& label, const std::string& subject) = 0;
  virtual void replan(const std::string& label, const std::string& subject, double keys_moved_ideal,
                      std::optional<double> shards_moved_ideal) = 0;
};

class TimelineAction {
 public:
  virtual ~TimelineAction() = default;
  // The "action" value that selects this entry.
  virtual const char* name() const = 0;
  // Reads the keys the action takes beside "action" and "at_s" (fills `nodes` and
  // `duration_ns` where it has them).
  virtual void read(ObjectReader& reader) = 0;
  // Checks against the rest of the scenario; throws ConfigError naming a pointer below
  // `pointer`. Called in time order.
  virtual void check(const TimelineContext& context) const { (void)context; }
  virtual void apply(TimelineTarget& target) const = 0;
  // At at_ns + duration_ns, for actions with a duration: undoes apply().
  virtual void end(TimelineTarget& target) const { (void)target; }

  // Facts others read: node ids it creates (add_node), the membership changes it makes
  // (the run estimate), the arrival rate it sets (0: none), and its parameters for the
  // activity log beside its nodes ("count 2", "factor 5").
  virtual std::uint32_t nodes_added() const { return 0; }
  virtual std::uint32_t membership_changes() const { return 0; }
  virtual double rate_qps() const { return 0; }
  virtual std::string detail() const { return ""; }

  TimeNs at_ns = 0;
  TimeNs duration_ns = 0;      // 0: no end
  std::vector<NodeId> nodes;   // the nodes it names (checked to exist by its time)
  std::string pointer;         // JSON pointer of the action, for checks and messages

 protected:
  // Shared readers: a node id under `key`, and "duration_s" into duration_ns.
  void read_node(ObjectReader& reader, const char* key);
  void read_duration(ObjectReader& reader);
};

using TimelineActionPtr = std::shared_ptr<const TimelineAction>;

// The registered names, in registration order.
std::vector<std::string> timeline_action_names();

// Node ids must exist by the action's time: 0..initial_nodes-1, plus those add_node
// actions earlier in time create (in order). Actions are returned sorted by time (stable).
std::vector<TimelineActionPtr> read_timeline(const ArrayReader& array, std::uint32_t initial_nodes,
                                             double duration_s);

}  // namespace ringsim
