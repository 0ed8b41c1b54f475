// The virtual cluster against independent truths: the placement's own diff for what a
// join must move, the set of keys a crashed node held for what RF=1 loses, and the
// accounting invariants after every run.
#include <catch2/catch.hpp>

#include "cluster/placement/placement.h"
#include "sim/config_error.h"
#include "tests/test_support.h"
#include "models/cluster/cluster_model.h"

namespace ringsim {
namespace {

constexpr std::uint64_t kKeys = 20'000;
constexpr std::uint32_t kNodes = 8;

nlohmann::json cluster_json(const std::string& strategy, int replication_factor, nlohmann::json timeline) {
  return {
      {"name", "cluster-test"},
      {"seed", 11},
      {"duration_s", 12},
      {"cluster",
       {{"nodes", kNodes},
        {"node",
         {{"cores", 4},
          {"boot_s", 1},
          {"service",
           {{"get", {{"type", "exponential"}, {"mean_ms", 0.2}}},
            {"put", {{"type", "exponential"}, {"mean_ms", 0.4}}}}}}},
        {"placement", {{"strategy", strategy}, {"vnodes_per_node", 256}}},
        {"replication", {{"factor", replication_factor}, {"write_quorum", 1}}},
        {"failure_detection", {{"heartbeat_ms", 100}, {"failure_timeout_ms", 500}}},
        {"migration", {{"rebalance_bandwidth_mbps", 800}, {"chunk_bytes", 262144}}}}},
      {"data", {{"keys", kKeys}, {"value_size", {{"type", "constant"}, {"value_bytes", 1024}}}}},
      {"workload",
       {{"arrivals", {{"type", "poisson"}, {"rate_qps", 4000}}},
        {"mix", {{"get", 0.8}, {"put", 0.2}}},
        {"popularity", {{"type", "zipf"}, {"s", 0.9}}}}},
      {"timeline", timeline},
  };
}

struct ClusterRun {
  RunSummary summary;
  std::vector<ChangeRecord> changes;
};

ClusterRun run_cluster(const nlohmann::json& document) {
  Run run(testing::scenario_from(document));
  run.run_to_end();
  const auto& model = dynamic_cast<const ClusterModel&>(run.model());
  model.check_invariants();
  return {run.summary(), model.changes()};
}

double metric(const ClusterRun& run, const std::string& name) { return run.summary.find(name).value(); }

// Replica entries (key, node) in `after` that are not in `before`: what any correct
// migration must copy, computed from the placement alone.
std::uint64_t placement_diff(std::string strategy, int replication_factor, bool join) {
  PlacementConfig config;
  config.strategy = strategy;
  std::unique_ptr<Placement> placement = make_placement(config, 11);
  for (NodeId node = 0; node < kNodes; ++node) placement->add_member(node);
  std::vector<ReplicaList> before;
  placement->assign(kKeys, replication_factor, before);
  if (join) {
    placement->add_member(kNodes);
  } else {
    placement->remove_member(3);
  }
  std::vector<ReplicaList> after;
  placement->assign(kKeys, replication_factor, after);
  std::uint64_t moved = 0;
  for (std::size_t key = 0; key < kKeys; ++key) {
    for (const NodeId node : after[key]) moved += before[key].contains(node) ? 0 : 1;
  }
  return moved;
}

TEST_CASE("a join copies exactly the replicas the placement moves, close to the ideal", "[cluster]") {
  const nlohmann::json join = nlohmann::json::array({{{"at_s", 1}, {"action", "add_node"}}});
  struct Case {
    const char* strategy;
    std::string enum_value;
    int replication_factor;
    double tolerance;  // of keys_moved / keys_moved_ideal
  };
  // Jump and rendezvous move 1/(N+1) of the keys up to sampling noise. A ring with 256
  // vnodes gives the new node a share with about 6 % relative spread, so one seed is held
  // to 10 % here; placement_test checks the 5 % bound averaged over seeds. Replicas
  // beyond the first are where strategies differ (jump rehashes), hence RF=3 at 10 %.
  for (const Case& c : {Case{"jump", "jump", 1, 0.05},
                        Case{"rendezvous", "rendezvous", 1, 0.05},
                        Case{"ring", "ring", 1, 0.10},
                        Case{"ring", "ring", 3, 0.10},
                        Case{"jump", "jump", 3, 0.10}}) {
    CAPTURE(c.strategy, c.replication_factor);
    const ClusterRun run = run_cluster(cluster_json(c.strategy, c.replication_factor, join));
    CHECK(metric(run, "keys_moved") ==
          static_cast<double>(placement_diff(c.enum_value, c.replication_factor, true)));
    CHECK(metric(run, "keys_moved") / metric(run, "keys_moved_ideal") == Approx(1.0).epsilon(c.tolerance));
    CHECK(metric(run, "keys_moved_ideal") == Approx(kKeys * c.replication_factor / (kNodes + 1.0)));
    CHECK(metric(run, "lost_keys") == 0);
    CHECK(metric(run, "failed_requests") == 0);
    CHECK(run.changes.back().completed_ns > 0);
  }
}

TEST_CASE("mod_n moves almost every key on a join", "[cluster]") {
  const ClusterRun run =
      run_cluster(cluster_json("mod_n", 1, nlohmann::json::array({{{"at_s", 1}, {"action", "add_node"}}})));
  CHECK(metric(run, "keys_moved") / kKeys == Approx(static_cast<double>(kNodes) / (kNodes + 1)).epsilon(0.05));
  CHECK(metric(run, "keys_moved") == static_cast<double>(placement_diff("mod_n", 1, true)));
}

TEST_CASE("a crash with RF=2 loses nothing, with RF=1 it loses exactly the node's keys", "[cluster]") {
  const nlohmann::json crash = nlohmann::json::array({{{"at_s", 2}, {"action", "fail_node"}, {"node", 3}}});
  const ClusterRun rf2 = run_cluster(cluster_json("ring", 2, crash));
  CHECK(metric(rf2, "lost_keys") == 0);
  CHECK(metric(rf2, "under_replicated_max") > 0);
  CHECK(metric(rf2, "timeouts") > 0);  // Before detection, requests to node 3 time out.
  CHECK(metric(rf2, "nodes_final") == kNodes - 1);

  PlacementConfig config;
  std::unique_ptr<Placement> placement = make_placement(config, 11);
  for (NodeId node = 0; node < kNodes; ++node) placement->add_member(node);
  std::uint64_t keys_on_node_3 = 0;
  ReplicaList replicas;
  for (KeyId key = 0; key < kKeys; ++key) {
    placement->replicas_for(key_hash(key), 1, replicas);
    keys_on_node_3 += replicas.nodes[0] == 3 ? 1 : 0;
  }
  const ClusterRun rf1 = run_cluster(cluster_json("ring", 1, crash));
  CHECK(keys_on_node_3 > 1000);
  CHECK(metric(rf1, "lost_keys") == static_cast<double>(keys_on_node_3));
  CHECK(metric(rf1, "lost_key_requests") > 0);
}

TEST_CASE("two crashes with RF=3 lose nothing, even before detection", "[cluster]") {
  const ClusterRun run = run_cluster(cluster_json(
      "ring", 3,
      nlohmann::json::array({{{"at_s", 2}, {"action", "fail_node"}, {"node", 1}},
                             {{"at_s", 2.2}, {"action", "fail_node"}, {"node", 5}}})));
  CHECK(metric(run, "lost_keys") == 0);
  CHECK(metric(run, "under_replicated_max") > 0);
  CHECK(metric(run, "under_replicated_s") > 0);
  CHECK(metric(run, "under_replicated_s") < 8);  // Re-replicated well before the end.
}

TEST_CASE("reads during migration always find the data", "[cluster]") {
  for (const char* strategy : {"ring", "jump", "bounded_load"}) {
    CAPTURE(strategy);
    nlohmann::json document =
        cluster_json(strategy, 1, nlohmann::json::array({{{"at_s", 1}, {"action", "add_node"}, {"count", 2}}}));
    document["cluster"]["migration"]["rebalance_bandwidth_mbps"] = 20;  // Long handoffs.
    const ClusterRun run = run_cluster(document);
    CHECK(metric(run, "keys_moved") > 0);
    CHECK(metric(run, "failed_requests") == 0);
    CHECK(metric(run, "timeouts") == 0);
    CHECK(metric(run, "lost_key_requests") == 0);
  }
}

TEST_CASE("a graceful removal never under-replicates and the node leaves empty", "[cluster]") {
  nlohmann::json document =
      cluster_json("ring", 3, nlohmann::json::array({{{"at_s", 1}, {"action", "remove_node"}, {"node", 3}}}));
  Run run(testing::scenario_from(document));
  run.run_to_end();
  const auto& model = dynamic_cast<const ClusterModel&>(run.model());
  model.check_invariants();
  const RunSummary summary = run.summary();
  CHECK(summary.find("under_replicated_max").value() == 0);
  CHECK(summary.find("failed_requests").value() == 0);
  CHECK(summary.find("keys_moved").value() ==
        static_cast<double>(placement_diff("ring", 3, false)));
  CHECK(model.nodes()[3].state == NodeState::kLeft);
  CHECK(model.replicas().keys_on(3) == 0);
}

TEST_CASE("a partition longer than the failure timeout re-replicates, then the node rejoins", "[cluster]") {
  const ClusterRun run = run_cluster(cluster_json(
      "ring", 3,
      nlohmann::json::array({{{"at_s", 2}, {"action", "partition"}, {"nodes", {2}}, {"duration_s", 3}}})));
  CHECK(metric(run, "lost_keys") == 0);
  CHECK(metric(run, "timeouts") > 0);
  CHECK(metric(run, "nodes_final") == kNodes);
  bool declared = false;
  bool rejoined = false;
  for (const ChangeRecord& change : run.changes) {
    declared = declared || change.action == "declared_dead";
    rejoined = rejoined || (change.action == "join" && change.subject == "2");
  }
  CHECK(declared);
  CHECK(rejoined);
}

TEST_CASE("every strategy is deterministic through joins, crashes and recoveries", "[cluster][determinism][sanitize_skip]") {
  const nlohmann::json timeline = nlohmann::json::array({{{"at_s", 1}, {"action", "add_node"}},
                                                         {{"at_s", 3}, {"action", "fail_node"}, {"node", 2}},
                                                         {{"at_s", 6}, {"action", "recover_node"}, {"node", 2}},
                                                         {{"at_s", 7}, {"action", "remove_node"}, {"node", 0}}});
  for (const char* strategy : {"ring", "rendezvous", "jump", "bounded_load", "mod_n"}) {
    CAPTURE(strategy);
    nlohmann::json document = cluster_json(strategy, 2, timeline);
    const ClusterRun first = run_cluster(document);
    const ClusterRun second = run_cluster(document);
    CHECK(first.summary.trace_hash == second.summary.trace_hash);
    CHECK(testing::same_counters(first.summary.counters, second.summary.counters));
    document["seed"] = 12;
    CHECK(run_cluster(document).summary.trace_hash != first.summary.trace_hash);
    CHECK(metric(first, "lost_keys") == 0);
  }
}

TEST_CASE("a run cut at time T hashes like a run that ends at T", "[cluster][determinism]") {
  // The node boots at exactly 2 s, when a window closes: events at the cut point must not
  // depend on what the longer run has already scheduled beyond it (this is how the GUI's
  // "--until" is compared with a headless run).
  nlohmann::json document = cluster_json("ring", 3, nlohmann::json::array({{{"at_s", 1}, {"action", "add_node"}}}));
  Run long_run(testing::scenario_from(document));
  long_run.advance_to(2 * kNsPerS);
  document["duration_s"] = 2;
  const RunSummary short_run = testing::run_to_end(testing::scenario_from(document));
  CHECK(long_run.simulator().events_executed() == short_run.events);
  CHECK(long_run.simulator().trace_hash() == short_run.trace_hash);
}

TEST_CASE("timeline errors name the action and the missing node", "[cluster][scenario]") {
  nlohmann::json document =
      cluster_json("ring", 3, nlohmann::json::array({{{"at_s", 1}, {"action", "fail_node"}, {"node", 9}}}));
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("/timeline/0: node 9 does not exist"));
  document["timeline"] = nlohmann::json::array({{{"at_s", 1}, {"action", "add_node"}},
                                                {{"at_s", 2}, {"action", "fail_node"}, {"node", 8}}});
  CHECK_NOTHROW(testing::scenario_from(document));
  document["timeline"] = nlohmann::json::array({{{"at_s", 1}, {"action", "fail_nod"}, {"node", 1}}});
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("did you mean \"fail_node\"?"));
  document["timeline"] = nlohmann::json::array({{{"at_s", 1}, {"action", "fail_node"}, {"nodes", 1}}});
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("/timeline/0/node: missing required key"));
  document["timeline"] = nlohmann::json::array();
  document["data"]["keys"] = 1e12;
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("/data/keys"));
}

}  // namespace
}  // namespace ringsim
