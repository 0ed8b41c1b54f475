// Airflow pools and priority weights (issue #30 item 3) against schedules worked out by hand
// from Airflow 2.x's scheduler loop (scheduler_job.py `_executable_task_instances_to_queued`):
// waiting task instances in order of (-priority_weight, execution_date); stop when the pool
// has no open slot; pass over one needing more slots than are open and admit lower-priority
// ones that fit. Effective weights follow airflow/utils/weight_rule.py (downstream default:
// own + every descendant once; upstream: own + every ancestor; absolute: own).
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "run/scenario.h"
#include "sim/config_error.h"
#include "sim/dag/dag.h"
#include "sim/dag/dag_config.h"
#include "sim/dag/dag_executor.h"
#include "sim/dag/dag_pools.h"
#include "sim/dag/dag_station_pool.h"
#include "sim/simulator.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

using testing::make_task;

constexpr TimeNs kPoolTaskMs = kNsPerMs;

DagTask pooled(std::string name, std::uint32_t slots, std::int64_t weight, std::vector<std::string> after = {}) {
  DagTask task = make_task(std::move(name), 10 * kPoolTaskMs, std::move(after));
  task.pool = "db";
  task.pool_slots = slots;
  task.priority_weight = weight;
  task.weight_rule = WeightRule::kAbsolute;
  return task;
}

// Plenty of workers and cores: only the pool limits parallelism.
struct PoolHarness {
  Simulator simulator;
  StationPool stations{StationPoolConfig{16, 16, 1'000'000, {}}};
  DagExecutor executor{stations, 1};

  explicit PoolHarness(std::uint32_t slots) {
    stations.attach(simulator);
    executor.attach(simulator);
    executor.set_pools({{"db", slots}});
  }
  const DagRun& run_one(std::vector<DagTask> tasks) {
    const DagRunId id =
        executor.submit(simulator, std::make_shared<const DagSpec>(DagSpec::build({"p", std::move(tasks)})), 0);
    simulator.run_to_empty();
    return executor.run(id);
  }
};

TEST_CASE("a pool admits by priority weight and holds slots until the attempt ends", "[dag][pools][issue30]") {
  // 3 slots. t=0: big (2 slots, weight 10) then a (1, 5) fill the pool; b waits.
  // t=10: b (1, 5) and c (2, 1) fit the 3 open slots; d waits. t=20: d.
  PoolHarness harness(3);
  const DagRun& run = harness.run_one({pooled("big", 2, 10), pooled("a", 1, 5), pooled("b", 1, 5),
                                       pooled("c", 2, 1), pooled("d", 1, 1)});
  REQUIRE(run.state == DagRunState::kSucceeded);
  CHECK(run.tasks[0].start_ns == 0);
  CHECK(run.tasks[1].start_ns == 0);
  CHECK(run.tasks[2].start_ns == 10 * kPoolTaskMs);
  CHECK(run.tasks[3].start_ns == 10 * kPoolTaskMs);
  CHECK(run.tasks[4].start_ns == 20 * kPoolTaskMs);
  CHECK(run.report->makespan_ns == 30 * kPoolTaskMs);
  CHECK(harness.executor.pools()[0].occupied_slots() == 0);
  CHECK(harness.executor.pools()[0].waiting() == 0);
}

TEST_CASE("a task needing more slots than are open is passed over for a smaller one", "[dag][pools][issue30]") {
  // 2 slots. x (1 slot, weight 9) goes; y (2 slots, weight 5) does not fit the 1 open slot
  // and is passed over; z (1 slot, weight 1) fits and goes first. y starts when both end.
  PoolHarness harness(2);
  const DagRun& run = harness.run_one({pooled("x", 1, 9), pooled("y", 2, 5), pooled("z", 1, 1)});
  CHECK(run.tasks[0].start_ns == 0);
  CHECK(run.tasks[2].start_ns == 0);
  CHECK(run.tasks[1].start_ns == 10 * kPoolTaskMs);
}

TEST_CASE("attempts ready at one instant are weighed together, not in event order", "[dag][pools][issue30]") {
  // Both roots become ready at t=0, "low" first (task 0): priority, not that order, decides.
  PoolHarness harness(1);
  const DagRun& run = harness.run_one({pooled("low", 1, 1), pooled("high", 1, 9)});
  CHECK(run.tasks[1].start_ns == 0);
  CHECK(run.tasks[0].start_ns == 10 * kPoolTaskMs);
}

TEST_CASE("without pools a DAG runs as before: all at once on enough cores", "[dag][pools][issue30]") {
  Simulator simulator;
  StationPool stations{StationPoolConfig{16, 16, 1'000'000, {}}};
  DagExecutor executor{stations, 1};
  stations.attach(simulator);
  executor.attach(simulator);
  const DagRunId id = executor.submit(
      simulator, std::make_shared<const DagSpec>(DagSpec::build({"p", {pooled("a", 1, 1), pooled("b", 1, 1)}})), 0);
  simulator.run_to_empty();
  CHECK(executor.run(id).tasks[1].start_ns == 0);  // "db" is not declared: unpooled.
}

TEST_CASE("effective priority weights follow Airflow's weight rules", "[dag][pools][issue30]") {
  // r -> m1 -> leaf, r -> m2 -> leaf; weights r 1, m1 2, m2 3, leaf 4.
  std::vector<DagTask> tasks = {make_task("r", 0), make_task("m1", 0, {"r"}), make_task("m2", 0, {"r"}),
                                make_task("leaf", 0, {"m1", "m2"})};
  for (std::size_t i = 0; i < tasks.size(); ++i) tasks[i].priority_weight = static_cast<std::int64_t>(i + 1);
  SECTION("downstream: own plus every descendant, each once") {
    const DagSpec spec = DagSpec::build({"w", tasks});
    CHECK(effective_priority_weights(spec) == std::vector<std::int64_t>{1 + 2 + 3 + 4, 2 + 4, 3 + 4, 4});
  }
  SECTION("upstream: own plus every ancestor, each once") {
    for (DagTask& task : tasks) task.weight_rule = WeightRule::kUpstream;
    const DagSpec spec = DagSpec::build({"w", tasks});
    CHECK(effective_priority_weights(spec) == std::vector<std::int64_t>{1, 2 + 1, 3 + 1, 4 + 2 + 3 + 1});
  }
  SECTION("absolute: own only") {
    for (DagTask& task : tasks) task.weight_rule = WeightRule::kAbsolute;
    const DagSpec spec = DagSpec::build({"w", tasks});
    CHECK(effective_priority_weights(spec) == std::vector<std::int64_t>{1, 2, 3, 4});
  }
}

TEST_CASE("weights, not arrival order, decide who gets a freed slot", "[dag][pools][issue30]") {
  // Three runs of extract -> load in a 1-slot pool, all submitted at 0. t=0: extract#0 runs,
  // extract#1 and extract#2 wait. t=10: extract#1 goes, then load#0 becomes ready. t=20 the
  // slot frees with extract#2 (waiting since 0) and load#0 (since 10) both waiting.
  PoolHarness harness(1);
  auto task = [](std::string name, std::vector<std::string> after) {
    DagTask result = make_task(std::move(name), 10 * kPoolTaskMs, std::move(after));
    result.pool = "db";
    return result;
  };
  std::vector<DagTask> tasks = {task("extract", {}), task("load", {"extract"})};
  SECTION("downstream (the default): extract weighs 2, load 1, so upstream work goes first") {
    const auto spec = std::make_shared<const DagSpec>(DagSpec::build({"etl", tasks}));
    for (int i = 0; i < 3; ++i) harness.executor.submit(harness.simulator, spec, 0);
    harness.simulator.run_to_empty();
    CHECK(harness.executor.run(2).tasks[0].start_ns == 20 * kPoolTaskMs);
    CHECK(harness.executor.run(0).tasks[1].start_ns == 30 * kPoolTaskMs);  // Equal weights: the earlier run.
    CHECK(harness.executor.run(1).tasks[1].start_ns == 40 * kPoolTaskMs);
  }
  SECTION("absolute weights 1 and 5: the later-ready load#0 overtakes extract#2") {
    tasks[0].weight_rule = WeightRule::kAbsolute;
    tasks[1].priority_weight = 5;
    tasks[1].weight_rule = WeightRule::kAbsolute;
    const auto spec = std::make_shared<const DagSpec>(DagSpec::build({"etl", tasks}));
    for (int i = 0; i < 3; ++i) harness.executor.submit(harness.simulator, spec, 0);
    harness.simulator.run_to_empty();
    CHECK(harness.executor.run(0).tasks[1].start_ns == 20 * kPoolTaskMs);
    CHECK(harness.executor.run(1).tasks[1].start_ns == 30 * kPoolTaskMs);
    CHECK(harness.executor.run(2).tasks[0].start_ns == 40 * kPoolTaskMs);
  }
}

std::string scenario_with(const std::string& pools, const std::string& task_extra) {
  return R"({"name": "p", "seed": 1, "duration_s": 2, "window_s": 1,
    "cluster": {"nodes": 2, "node": {"cores": 4}, "replication": {"factor": 1}},
    "data": {"keys": 100, "value_size": {"type": "constant", "value_bytes": 100}},
    "workload": {"arrivals": {"type": "poisson", "rate_qps": 10}, "mix": {"get": 1}},
    )" + pools + R"(
    "pipelines": [{"name": "etl", "at_s": 0.5, "dag": {"name": "etl", "tasks": [
      {"name": "a", "cost": {"type": "constant", "value_ms": 5})" + task_extra + R"(}]}}]})";
}

std::string load_error(const std::string& text) {
  try {
    parse_scenario(nlohmann::json::parse(text), "p.json");
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST_CASE("pool keys are checked with the task's JSON pointer", "[dag][pools][issue30]") {
  CHECK(load_error(scenario_with(R"("pools": {"db": 2},)", R"(, "pool": "db", "pool_slots": 2)")) == "");
  const std::string undeclared = load_error(scenario_with(R"("pools": {"db": 2},)", R"(, "pool": "dbb")"));
  CHECK_THAT(undeclared, Catch::Contains("/pipelines/0/dag/tasks/0/pool"));
  CHECK_THAT(undeclared, Catch::Contains("did you mean \"db\""));
  const std::string too_big = load_error(scenario_with(R"("pools": {"db": 2},)", R"(, "pool": "db", "pool_slots": 3)"));
  CHECK_THAT(too_big, Catch::Contains("/pipelines/0/dag/tasks/0/pool_slots"));
  CHECK_THAT(too_big, Catch::Contains("could never run"));
  CHECK_THAT(load_error(scenario_with(R"("pools": {"db": 0},)", "")), Catch::Contains("/pools/db"));
  CHECK_THAT(load_error(scenario_with("", R"(, "pool": "db")")), Catch::Contains("not declared in /pools"));
  CHECK_THAT(load_error(scenario_with("", R"(, "weight_rule": "sideways")")), Catch::Contains("weight_rule"));
  CHECK_THAT(load_error(scenario_with("", R"(, "priority_weight": 1.5)")), Catch::Contains("whole number"));
  // default_pool, once declared, holds tasks that name no pool.
  CHECK_THAT(load_error(scenario_with(R"("pools": {"default_pool": 1},)", R"(, "pool_slots": 2)")),
             Catch::Contains("could never run"));
}

}  // namespace
}  // namespace ringsim
