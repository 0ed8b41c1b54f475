// The third fresh-user trial of headless runs (issue #27, 8/10): least_loaded_of_two sees the
// shard calls of searches, warnings about faults say what is true at the end of the run, the
// add_node action in the changes table, trace lines and counters of one name agree, an
// expectation without a sample reads "no sample" everywhere, advice by rebalance mode.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "cli/run_warnings.h"
#include "models/cluster/cluster_model.h"
#include "run/run.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

// 4 nodes, 4 shards RF 3, searches only; node 0 serves 5x slower for the whole run. Arrivals
// all but stop at 4 s (set_rate 1e-6 qps) so that every search has ended by 6 s.
nlohmann::json slow_replica(const std::string& read_policy) {
  nlohmann::json document = nlohmann::json::parse(R"({
    "name": "slow_replica", "seed": 11, "duration_s": 6, "window_s": 1,
    "cluster": {
      "nodes": 4,
      "node": {"cores": 2},
      "replication": {"factor": 3, "write_quorum": 1},
      "client": {"timeout_ms": 200, "max_retries": 2}
    },
    "data": {"keys": 2000, "shards": 4, "vectors": {"dim": 16, "clusters": 4, "spread": 0.2}},
    "index": {"m": 8, "ef_construction": 40, "ef_search": 32, "k": 5, "search_extra_ms": {"type": "constant", "value_ms": 1}},
    "workload": {"arrivals": {"type": "poisson", "rate_qps": 300}, "mix": {"search": 1.0}, "recall_sample_rate": 0},
    "timeline": [{"at_s": 0, "action": "slow_node", "node": 0, "factor": 5, "duration_s": 10},
                 {"at_s": 4, "action": "set_rate", "rate_qps": 0.000001}]
  })");
  document["cluster"]["replication"]["read_policy"] = read_policy;
  return document;
}

struct PolicyRun {
  double slow_share = 0;  // share of shard calls the slow node served
  double p99_ms = 0;
  std::uint32_t outstanding_left = 0;  // summed over nodes at the end
};

PolicyRun run_policy(const std::string& read_policy) {
  Run run(testing::scenario_from(slow_replica(read_policy)));
  run.run_to_end();
  const auto& model = dynamic_cast<const ClusterModel&>(run.model());
  PolicyRun result;
  double served = 0;
  for (const Node& node : model.nodes()) {
    served += static_cast<double>(node.requests_served);
    result.outstanding_left += model.outstanding_calls(node.id);
  }
  result.slow_share = static_cast<double>(model.nodes()[0].requests_served) / served;
  result.p99_ms = run.summary().find("search.p99_ms").value();
  return result;
}

// A small key-value cluster: 4 nodes RF 2, node 1 crashes at 2 s and is declared dead at 3 s,
// node 4 is added at 4 s (boot 1 s); every expectation is on a fault's consequences.
nlohmann::json kv_cluster() {
  return nlohmann::json::parse(R"({
    "name": "kv_faults", "seed": 3, "duration_s": 8, "window_s": 1,
    "cluster": {
      "nodes": 4,
      "node": {"cores": 4, "boot_s": 1},
      "replication": {"factor": 2, "write_quorum": 1},
      "failure_detection": {"heartbeat_ms": 100, "failure_timeout_ms": 1000}
    },
    "data": {"keys": 2000, "value_size": {"type": "constant", "value_bytes": 1024}},
    "workload": {"arrivals": {"type": "poisson", "rate_qps": 500}, "mix": {"get": 0.9, "put": 0.1}},
    "timeline": [{"at_s": 2, "action": "fail_node", "node": 1}, {"at_s": 4, "action": "add_node"}],
    "expect": [{"metric": "lost_keys", "eq": 0}, {"metric": "under_replicated_max", "lt": 5000}]
  })");
}

std::string scenario_file(const std::string& name, const nlohmann::json& document) {
  return testing::write_temp_file(name + ".json", document.dump(2));
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
  return count;
}

}  // namespace

TEST_CASE("least_loaded_of_two: searches' shard calls avoid a slow replica", "[headless][trial3][search]") {
  const PolicyRun random = run_policy("random");
  const PolicyRun least_loaded = run_policy("least_loaded_of_two");
  // Random spreads calls evenly over the 3 replicas of each shard (4 nodes: a quarter each);
  // the less loaded of two sees the slow node's queue and sends it clearly fewer.
  CHECK(random.slow_share > 0.22);
  CHECK(random.slow_share < 0.28);
  CHECK(least_loaded.slow_share < 0.85 * random.slow_share);  // measured 0.177 vs 0.241
  CHECK(least_loaded.p99_ms < random.p99_ms);
  // A drained run: every call the client counted has ended.
  CHECK(random.outstanding_left == 0);
  CHECK(least_loaded.outstanding_left == 0);
}

TEST_CASE("outstanding shard calls are released after a crash, timeouts and hedges", "[headless][trial3][search]") {
  nlohmann::json document = slow_replica("least_loaded_of_two");
  document["cluster"]["client"] = {{"timeout_ms", 20}, {"max_retries", 2}};
  document["timeline"].push_back({{"at_s", 1}, {"action", "fail_node"}, {"node", 1}});
  document["workload"]["hedge_ms"] = 5;
  Run run(testing::scenario_from(document));
  run.run_to_end();
  const auto& model = dynamic_cast<const ClusterModel&>(run.model());
  const RunSummary summary = run.summary();
  CHECK(summary.find("shard_timeouts").value() > 0);
  CHECK(summary.find("hedges").value() > 0);
  for (const Node& node : model.nodes()) CHECK(model.outstanding_calls(node.id) == 0);
}

TEST_CASE("run --until between a crash and its detection: the crash is said pending, not a fault that hit no key", "[headless][trial3]") {
  const std::string file = scenario_file("kv_faults", kv_cluster());
  // 2.5 s: node 1 crashed at 2 s, declared dead only at 3 s.
  const testing::CommandResult early = testing::run_ringsim("run " + file + " --until 2.5");
  CHECK(early.exit_code == 0);
  CHECK_FALSE(testing::contains(early.output, "holds trivially"));
  CHECK(testing::contains(early.output, "node 1 crashed at 2 s and is not yet declared dead at the end of this run"));
  // Past detection the crash is no longer pending, and it hit keys: no warning of either kind.
  const testing::CommandResult full = testing::run_ringsim("run " + file + " --until 3.5");
  CHECK_FALSE(testing::contains(full.output, "not yet declared dead"));
  CHECK_FALSE(testing::contains(full.output, "holds trivially"));
}

TEST_CASE("a run without a fault: expectations only a fault can break hold trivially, and say so", "[headless][trial3]") {
  nlohmann::json document = kv_cluster();
  document["timeline"] = nlohmann::json::array({{{"at_s", 4}, {"action", "add_node"}}});
  document["expect"].push_back({{"metric", "failed_requests"}, {"eq", 0}});
  const testing::CommandResult result = testing::run_ringsim("run " + scenario_file("kv_no_fault", document));
  CHECK(result.exit_code == 0);
  CHECK(testing::contains(result.output, "expectation lost_keys == 0 holds trivially: this run has no fault"));
  CHECK(testing::contains(result.output, "expectation under_replicated_max < 5"));
  CHECK(count_of(result.output, "holds trivially: this run has no fault") == 2);
  // Overload alone fails requests: failed_requests == 0 is not called trivial.
  CHECK_FALSE(testing::contains(result.output, "failed_requests == 0 holds trivially"));
  // With a fault that hit keys there is no such warning.
  const testing::CommandResult faulted = testing::run_ringsim("run " + scenario_file("kv_faults", kv_cluster()));
  CHECK_FALSE(testing::contains(faulted.output, "holds trivially"));
}

TEST_CASE("add_node is a row of the changes table, in the console and summary.json, before its join", "[headless][trial3]") {
  const std::string out = testing::temp_dir("trial3_add_node");
  const testing::CommandResult result =
      testing::run_ringsim("run " + scenario_file("kv_faults", kv_cluster()) + " --out " + out + " --report " + out + "/report.html");
  REQUIRE(result.exit_code == 0);
  const nlohmann::json summary = nlohmann::json::parse(testing::read_text(out + "/summary.json"));
  const nlohmann::json& changes = summary["changes"];
  std::vector<std::string> actions;
  for (const nlohmann::json& row : changes) actions.push_back(row["action"].get<std::string>() + " " + row["subject"].get<std::string>());
  const auto at = [&](const std::string& action) { return std::find(actions.begin(), actions.end(), action) - actions.begin(); };
  REQUIRE(at("add_node 4") < static_cast<std::ptrdiff_t>(actions.size()));
  CHECK(changes[at("add_node 4")]["time_s"] == 4);
  // Its keys move on the join of the same node, once booted (boot_s 1 later).
  REQUIRE(at("join 4") < static_cast<std::ptrdiff_t>(actions.size()));
  CHECK(at("join 4") > at("add_node 4"));
  CHECK(changes[at("join 4")]["time_s"] == 5);
  CHECK(changes[at("join 4")]["keys_moved"].get<double>() > 0);
  CHECK(testing::contains(result.output, "add_node"));
  CHECK(testing::contains(testing::read_text(out + "/report.html"), ">add_node<"));
}

TEST_CASE("trace: shard_timeout lines are the shard_timeouts counter, client_timeout lines client_timeouts", "[headless][trial3][search]") {
  nlohmann::json document = slow_replica("least_loaded_of_two");
  // Short call timeouts, hedges and a crash: timers of answered shards, hedged calls and
  // old attempts all exist; only those that time a call out may fire.
  document["cluster"]["client"] = {{"timeout_ms", 10}, {"max_retries", 2}, {"search_timeout_ms", 40}};
  document["cluster"]["failure_detection"] = {{"heartbeat_ms", 100}, {"failure_timeout_ms", 1000}};
  document["workload"]["hedge_ms"] = 4;
  document["duration_s"] = 3;
  document["timeline"] = nlohmann::json::array({{{"at_s", 0}, {"action", "slow_node"}, {"node", 0}, {"factor", 5}, {"duration_s", 10}},
                                                {{"at_s", 1}, {"action", "fail_node"}, {"node", 1}}});
  const std::string out = testing::temp_dir("trial3_trace");
  const testing::CommandResult result =
      testing::run_ringsim("run " + scenario_file("trace_timeouts", document) + " --out " + out + " --trace");
  REQUIRE(result.exit_code == 0);
  const std::string trace = testing::read_text(out + "/trace.jsonl");
  const nlohmann::json summary = nlohmann::json::parse(testing::read_text(out + "/summary.json"));
  const double shard_timeouts = summary["counters"]["shard_timeouts"].get<double>();
  CHECK(shard_timeouts > 10);
  CHECK(summary["counters"]["hedges"].get<double>() > 10);
  CHECK(static_cast<double>(count_of(trace, "\"kind\":\"shard_timeout\"")) == shard_timeouts);
  CHECK(static_cast<double>(count_of(trace, "\"kind\":\"client_timeout\"")) ==
        summary["counters"]["client_timeouts"].get<double>());
  CHECK(static_cast<double>(count_of(trace, "\"kind\":\"shard_hedge\"")) == summary["counters"]["hedges"].get<double>());
}

TEST_CASE("an expectation with no sample reads no sample in the console, check and JUnit, null in summary.json", "[headless][trial3]") {
  // A vector run has a delete operation; this one does no delete.
  nlohmann::json document = slow_replica("random");
  document["expect"] = nlohmann::json::array({{{"metric", "delete.p99_ms"}, {"lt", 5}}});
  const std::string file = scenario_file("no_sample", document);
  const std::string out = testing::temp_dir("trial3_no_sample");
  const testing::CommandResult run = testing::run_ringsim("run " + file + " --out " + out);
  CHECK(run.exit_code == 1);
  CHECK(testing::contains(run.output, "FAIL  delete.p99_ms < 5  (actual no sample)"));
  CHECK(testing::contains(run.output, "expectation delete.p99_ms < 5: no sample"));
  CHECK(testing::contains(run.output, "ringsim: expectation failed: delete.p99_ms < 5 (actual no sample)"));
  CHECK_FALSE(testing::contains(run.output, "none"));
  CHECK_FALSE(testing::contains(run.output, "nan"));
  const nlohmann::json summary = nlohmann::json::parse(testing::read_text(out + "/summary.json"));
  CHECK(summary["expectations"][0]["actual"].is_null());
  const testing::CommandResult check = testing::run_ringsim("check " + file + " --junit " + out + "/junit.xml");
  CHECK(check.exit_code == 1);
  CHECK(testing::contains(check.output, "no sample"));
  CHECK_FALSE(testing::contains(check.output, "nan"));
  const std::string junit = testing::read_text(out + "/junit.xml");
  CHECK(testing::contains(junit, "delete.p99_ms: actual no sample, expected &lt; 5"));
  CHECK_FALSE(testing::contains(junit, "nan"));
}

TEST_CASE("members without shards: the advice follows the rebalance mode", "[headless][trial3]") {
  RunSummary summary;
  summary.counters.emplace_back("members_without_shards_s", 12.0);
  const auto advice = [&](const nlohmann::json& placement) {
    const std::vector<std::string> warnings = run_warnings(summary, {}, {{"cluster", {{"placement", placement}}}});
    REQUIRE(warnings.size() == 1);
    return warnings[0];
  };
  const std::string manual = advice({{"strategy", "shard_balancer"}, {"rebalance", "manual"}});
  CHECK(testing::contains(manual, "with rebalance \"manual\" the shard balancer moves no shard by itself"));
  CHECK(testing::contains(manual, "move_shard or replicate_shard"));
  CHECK_FALSE(testing::contains(manual, "use the shard balancer"));
  const std::string balanced = advice({{"strategy", "shard_balancer"}});  // rebalance "auto" by default
  CHECK(testing::contains(balanced, "raise data.shards"));
  CHECK_FALSE(testing::contains(balanced, "move_shard"));
  CHECK_FALSE(testing::contains(balanced, "use the shard balancer"));
  const std::string hashed = advice({{"strategy", "ring"}});
  CHECK(testing::contains(hashed, "use the shard balancer with rebalance \"auto\""));
}

TEST_CASE("a node idle for the part of a window it ran has utilization 0 there, empty once down for whole windows",
          "[headless][trial4]") {
  // Headless trial 8/10, core 2: 2 s windows, node 2 crashes at 15 s and nothing loads it,
  // so the window [14, 16) read empty ("down") although node 2 was up for [14, 15).
  const nlohmann::json document = nlohmann::json::parse(R"({
    "name": "idle_crash", "seed": 5, "duration_s": 20, "window_s": 2,
    "cluster": {"nodes": 4, "node": {"cores": 2}, "replication": {"factor": 2, "write_quorum": 1},
                "client": {"timeout_ms": 50, "max_retries": 1}},
    "data": {"keys": 100, "value_size": {"type": "constant", "value_bytes": 100}},
    "workload": {"arrivals": {"type": "poisson", "rate_qps": 0.000001}, "mix": {"get": 1.0}},
    "timeline": [{"at_s": 15, "action": "fail_node", "node": 2}]
  })");
  Run run(testing::scenario_from(document));
  run.run_to_end();
  const std::vector<TimePoint>& series = testing::series_named(run, "node.2.utilization");
  bool saw_partial = false;
  bool saw_down = false;
  for (const TimePoint& point : series) {
    if (point.window_start_ns == 14 * kNsPerS) {
      saw_partial = true;
      CHECK(point.value == 0);  // up for [14, 15), idle: 0, not empty
    }
    if (point.window_start_ns == 16 * kNsPerS) {
      saw_down = true;
      CHECK(std::isnan(point.value));  // down the whole window: empty
    }
    if (point.window_start_ns < 14 * kNsPerS) CHECK(point.value == 0);
  }
  CHECK(saw_partial);
  CHECK(saw_down);
}

}  // namespace ringsim
