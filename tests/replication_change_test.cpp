// Timeline set_replication_factor: lowering drops copies so the survivors are exactly the
// placement's first choices (spread like a fresh cluster at the new factor, not gathered on
// a few nodes); raising migrates the missing copies; nothing is lost either way.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <vector>

#include "sim/config_error.h"
#include "tests/test_support.h"
#include "models/cluster/cluster_model.h"

namespace ringsim {
namespace {

nlohmann::json cluster_json(std::uint32_t factor) {
  nlohmann::json document = nlohmann::json::parse(R"({
    "name": "rf_change", "seed": 3, "duration_s": 30, "window_s": 1,
    "cluster": {"nodes": 8, "node": {"cores": 4},
                "placement": {"strategy": "ring", "vnodes_per_node": 64},
                "replication": {"factor": 2, "write_quorum": 1},
                "migration": {"rebalance_bandwidth_mbps": 800}},
    "data": {"keys": 20000, "value_size": {"type": "constant", "value_bytes": 1024}},
    "workload": {"arrivals": {"type": "poisson", "rate_qps": 500}, "mix": {"get": 0.9, "put": 0.1}}
  })");
  document["cluster"]["replication"]["factor"] = factor;
  return document;
}

std::vector<std::uint64_t> keys_per_node(const ClusterModel& model) {
  std::vector<std::uint64_t> counts;
  for (const Node& node : model.nodes()) counts.push_back(model.replicas().keys_on(node.id));
  return counts;
}

std::vector<std::uint64_t> settled_keys_per_node(const nlohmann::json& document, TimeNs at_ns) {
  Run run(testing::scenario_from(document));
  run.advance_to(at_ns);
  const auto& model = dynamic_cast<const ClusterModel&>(run.model());
  model.check_invariants();
  CHECK(model.migration_ranges_open() == 0);
  CHECK(model.replicas().lost_count() == 0);
  CHECK(model.under_replicated() == 0);
  return keys_per_node(model);
}

TEST_CASE("lowering RF 2 -> 1 keeps the survivors spread as the placement spreads primaries",
          "[cluster][replication]") {
  nlohmann::json lowered = cluster_json(2);
  lowered["timeline"] = nlohmann::json::parse(R"([{"at_s": 5, "action": "set_replication_factor", "factor": 1}])");
  const std::vector<std::uint64_t> after = settled_keys_per_node(lowered, 20 * kNsPerS);
  // Independent truth: a cluster started at RF 1 holds exactly these counts per node.
  CHECK(after == settled_keys_per_node(cluster_json(1), 20 * kNsPerS));
  CHECK(std::accumulate(after.begin(), after.end(), std::uint64_t{0}) == 20000);
  // Balanced: no node holds more than 1.3 x the mean (ring with 64 vnodes per node).
  CHECK(static_cast<double>(*std::max_element(after.begin(), after.end())) < 1.3 * 20000 / 8);
}

TEST_CASE("raising RF 1 -> 3 migrates the missing copies", "[cluster][replication]") {
  nlohmann::json raised = cluster_json(1);
  raised["timeline"] = nlohmann::json::parse(R"([{"at_s": 5, "action": "set_replication_factor", "factor": 3}])");
  Run run(testing::scenario_from(raised));
  run.run_to_end();
  const auto& model = dynamic_cast<const ClusterModel&>(run.model());
  model.check_invariants();
  const std::vector<std::uint64_t> after = keys_per_node(model);
  CHECK(after == settled_keys_per_node(cluster_json(3), 20 * kNsPerS));
  CHECK(std::accumulate(after.begin(), after.end(), std::uint64_t{0}) == 3 * 20000);
  const RunSummary summary = run.summary();
  CHECK(summary.find("keys_moved").value() == 2 * 20000);  // every new copy migrated
  CHECK(summary.find("lost_keys").value() == 0);
}

TEST_CASE("lowering RF on vector shards keeps shard replicas spread", "[cluster][replication][vectors]") {
  const auto shard_replicas_per_node = [](std::uint32_t factor, bool lower_from_2) {
    nlohmann::json document = cluster_json(lower_from_2 ? 2 : factor);
    document["data"] = nlohmann::json::parse(R"({"keys": 3200, "shards": 32, "vectors": {"dim": 8, "clusters": 4}})");
    document["index"] = nlohmann::json::parse(R"({"m": 8, "ef_construction": 20, "ef_search": 10, "k": 5})");
    document["workload"] = nlohmann::json::parse(
        R"({"arrivals": {"type": "poisson", "rate_qps": 100}, "mix": {"search": 0.9, "upsert": 0.1},
            "recall_sample_rate": 0})");
    if (lower_from_2) {
      document["timeline"] =
          nlohmann::json::parse(R"([{"at_s": 5, "action": "set_replication_factor", "factor": 1}])");
    }
    Run run(testing::scenario_from(document));
    run.advance_to(20 * kNsPerS);
    const auto& model = dynamic_cast<const ClusterModel&>(run.model());
    model.check_invariants();
    std::vector<int> counts;
    for (const Node& node : model.nodes()) {
      int shards = 0;
      // A node holds a shard replica when it holds the shard's keys (an emptied index object
      // stays allocated, as after any migration away).
      for (std::uint32_t shard = 0; shard < 32; ++shard) shards += model.replicas().unit_keys_on(shard, node.id) > 0 ? 1 : 0;
      counts.push_back(shards);
    }
    return counts;
  };
  const std::vector<int> lowered = shard_replicas_per_node(1, true);
  CHECK(lowered == shard_replicas_per_node(1, false));
  CHECK(std::accumulate(lowered.begin(), lowered.end(), 0) == 32);
  CHECK(*std::max_element(lowered.begin(), lowered.end()) <= 8);  // not gathered: 32 shards on 8 nodes
}

TEST_CASE("replication factor and operation mix are checked, not clamped", "[scenario][replication]") {
  nlohmann::json document = cluster_json(5);
  document["cluster"]["nodes"] = 4;
  CHECK_THROWS_WITH(testing::scenario_from(document),
                    Catch::Contains("/cluster/replication/factor") && Catch::Contains("exceeds cluster.nodes (4"));
  document = cluster_json(2);
  document["timeline"] = nlohmann::json::parse(R"([{"at_s": 1, "action": "add_node", "count": 1},
      {"at_s": 5, "action": "set_replication_factor", "factor": 7}, {"at_s": 2, "action": "set_rate", "rate_qps": 9}])");
  CHECK_NOTHROW(testing::scenario_from(document));
  document["timeline"][1]["factor"] = 7;
  document["cluster"]["nodes"] = 5;
  CHECK_THROWS_WITH(testing::scenario_from(document),
                    Catch::Contains("/timeline/1/factor") && Catch::Contains("exceeds the 6 data nodes"));
  document = cluster_json(2);
  document["workload"]["mix"] = nlohmann::json::parse(R"({"get": 0.8, "put": 0.1})");
  CHECK_THROWS_WITH(testing::scenario_from(document),
                    Catch::Contains("test.json: /workload/mix: the operation shares sum to 0.9"));
}

}  // namespace
}  // namespace ringsim
