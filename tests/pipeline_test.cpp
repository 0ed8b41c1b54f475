// DAG pipelines on the cluster's nodes: tasks share the nodes' cores, so a DAG's
// parallelism is limited by the cluster; a crash loses attempts, which retries recover.
#include <catch2/catch.hpp>

#include <set>

#include "sim/config_error.h"
#include "tests/test_support.h"
#include "models/cluster/cluster_model.h"

namespace ringsim {
namespace {

nlohmann::json fan_out_dag(int tasks, double cost_ms, int retries, nlohmann::json runs_on = "any") {
  nlohmann::json list = nlohmann::json::array();
  list.push_back({{"name", "start"}, {"cost", {{"type", "constant"}, {"value_ms", 0}}}});
  for (int i = 0; i < tasks; ++i) {
    list.push_back({{"name", "work" + std::to_string(i)},
                    {"after", {"start"}},
                    {"retries", retries},
                    {"backoff_ms", 10},
                    {"runs_on", runs_on},
                    {"cost", {{"type", "constant"}, {"value_ms", cost_ms}}}});
  }
  return {{"name", "fan"}, {"tasks", list}};
}

nlohmann::json pipeline_scenario(int nodes, int cores, nlohmann::json dag, nlohmann::json timeline) {
  return {
      {"name", "pipeline-test"},
      {"seed", 4},
      {"duration_s", 3},
      {"cluster",
       {{"nodes", nodes},
        {"node", {{"cores", cores}}},
        {"failure_detection", {{"heartbeat_ms", 100}, {"failure_timeout_ms", 500}}},
        {"replication", {{"factor", 1}, {"write_quorum", 1}}}}},
      {"data", {{"keys", 100}, {"value_size", {{"type", "constant"}, {"value_bytes", 100}}}}},
      // Next to no client traffic: the DAG has the cores to itself.
      {"workload", {{"arrivals", {{"type", "constant"}, {"rate_qps", 0.001}}}}},
      {"pipelines", {{{"name", "fan"}, {"dag", dag}, {"arrivals", {{"type", "constant"}, {"rate_qps", 1}}}}}},
      {"timeline", timeline},
  };
}

using testing::metric;

TEST_CASE("a pipeline's parallelism is limited by the cluster's cores", "[dag][cluster]") {
  // Eight independent 100 ms tasks: 2 cores serialise them 4 deep, 16 cores run them at once.
  const RunSummary narrow = testing::run_to_end(
      testing::scenario_from(pipeline_scenario(1, 2, fan_out_dag(8, 100, 0), nlohmann::json::array())));
  const RunSummary wide = testing::run_to_end(
      testing::scenario_from(pipeline_scenario(4, 4, fan_out_dag(8, 100, 0), nlohmann::json::array())));
  CHECK(metric(narrow, "dag.fan.runs_succeeded") >= 2);
  CHECK(metric(narrow, "dag.fan.makespan.max_ms") == Approx(400).epsilon(0.005));
  CHECK(metric(wide, "dag.fan.makespan.max_ms") == Approx(100).epsilon(0.005));
}

TEST_CASE("a crash loses running attempts, retries finish the run elsewhere", "[dag][cluster]") {
  // The first run starts at 1 s; node 0 crashes at 1.05 s in the middle of its tasks.
  const nlohmann::json crash = nlohmann::json::array({{{"at_s", 1.05}, {"action", "fail_node"}, {"node", 0}}});
  const RunSummary with_retries =
      testing::run_to_end(testing::scenario_from(pipeline_scenario(2, 4, fan_out_dag(8, 100, 2), crash)));
  CHECK(metric(with_retries, "dag.fan.runs_failed") == 0);
  CHECK(metric(with_retries, "dag.fan.failed_attempts") > 0);
  CHECK(metric(with_retries, "dag.fan.retries") > 0);
  const RunSummary without =
      testing::run_to_end(testing::scenario_from(pipeline_scenario(2, 4, fan_out_dag(8, 100, 0), crash)));
  CHECK(metric(without, "dag.fan.runs_failed") >= 1);
}

TEST_CASE("pipeline configuration errors name their pointer", "[dag][scenario]") {
  nlohmann::json document = pipeline_scenario(2, 2, fan_out_dag(2, 10, 0), nlohmann::json::array());
  document["pipelines"][0]["flow"] = "rag";
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("/pipelines/0/flow: a pipeline needs exactly one"));
  document["pipelines"][0].erase("dag");
  document["pipelines"][0]["flow"] = "rgа";
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("/pipelines/0/flow"));
  document["pipelines"][0]["flow"] = "rag";
  document["pipelines"][0]["params"] = {{"prompt_tokns", 5}};
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("did you mean \"prompt_tokens\"?"));
  document["pipelines"][0]["params"] = {{"prompt_tokens", 5}};
  CHECK_NOTHROW(testing::scenario_from(document));
}

// The workers of the latest finished run's "work" tasks.
std::set<WorkerId> workers_of_latest_run(const Run& run) {
  const auto& model = dynamic_cast<const ClusterModel&>(run.model());
  const std::optional<DagRunId> latest = model.latest_finished_run(0);
  REQUIRE(latest.has_value());
  const DagRun& dag_run = model.dag_executor()->run(*latest);
  std::set<WorkerId> workers;
  for (TaskIndex task = 1; task < dag_run.tasks.size(); ++task) workers.insert(dag_run.tasks[task].worker);
  return workers;
}

TEST_CASE("tasks placed on a role run only on the nodes with that role", "[dag][cluster]") {
  // Eight 100 ms tasks for role "llm" on a 4-node cluster of 1-core nodes: only nodes 2 and
  // 3 have the role, so they run 4 deep (400 ms) instead of 2 deep on all four nodes.
  nlohmann::json document = pipeline_scenario(4, 1, fan_out_dag(8, 100, 0, {{"role", "llm"}}), nlohmann::json::array());
  document["cluster"]["roles"] = {{"llm", {3, 2}}, {"embedder", {0}}};
  Run run(testing::scenario_from(document));
  run.run_to_end();
  CHECK(metric(run.summary(), "dag.fan.runs_succeeded") >= 2);
  CHECK(metric(run.summary(), "dag.fan.makespan.max_ms") == Approx(400).epsilon(0.005));
  CHECK(workers_of_latest_run(run) == std::set<WorkerId>{2, 3});
  // Without roles the same DAG spreads over every node.
  Run anywhere(testing::scenario_from(pipeline_scenario(4, 1, fan_out_dag(8, 100, 0), nlohmann::json::array())));
  anywhere.run_to_end();
  CHECK(metric(anywhere.summary(), "dag.fan.makespan.max_ms") == Approx(200).epsilon(0.005));
  CHECK(workers_of_latest_run(anywhere) == std::set<WorkerId>{0, 1, 2, 3});
}

TEST_CASE("compute nodes run role tasks and never hold data or serve clients", "[dag][cluster]") {
  // Nodes 0-3 hold the data; 4 and 5 are compute-only with role "gpu". Node 5 crashes at
  // 0.5 s and restarts at 1 s: it comes back as a compute node, not as a new member.
  const nlohmann::json timeline = nlohmann::json::array({{{"at_s", 0.5}, {"action", "fail_node"}, {"node", 5}},
                                                         {{"at_s", 1.0}, {"action", "recover_node"}, {"node", 5}}});
  nlohmann::json document = pipeline_scenario(4, 1, fan_out_dag(4, 10, 3, {{"role", "gpu"}}), timeline);
  document["cluster"]["compute_nodes"] = 2;
  document["cluster"]["node"]["boot_s"] = 0.2;
  document["cluster"]["roles"] = {{"gpu", {4, 5}}};
  document["workload"]["arrivals"]["rate_qps"] = 200;
  Run run(testing::scenario_from(document));
  run.run_to_end();
  const auto& model = dynamic_cast<const ClusterModel&>(run.model());
  model.check_invariants();
  CHECK(model.placement().members() == std::vector<NodeId>{0, 1, 2, 3});
  for (const NodeId node : {NodeId{4}, NodeId{5}}) {
    CAPTURE(node);
    CHECK(model.replicas().keys_on(node) == 0);
    CHECK(model.nodes()[node].requests_served == 0);
    CHECK(model.nodes()[node].state == NodeState::kUp);
  }
  CHECK(model.nodes()[0].requests_served > 0);
  CHECK(metric(run.summary(), "nodes_final") == 4);
  CHECK(metric(run.summary(), "dag.fan.runs_failed") == 0);
  CHECK(workers_of_latest_run(run) == std::set<WorkerId>{4, 5});
}

TEST_CASE("one-off pipeline runs start exactly at their times", "[dag][cluster]") {
  nlohmann::json document = pipeline_scenario(2, 4, fan_out_dag(4, 100, 0), nlohmann::json::array());
  document["pipelines"][0].erase("arrivals");
  document["pipelines"][0]["at_s"] = {2.5, 0.25};
  Run run(testing::scenario_from(document));
  run.run_to_end();
  CHECK(metric(run.summary(), "dag.fan.runs_succeeded") == 2);
  const auto& model = dynamic_cast<const ClusterModel&>(run.model());
  REQUIRE(model.dag_executor()->run_count() == 2);
  CHECK(model.dag_executor()->run(0).started_ns == 250 * kNsPerMs);
  CHECK(model.dag_executor()->run(1).started_ns == 2500 * kNsPerMs);
  document["pipelines"][0]["at_s"] = 1;  // One time alone is fine too.
  CHECK(metric(testing::run_to_end(testing::scenario_from(document)), "dag.fan.runs_succeeded") == 1);

  document["pipelines"][0]["at_s"] = {1, 3};  // duration_s is 3.
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("/pipelines/0/at_s/1: expected a time"));
  document["pipelines"][0]["at_s"] = nlohmann::json::array();
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("/pipelines/0/at_s"));
  document["pipelines"][0]["at_s"] = 1;
  document["pipelines"][0]["arrivals"] = {{"type", "constant"}, {"rate_qps", 1}};
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("exactly one of \"arrivals\""));
}

TEST_CASE("a task pinned to a node runs there", "[dag][cluster]") {
  Run run(testing::scenario_from(pipeline_scenario(4, 1, fan_out_dag(2, 10, 0, {{"node", 1}}), nlohmann::json::array())));
  run.run_to_end();
  CHECK(workers_of_latest_run(run) == std::set<WorkerId>{1});
}

TEST_CASE("a role whose nodes are all down makes its tasks unplaceable", "[dag][cluster]") {
  const nlohmann::json crash = nlohmann::json::array({{{"at_s", 0.5}, {"action", "fail_node"}, {"node", 3}}});
  nlohmann::json document = pipeline_scenario(4, 4, fan_out_dag(2, 10, 1, {{"role", "llm"}}), crash);
  document["cluster"]["roles"] = {{"llm", {3}}};
  const RunSummary summary = testing::run_to_end(testing::scenario_from(document));
  // Runs at 1 s and 2 s: each task tries twice (10 ms apart), finds no node, fails the run.
  CHECK(metric(summary, "dag.fan.runs_failed") == 2);
  CHECK(metric(summary, "dag.fan.failed_attempts") == 2 * 2 * 2);
}

TEST_CASE("roles are checked against the cluster's roles", "[dag][scenario]") {
  nlohmann::json document = pipeline_scenario(4, 1, fan_out_dag(2, 10, 0, {{"role", "lm"}}), nlohmann::json::array());
  document["cluster"]["roles"] = {{"llm", {3}}};
  CHECK_THROWS_WITH(testing::scenario_from(document),
                    Catch::Contains("/pipelines/0/dag") && Catch::Contains("runs on role \"lm\"") &&
                        Catch::Contains("did you mean \"llm\"?"));
  document["cluster"]["roles"] = {{"llm", {3, 200}}};
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("/cluster/roles/llm/1: expected a node id"));
  document["cluster"]["roles"] = {{"llm", {3, 3}}};
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("/cluster/roles/llm/1: node 3 is listed twice"));
  document["cluster"]["roles"] = {{"llm", 3}};
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("/cluster/roles/llm: expected a non-empty list"));
  document["cluster"].erase("roles");
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("add it to cluster.roles"));
  // A flow's steps take roles by parameter.
  document = pipeline_scenario(4, 1, fan_out_dag(2, 10, 0), nlohmann::json::array());
  document["pipelines"][0].erase("dag");
  document["pipelines"][0]["flow"] = "rag";
  document["pipelines"][0]["params"] = {{"llm_role", "gpu"}};
  CHECK_THROWS_WITH(testing::scenario_from(document), Catch::Contains("/pipelines/0/params"));
  document["cluster"]["roles"] = {{"gpu", {2, 3}}};
  CHECK_NOTHROW(testing::scenario_from(document));
}

}  // namespace
}  // namespace ringsim
