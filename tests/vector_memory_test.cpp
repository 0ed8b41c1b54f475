// Index memory follows the data: a node frees its index of a shard it handed off, so
// after a join, or a failure and recovery, with the same data and the same number of
// shard replicas, the cluster's summed index memory returns to where it started (the
// independent truth: memory is a function of what is held, not of the history). A
// crashed node holds nothing.
#include <catch2/catch.hpp>

#include "models/cluster/cluster_model.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

// Searches and gets only: upserts replace values in place and would not change memory
// either, but a write-free run makes "the same data" exact.
nlohmann::json memory_json(nlohmann::json timeline) {
  return {
      {"name", "vector-memory-test"},
      {"seed", 5},
      {"duration_s", 20},
      {"window_s", 0.5},
      {"cluster",
       {{"nodes", 6},
        {"node", {{"cores", 4}, {"boot_s", 0.5}}},
        {"placement", {{"strategy", "ring"}, {"vnodes_per_node", 64}}},
        {"replication", {{"factor", 2}, {"write_quorum", 1}}},
        {"failure_detection", {{"heartbeat_ms", 100}, {"failure_timeout_ms", 1000}}},
        {"migration", {{"rebalance_bandwidth_mbps", 400}}},
        {"client", {{"timeout_ms", 20}, {"max_retries", 1}}}}},
      {"data", {{"keys", 4000}, {"shards", 12}, {"vectors", {{"dim", 16}, {"clusters", 16}, {"spread", 0.2}}}}},
      {"index", {{"m", 12}, {"ef_construction", 64}, {"ef_search", 48}, {"k", 10}}},
      {"workload",
       {{"arrivals", {{"type", "poisson"}, {"rate_qps", 100}}},
        {"mix", {{"search", 0.9}, {"get", 0.1}}},
        {"recall_sample_rate", 0.1}}},
      {"timeline", timeline},
  };
}

std::uint32_t shard_replicas(const ClusterModel& model) {
  std::uint32_t count = 0;
  for (NodeId node = 0; node < kNodesMax; ++node) {
    for (std::uint32_t shard = 0; shard < 12; ++shard) count += model.shard_index(node, shard) != nullptr ? 1 : 0;
  }
  return count;
}

TEST_CASE("a join frees the indexes of shards that moved away", "[vectors][memory]") {
  Run run(testing::scenario_from(memory_json(nlohmann::json::array({{{"at_s", 1}, {"action", "add_node"}}}))));
  const auto& model = dynamic_cast<const ClusterModel&>(run.model());
  const double start_bytes = static_cast<double>(model.index_memory_bytes());
  const std::uint32_t start_replicas = shard_replicas(model);
  run.run_to_end();
  model.check_invariants();
  CHECK(run.summary().find("keys_moved").value() > 0);
  CHECK(run.summary().find("lost_keys").value() == 0);
  CHECK(shard_replicas(model) == start_replicas);  // 12 shards x RF 2, whatever moved
  const double end_bytes = static_cast<double>(model.index_memory_bytes());
  CHECK(end_bytes == Approx(start_bytes).epsilon(0.10));
  // Every index left belongs to a node that holds keys of its shard.
  for (NodeId node = 0; node < 7; ++node) {
    for (std::uint32_t shard = 0; shard < 12; ++shard) {
      if (model.shard_index(node, shard) != nullptr) CHECK(model.replicas().unit_keys_on(shard, node) > 0);
    }
  }
}

TEST_CASE("a crashed node holds nothing, after recovery memory returns to its start", "[vectors][memory]") {
  const nlohmann::json timeline = nlohmann::json::array({{{"at_s", 1}, {"action", "fail_node"}, {"node", 2}},
                                                         {{"at_s", 6}, {"action", "recover_node"}, {"node", 2}}});
  Run run(testing::scenario_from(memory_json(timeline)));
  const auto& model = dynamic_cast<const ClusterModel&>(run.model());
  const double start_bytes = static_cast<double>(model.index_memory_bytes());
  const std::uint32_t start_replicas = shard_replicas(model);
  run.advance_to(5 * kNsPerS);  // declared dead at ~2 s, re-replicated since
  CHECK(model.replicas().keys_on(2) == 0);
  CHECK(model.replicas().bytes_on(2) == 0);
  for (std::uint32_t shard = 0; shard < 12; ++shard) CHECK(model.shard_index(2, shard) == nullptr);
  CHECK(shard_replicas(model) == start_replicas);
  run.run_to_end();
  model.check_invariants();
  CHECK(run.summary().find("lost_keys").value() == 0);
  CHECK(model.replicas().keys_on(2) > 0);  // it rejoined and took shards back
  CHECK(shard_replicas(model) == start_replicas);
  CHECK(static_cast<double>(model.index_memory_bytes()) == Approx(start_bytes).epsilon(0.10));
}

}  // namespace
}  // namespace ringsim
