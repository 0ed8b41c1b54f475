// DAG pipelines on the cluster's nodes: tasks share the nodes' cores, so a DAG's
// parallelism is limited by the cluster; a crash loses attempts, which retries recover.
#include <catch2/catch.hpp>

#include "sim/config_error.h"
#include "tests/test_support.h"
#include "workloads/cluster_model.h"

namespace ringsim {
namespace {

nlohmann::json fan_out_dag(int tasks, double cost_ms, int retries) {
  nlohmann::json list = nlohmann::json::array();
  list.push_back({{"name", "start"}, {"cost", {{"type", "constant"}, {"value_ms", 0}}}});
  for (int i = 0; i < tasks; ++i) {
    list.push_back({{"name", "work" + std::to_string(i)},
                    {"after", {"start"}},
                    {"retries", retries},
                    {"backoff_ms", 10},
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

double metric(const RunSummary& summary, const std::string& name) { return summary.find(name).value(); }

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

TEST_CASE("a crash loses running attempts; retries finish the run elsewhere", "[dag][cluster]") {
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

}  // namespace
}  // namespace ringsim
