// Timeline actions as self-describing entries (workloads/timeline.h): each reads its own
// keys with pointer-exact errors, checks itself against the scenario (TimelineContext), and
// acts only through the TimelineTarget it is handed (here a recorder, no model).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/config_error.h"
#include "workloads/timeline.h"

namespace ringsim {
namespace {

// Records every call as one line of text; answers the few questions actions ask.
class RecordingTarget final : public TimelineTarget {
 public:
  std::vector<std::string> calls;
  bool shard_moves_succeed = true;

  NodeId add_node() override {
    calls.push_back("add_node");
    return static_cast<NodeId>(8 + calls.size());
  }
  void remove_node(NodeId node) override { calls.push_back("remove_node " + std::to_string(node)); }
  void fail_node(NodeId node) override { calls.push_back("fail_node " + std::to_string(node)); }
  void recover_node(NodeId node) override { calls.push_back("recover_node " + std::to_string(node)); }
  void set_slow_factor(NodeId node, double factor) override {
    calls.push_back("slow " + std::to_string(node) + " x" + std::to_string(int(factor)));
  }
  void isolate(const std::vector<NodeId>& nodes) override { calls.push_back("isolate " + list(nodes)); }
  void reconnect(const std::vector<NodeId>& nodes) override { calls.push_back("reconnect " + list(nodes)); }
  void set_rate(double rate_qps) override { calls.push_back("rate " + std::to_string(int(rate_qps))); }
  std::vector<KeyId> make_keys_hot(std::uint32_t count, double share) override {
    calls.push_back("hot " + std::to_string(count) + " " + std::to_string(int(100 * share)));
    return {7, 9};
  }
  void clear_hot_keys() override { calls.push_back("clear_hot"); }
  std::uint32_t replication_factor() const override { return 3; }
  std::uint32_t write_quorum() const override { return 2; }
  void set_replication(std::uint32_t factor, std::uint32_t quorum) override {
    calls.push_back("replication " + std::to_string(factor) + "/" + std::to_string(quorum));
  }
  bool move_shard_replica(std::uint32_t shard, NodeId from, NodeId to) override {
    calls.push_back("move " + std::to_string(shard) + " " + std::to_string(from) + "->" + std::to_string(to));
    return shard_moves_succeed;
  }
  bool add_shard_replica(std::uint32_t shard, NodeId from, NodeId to) override {
    calls.push_back("add " + std::to_string(shard) + " " + std::to_string(from) + "->" + std::to_string(to));
    return shard_moves_succeed;
  }
  double live_keys_of_shard(std::uint32_t shard) const override { return 10.0 + shard; }
  void note_change(const std::string& label, const std::string& subject) override {
    calls.push_back("note " + label + " | " + subject);
  }
  void log_change(const std::string& label, const std::string& subject) override {
    calls.push_back("log " + label + " | " + subject);
  }
  void replan(const std::string& label, const std::string& subject, double keys,
              std::optional<double> shards) override {
    calls.push_back("replan " + label + " | " + subject + " | " + std::to_string(int(keys)) + " | " +
                    (shards ? std::to_string(int(*shards)) : "-"));
  }

 private:
  static std::string list(const std::vector<NodeId>& nodes) {
    std::string text;
    for (const NodeId node : nodes) text += (text.empty() ? "" : ",") + std::to_string(node);
    return text;
  }
};

std::vector<TimelineActionPtr> read(const std::string& text, std::uint32_t nodes = 4) {
  const nlohmann::json document = nlohmann::json::parse(text);
  return read_timeline(ArrayReader(document, "/timeline", "t.json", 100), nodes, 100);
}

ConfigError read_error(const std::string& text, std::uint32_t nodes = 4) {
  try {
    read(text, nodes);
  } catch (const ConfigError& error) {
    return error;
  }
  FAIL("not refused: " << text);
  return ConfigError("", "", "");
}

std::vector<std::string> applied(const TimelineAction& action, RecordingTarget& target) {
  action.apply(target);
  if (action.duration_ns > 0) action.end(target);
  return target.calls;
}

TEST_CASE("timeline actions: the registry names every action, in order", "[timeline]") {
  CHECK(timeline_action_names() ==
        std::vector<std::string>{"add_node", "remove_node", "fail_node", "recover_node", "slow_node", "partition",
                                 "set_rate", "hot_key", "set_replication_factor", "move_shard", "replicate_shard"});
  const ConfigError error = read_error(R"([{"at_s": 1, "action": "explode"}])");
  CHECK(error.pointer() == "/timeline/0/action");
}

TEST_CASE("timeline actions: each reads its own keys, errors name the key's pointer", "[timeline]") {
  CHECK(read_error(R"([{"at_s": 1, "action": "slow_node", "node": 1, "factor": 5000, "duration_s": 1}])").pointer() ==
        "/timeline/0/factor");
  CHECK(read_error(R"([{"at_s": 1, "action": "partition", "nodes": [1, "x"], "duration_s": 1}])").pointer() ==
        "/timeline/0/nodes/1");
  CHECK(read_error(R"([{"at_s": 1, "action": "move_shard", "shard": 1, "from": 2, "to": 2}])").pointer() ==
        "/timeline/0/to");
  CHECK(read_error(R"([{"at_s": 1, "action": "set_replication_factor", "factor": 1, "write_quorum": 2}])")
            .pointer() == "/timeline/0/write_quorum");
  // A key another action takes is unknown to this one.
  CHECK(read_error(R"([{"at_s": 1, "action": "add_node", "share": 0.5}])").pointer() == "/timeline/0/share");
  // Nodes must exist by the action's time; add_node creates them (sorted by time first).
  CHECK(read_error(R"([{"at_s": 1, "action": "fail_node", "node": 4}])").pointer() == "/timeline/0");
  CHECK(read(R"([{"at_s": 2, "action": "fail_node", "node": 4}, {"at_s": 1, "action": "add_node"}])").size() == 2);
}

TEST_CASE("timeline actions: each acts only through its target", "[timeline]") {
  const std::vector<TimelineActionPtr> actions = read(R"([
    {"at_s": 1, "action": "add_node", "count": 2},
    {"at_s": 2, "action": "partition", "nodes": [1, 2], "duration_s": 5},
    {"at_s": 3, "action": "hot_key", "keys": 2, "share": 0.5, "duration_s": 5},
    {"at_s": 4, "action": "set_replication_factor", "factor": 1},
    {"at_s": 5, "action": "replicate_shard", "shard": 3, "from": 2, "to": 5}])");
  RecordingTarget add;
  CHECK(applied(*actions[0], add) == std::vector<std::string>{"add_node", "add_node", "note add_node | 9,10"});
  CHECK(actions[0]->nodes_added() == 2);
  RecordingTarget partition;
  CHECK(applied(*actions[1], partition) ==
        std::vector<std::string>{"isolate 1,2", "note partition | 1,2", "reconnect 1,2"});
  RecordingTarget hot;
  CHECK(applied(*actions[2], hot) ==
        std::vector<std::string>{"hot 2 50", "note hot_key 50% | key 7,key 9", "clear_hot"});
  CHECK(actions[2]->detail() == "count 2,share 0.5");
  RecordingTarget factor;  // The quorum 2 is cut to the new factor 1.
  CHECK(applied(*actions[3], factor) ==
        std::vector<std::string>{"replication 1/1", "replan set_replication_factor 3->1 |  | 0 | -"});
  RecordingTarget shard;
  CHECK(applied(*actions[4], shard) ==
        std::vector<std::string>{"add 3 2->5", "replan replicate_shard | shard 3: 2->5 | 13 | 1"});
  RecordingTarget refused;
  refused.shard_moves_succeed = false;
  CHECK(applied(*actions[4], refused).back().rfind("log replicate_shard (skipped", 0) == 0);
}

TEST_CASE("timeline actions: each checks itself against the rest of the scenario", "[timeline]") {
  TimelineContext context;
  context.file = "t.json";
  context.data_nodes = 2;
  context.placement = "ring";
  context.shards = 4;
  const auto check_error = [&](const std::string& text) {
    try {
      read(text).front()->check(context);
    } catch (const ConfigError& error) {
      return error.pointer() + ": " + error.message();
    }
    return std::string("accepted");
  };
  CHECK(check_error(R"([{"at_s": 1, "action": "set_replication_factor", "factor": 3}])") ==
        "/timeline/0/factor: replication factor 3 exceeds the 2 data nodes the cluster has by then");
  CHECK(check_error(R"([{"at_s": 1, "action": "move_shard", "shard": 1, "from": 0, "to": 1}])") ==
        "/timeline/0/action: moves shards of the \"shard_balancer\" placement; /cluster/placement/strategy is \"ring\"");
  context.placement_moves_shards = true;
  CHECK(check_error(R"([{"at_s": 1, "action": "move_shard", "shard": 4, "from": 0, "to": 1}])") ==
        "/timeline/0/shard: shard 4 does not exist (data.shards is 4)");
  CHECK(check_error(R"([{"at_s": 1, "action": "move_shard", "shard": 3, "from": 0, "to": 1}])") == "accepted");
  CHECK(check_error(R"([{"at_s": 1, "action": "set_rate", "rate_qps": 10}])") == "accepted");
  context.arrivals_are_timestamps = true;
  CHECK(check_error(R"([{"at_s": 1, "action": "set_rate", "rate_qps": 10}])").rfind("/timeline/0: set_rate cannot", 0) ==
        0);
}

}  // namespace
}  // namespace ringsim
