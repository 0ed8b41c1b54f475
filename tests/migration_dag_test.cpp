// Cluster migrations run as DAGs: each moved range is one run of snapshot -> stream ->
// apply -> verify -> switch_ownership -> drop_source on its source and target. Checked
// against what that order implies for the data: the target serves a key only after the
// switch, the source keeps its copy until drop_source, and a node dying mid-range aborts
// the range without losing or double-counting a copy.
#include <catch2/catch.hpp>

#include "tests/test_support.h"
#include "models/cluster/cluster_model.h"

namespace ringsim {
namespace {

constexpr std::uint64_t kKeys = 8'000;
constexpr std::uint32_t kNodes = 4;
constexpr NodeId kJoiner = kNodes;  // The first node added gets the next id.
constexpr int kReplicationFactor = 2;

// Four nodes, a fifth joins at 1 s (booting 0.5 s); 8 MB to move at 80 Mbit/s takes
// about 0.8 s, so streams are in flight around 1.6-2.3 s.
nlohmann::json join_scenario(nlohmann::json migration, nlohmann::json timeline,
                              int replication_factor = kReplicationFactor) {
  migration["rebalance_bandwidth_mbps"] = 80;
  migration["chunk_bytes"] = 65536;
  return {
      {"name", "migration-dag-test"},
      {"seed", 5},
      {"duration_s", 12},
      {"cluster",
       {{"nodes", kNodes},
        {"node", {{"cores", 4}, {"boot_s", 0.5}}},
        {"placement", {{"strategy", "ring"}, {"vnodes_per_node", 64}}},
        {"replication", {{"factor", replication_factor}, {"write_quorum", 1}}},
        {"failure_detection", {{"heartbeat_ms", 100}, {"failure_timeout_ms", 500}}},
        {"migration", migration}}},
      {"data", {{"keys", kKeys}, {"value_size", {{"type", "constant"}, {"value_bytes", 4096}}}}},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_qps", 500}}}, {"mix", {{"get", 0.8}, {"put", 0.2}}}}},
      {"timeline", timeline},
  };
}

nlohmann::json join_at_1s() { return nlohmann::json::array({{{"at_s", 1}, {"action", "add_node"}}}); }

const ClusterModel& model_of(const Run& run) { return dynamic_cast<const ClusterModel&>(run.model()); }

using testing::metric;

std::uint64_t keys_with_extra_copies(const ClusterModel& model) {
  std::uint64_t extra = 0;
  for (KeyId key = 0; key < model.replicas().key_count(); ++key) {
    extra += model.replicas().holders(key).size() > kReplicationFactor ? 1 : 0;
  }
  return extra;
}

std::uint64_t copies_in_flight(const ClusterModel& model) {
  std::uint64_t incoming = 0;
  for (KeyId key = 0; key < model.replicas().key_count(); ++key) {
    incoming += static_cast<std::uint64_t>(model.replicas().incoming(key).size());
  }
  return incoming;
}

TEST_CASE("every moved range runs the migration DAG on its source and target", "[migration][dag]") {
  Run run(testing::scenario_from(join_scenario(nlohmann::json::object(), join_at_1s())));
  run.run_to_end();
  const ClusterModel& model = model_of(run);
  model.check_invariants();
  const DagExecutor* dags = model.migration_dag_executor();
  REQUIRE(dags != nullptr);
  const RunSummary summary = run.summary();
  // One range per (source, target): the joiner receives from each of the others.
  CHECK(dags->run_count() == kNodes);
  CHECK(metric(summary, "dag.migration.runs_succeeded") == kNodes);
  CHECK(metric(summary, "dag.migration.runs_failed") == 0);
  CHECK(model.migration_ranges_open() == 0);
  CHECK(copies_in_flight(model) == 0);
  CHECK(keys_with_extra_copies(model) == 0);

  // The latest finished run keeps its records: a chain, each task on its node.
  const DagRun& last = dags->run(dags->run_count() - 1);
  REQUIRE(last.tasks.size() == 6);
  const std::vector<std::string> order = {"snapshot", "stream", "apply", "verify", "switch_ownership", "drop_source"};
  for (TaskIndex task = 0; task < last.tasks.size(); ++task) {
    CAPTURE(task);
    const DagTask& spec = last.spec->task(task);
    CHECK(spec.kind == order[task]);
    CHECK(last.tasks[task].state == TaskState::kDone);
    REQUIRE(spec.runs_on.kind == TaskPlacement::Kind::kNode);
    CHECK(last.tasks[task].worker == spec.runs_on.node);
    const bool on_target = spec.kind == "apply" || spec.kind == "verify" || spec.kind == "switch_ownership";
    CHECK((spec.runs_on.node == kJoiner) == on_target);
    if (task > 0) CHECK(last.tasks[task - 1].end_ns <= last.tasks[task].ready_ns);
  }
  // Streaming 1/5 of 8,000 x 2 copies x 4 KiB at 80 Mbit/s from four senders into one
  // receiver paced at 80 Mbit/s: about 0.66 s for the whole change.
  CHECK(metric(summary, "dag.migration.stage.stream.max_ms") > 300);
  CHECK(metric(summary, "dag.migration.stage.switch_ownership.max_ms") == Approx(2.0).epsilon(0.2));
}

TEST_CASE("the target serves a range only after its switch, the source keeps it until drop_source",
          "[migration][dag]") {
  // A 2 s ownership switch and a slow drop make the phases wide enough to observe.
  const nlohmann::json slow_phases = {{"switch_ms", 2000}, {"drop_us_per_key", 500}};
  Run run(testing::scenario_from(join_scenario(slow_phases, join_at_1s())));
  const ClusterModel& model = model_of(run);
  constexpr TimeNs kStepNs = 10 * kNsPerMs;
  // Until every stream has ended, and a bit beyond: nothing is switched yet.
  TimeNs now_ns = kNsPerS;
  do {
    now_ns += kStepNs;
    run.advance_to(now_ns);
  } while (model.migrator().transfers().empty() || model.migrator().streaming_count() > 0);
  run.advance_to(now_ns + 500 * kNsPerMs);
  CHECK(model.replicas().keys_on(kJoiner) == 0);
  CHECK(copies_in_flight(model) > 0);
  CHECK(model.migration_ranges_open() == kNodes);
  // After the switches and before the drops: the joiner serves its share, and the old
  // owners still hold an extra copy each.
  do {
    now_ns += kStepNs;
    run.advance_to(now_ns);
  } while (model.replicas().keys_on(kJoiner) == 0);
  run.advance_to(now_ns + 50 * kNsPerMs);
  CHECK(model.replicas().keys_on(kJoiner) > 0);
  CHECK(keys_with_extra_copies(model) > 0);
  model.check_invariants();
  run.run_to_end();
  CHECK(keys_with_extra_copies(model) == 0);
  CHECK(copies_in_flight(model) == 0);
  CHECK(model.replicas().keys_on(kJoiner) == model.changes().back().keys_moved);
  model.check_invariants();
}

TEST_CASE("a node dying mid-range aborts its ranges and the keys are copied again", "[migration][dag]") {
  // The joiner's ranges stream from 1.5 s. Node 1, the source of one of them, crashes at
  // 1.7 s; the joiner itself crashes at 1.9 s, is declared dead 0.5 s later and restarts
  // at 4 s, so the same node joins again and receives its share afresh. Two nodes down
  // at once: RF 3 keeps a copy of every key.
  const nlohmann::json timeline = nlohmann::json::array({
      {{"at_s", 1}, {"action", "add_node"}},
      {{"at_s", 1.7}, {"action", "fail_node"}, {"node", 1}},
      {{"at_s", 1.9}, {"action", "fail_node"}, {"node", kJoiner}},
      {{"at_s", 4}, {"action", "recover_node"}, {"node", kJoiner}},
  });
  Run run(testing::scenario_from(join_scenario(nlohmann::json::object(), timeline, 3)));
  run.run_to_end();
  const ClusterModel& model = model_of(run);
  model.check_invariants();
  const RunSummary summary = run.summary();
  // The source's range at 1.7 s, then every range into the joiner (one per source).
  CHECK(metric(summary, "dag.migration.runs_failed") >= 1 + (kNodes - 1));
  // Downstream of the failed stage: upstream_failed, as Airflow marks it (#30), not skipped.
  CHECK(metric(summary, "dag.migration.tasks_upstream_failed") >= 1);
  CHECK(metric(summary, "dag.migration.runs_succeeded") >= 1);
  CHECK(metric(summary, "lost_keys") == 0);
  CHECK(model.migration_ranges_open() == 0);
  CHECK(copies_in_flight(model) == 0);
  CHECK(model.under_replicated() == 0);
  CHECK(model.replicas().keys_on(kJoiner) > 0);
  for (const ChangeRecord& change : model.changes()) CHECK(change.transfers_open == 0);
  // Aborts, replans and reruns are as deterministic as the rest.
  Run again(testing::scenario_from(join_scenario(nlohmann::json::object(), timeline, 3)));
  again.run_to_end();
  CHECK(again.summary().trace_hash == summary.trace_hash);
}

TEST_CASE("migration runs in the system lane: full client queues do not starve it", "[migration][dag]") {
  // One-slot queues on 1-core nodes at three times their capacity the whole run: client
  // requests are shed, yet the join's ranges complete, ahead of the queued requests.
  nlohmann::json document = join_scenario(nlohmann::json::object(), join_at_1s());
  document["cluster"]["node"] = {{"cores", 1},
                                 {"queue_capacity", 1},
                                 {"boot_s", 0.5},
                                 {"service", {{"get", {{"type", "constant"}, {"value_ms", 6}}},
                                              {"put", {{"type", "constant"}, {"value_ms", 6}}}}}};
  document["workload"]["arrivals"]["rate_qps"] = 2000;
  Run run(testing::scenario_from(document));
  run.run_to_end();
  const ClusterModel& model = model_of(run);
  model.check_invariants();
  const RunSummary summary = run.summary();
  CHECK(metric(summary, "queue_rejections") > 0);
  CHECK(metric(summary, "dag.migration.runs_failed") == 0);
  CHECK(metric(summary, "dag.migration.runs_succeeded") == kNodes);
  CHECK(model.migration_ranges_open() == 0);
  CHECK(model.replicas().keys_on(kJoiner) > 0);
}

TEST_CASE("a range whose target leaves mid-flight is aborted", "[migration][dag]") {
  // The joiner is removed at 1.6 s while its ranges stream in: it holds nothing yet, so it
  // leaves at once, which aborts the ranges into it; the cluster settles exactly on the
  // four original nodes.
  const nlohmann::json timeline = nlohmann::json::array({
      {{"at_s", 1}, {"action", "add_node"}},
      {{"at_s", 1.6}, {"action", "remove_node"}, {"node", kJoiner}},
  });
  Run run(testing::scenario_from(join_scenario(nlohmann::json::object(), timeline)));
  run.run_to_end();
  const ClusterModel& model = model_of(run);
  model.check_invariants();
  const RunSummary summary = run.summary();
  CHECK(metric(summary, "dag.migration.runs_failed") >= 1);
  CHECK(metric(summary, "lost_keys") == 0);
  CHECK(model.nodes()[kJoiner].state == NodeState::kLeft);
  CHECK(model.replicas().keys_on(kJoiner) == 0);
  CHECK(model.migration_ranges_open() == 0);
  CHECK(copies_in_flight(model) == 0);
  CHECK(keys_with_extra_copies(model) == 0);
}

TEST_CASE("migration step costs are read from the scenario, strictly", "[migration][scenario]") {
  nlohmann::json document = join_scenario({{"verify_us_per_key", 1}}, join_at_1s());
  CHECK_NOTHROW(testing::scenario_from(document));
  document["cluster"]["migration"]["verify_us_per_kye"] = 1;
  CHECK_THROWS_WITH(testing::scenario_from(document),
                    Catch::Contains("/cluster/migration") && Catch::Contains("verify_us_per_key"));
  document["cluster"]["migration"].erase("verify_us_per_kye");
  document["cluster"]["migration"]["switch_ms"] = -1;
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("/cluster/migration/switch_ms"));
}

}  // namespace
}  // namespace ringsim
