// The DAG engine against hand-computed truths: validation errors name exactly the wrong
// task (and JSON pointer), schedules with constant costs land on exact virtual times
// (parallel on enough cores, serial on one, retries after their backoff, timeouts at their
// deadline), the critical path of a small DAG equals the one worked out by hand, and a run
// is a function of its seed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/config_error.h"
#include "sim/dag/dag.h"
#include "sim/dag/dag_config.h"
#include "sim/dag/dag_executor.h"
#include "workloads/pipeline_flows.h"
#include "sim/dag/dag_metrics.h"
#include "sim/dag/dag_station_pool.h"
#include "sim/metrics.h"
#include "sim/simulator.h"
#include "sim/trace.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

using testing::make_task;

constexpr TimeNs kMs = kNsPerMs;

// "t<index>". (Appending instead of `"t" + std::to_string(i)` sidesteps a false -Wrestrict
// warning of GCC 12.)
std::string task_name(std::size_t index) {
  std::string name = "t";
  name += std::to_string(index);
  return name;
}

std::shared_ptr<const DagSpec> build(std::string name, std::vector<DagTask> tasks) {
  return std::make_shared<const DagSpec>(DagSpec::build({std::move(name), std::move(tasks)}));
}

template <typename Error, typename Body>
std::optional<Error> thrown(Body body) {
  try {
    body();
  } catch (const Error& error) {
    return error;
  }
  return std::nullopt;
}

// Every event of the executor, for checking exact schedules.
struct DagEventLog final : TraceSink {
  struct Entry {
    TimeNs time_ns;
    std::string kind;
    DagRunId run;
    TaskIndex task;
    std::uint32_t attempt;
  };
  std::vector<Entry> entries;

  void on_event(const Event& event, const EventHandler& handler) override {
    if (std::string(handler.handler_name()) != "dag") return;
    entries.push_back({event.time_ns, handler.event_kind_name(event.kind),
                       static_cast<DagRunId>(event.arg0), static_cast<TaskIndex>(event.arg1 >> 32),
                       static_cast<std::uint32_t>(event.arg1 & 0xffffff)});
  }
  std::vector<TimeNs> times(const std::string& kind, TaskIndex task) const {
    std::vector<TimeNs> result;
    for (const Entry& entry : entries) {
      if (entry.kind == kind && entry.task == task) result.push_back(entry.time_ns);
    }
    return result;
  }
};

// A simulator, a station pool and an executor wired together.
struct Harness {
  Simulator simulator;
  StationPool pool;
  DagExecutor executor;
  DagEventLog log;

  Harness(std::uint32_t workers, std::uint32_t cores, std::uint64_t seed = 1,
          std::uint64_t queue_capacity = 1'000'000)
      : pool(StationPoolConfig{workers, cores, queue_capacity, {}}), executor(pool, seed) {
    pool.attach(simulator);
    executor.attach(simulator);
    simulator.set_trace_sink(&log);
  }

  const DagRun& run_one(std::shared_ptr<const DagSpec> spec) {
    const DagRunId id = executor.submit(simulator, std::move(spec), 0);
    simulator.run_to_empty();
    return executor.run(id);
  }
};

// [SECTION] Validation

TEST_CASE("a cycle is reported with exactly its members, in dependency order", "[dag]") {
  const auto error = thrown<DagError>([] {
    DagSpec::build({"cyclic",
                    {make_task("root", kMs), make_task("a", kMs, {"root", "c"}),
                     make_task("b", kMs, {"a"}), make_task("c", kMs, {"b"}),
                     make_task("tail", kMs, {"a"}), make_task("other", kMs)}});
  });
  REQUIRE(error.has_value());
  const DagProblem& problem = error->problem();
  REQUIRE(problem.kind == DagProblem::Kind::kCycle);
  const std::vector<std::string>& cycle = problem.cycle;
  CHECK(std::set<std::string>(cycle.begin(), cycle.end()) == std::set<std::string>{"a", "b", "c"});
  REQUIRE(cycle.size() == 3);
  // Each member runs after the one before it (cyclically), and the message says so.
  const std::map<std::string, std::string> runs_after = {{"a", "c"}, {"b", "a"}, {"c", "b"}};
  for (std::size_t i = 0; i < cycle.size(); ++i) {
    CHECK(runs_after.at(cycle[i]) == cycle[(i + cycle.size() - 1) % cycle.size()]);
  }
  CHECK(problem.message ==
        "cycle: " + cycle[0] + " -> " + cycle[1] + " -> " + cycle[2] + " -> " + cycle[0]);

  const auto self = thrown<DagError>([] { DagSpec::build({"self", {make_task("x", kMs, {"x"})}}); });
  REQUIRE(self.has_value());
  CHECK(self->problem().cycle == std::vector<std::string>{"x"});
  CHECK(std::string(self->what()) == "cycle: x -> x");
}

nlohmann::json dag_json() {
  return nlohmann::json::parse(R"({
    "name": "ingest",
    "tasks": [
      {"name": "extract", "kind": "extract", "cost": {"type": "constant", "value_ms": 5},
       "retries": 2, "backoff_ms": 10, "timeout_ms": 1000, "runs_on": "any"},
      {"name": "chunk", "after": ["extract"],
       "cost": {"type": "work", "terms": [{"what": "items", "units": 4, "per_unit_ms": 0.5}]}},
      {"name": "embed", "after": ["chunk"], "cost": {"type": "constant", "value_ms": 3},
       "runs_on": {"role": "embedder"}},
      {"name": "store", "after": ["embed", "chunk"], "cost": {"type": "constant", "value_ms": 1},
       "runs_on": {"key_owner": 7}, "fail_probability": 0}
    ]})");
}

ConfigError read_error(const nlohmann::json& document) {
  const auto error = thrown<ConfigError>([&] { read_dag(ObjectReader(document, "", "dag.json")); });
  REQUIRE(error.has_value());
  return *error;
}

TEST_CASE("read_dag reads the documented format", "[dag]") {
  const DagSpec spec = read_dag(ObjectReader(dag_json(), "", "dag.json"));
  REQUIRE(spec.size() == 4);
  const DagTask& extract = spec.task(0);
  CHECK(extract.retry.max_retries == 2);
  CHECK(extract.retry.backoff_initial_ns == 10 * kMs);
  CHECK(extract.timeout_ns == 1000 * kMs);
  CHECK(spec.task(1).kind == "chunk");
  CHECK(spec.task(1).cost.mean_ns() == Approx(2.0 * kMs));
  CHECK(spec.task(2).runs_on == TaskPlacement::on_role("embedder"));
  CHECK(spec.task(3).runs_on == TaskPlacement::key_owner(7));
  CHECK(spec.predecessors(3) == std::vector<TaskIndex>{2, 1});
  CHECK(spec.topological_order() == std::vector<TaskIndex>{0, 1, 2, 3});
}

TEST_CASE("missing dependencies and duplicate names are rejected with their JSON pointer", "[dag]") {
  nlohmann::json missing = dag_json();
  missing["tasks"][2]["after"] = {"chunk", "chunks"};
  const ConfigError missing_error = read_error(missing);
  CHECK(missing_error.pointer() == "/tasks/2/after/1");
  CHECK_THAT(missing_error.message(), Catch::Contains("task \"embed\" depends on \"chunks\"") &&
                                          Catch::Contains("did you mean \"chunk\"?"));

  nlohmann::json duplicate = dag_json();
  duplicate["tasks"][3]["name"] = "chunk";
  const ConfigError duplicate_error = read_error(duplicate);
  CHECK(duplicate_error.pointer() == "/tasks/3/name");
  CHECK_THAT(duplicate_error.message(), Catch::Contains("duplicate task name \"chunk\""));

  nlohmann::json cycle = dag_json();
  cycle["tasks"][0]["after"] = {"store"};
  const ConfigError cycle_error = read_error(cycle);
  CHECK_THAT(cycle_error.pointer(), Catch::StartsWith("/tasks/"));
  CHECK_THAT(cycle_error.message(), Catch::StartsWith("cycle: "));

  nlohmann::json typo = dag_json();
  typo["tasks"][0]["retires"] = 3;
  const ConfigError typo_error = read_error(typo);
  CHECK(typo_error.pointer() == "/tasks/0/retires");
  CHECK_THAT(typo_error.message(), Catch::Contains("did you mean \"retries\"?"));

  nlohmann::json placement = dag_json();
  placement["tasks"][1]["runs_on"] = "gpu";
  CHECK(read_error(placement).pointer() == "/tasks/1/runs_on");

  nlohmann::json huge = dag_json();
  for (int i = 0; i < 10'000; ++i) huge["tasks"].push_back(huge["tasks"][0]);
  const ConfigError huge_error = read_error(huge);
  CHECK(huge_error.pointer() == "/tasks");
  CHECK_THAT(huge_error.message(), Catch::Contains("10000"));
}

// [SECTION] Scheduling

TEST_CASE("every task starts after all of its dependencies ended", "[dag]") {
  // 200 tasks defined in shuffled order, each after up to 3 random earlier ones (in a
  // hidden order), exponential costs and too few cores: the executor must still hold
  // every task until its last dependency is done.
  constexpr std::size_t kTasks = 200;
  Rng rng(7, "test.dag_shape");
  std::vector<std::size_t> position(kTasks);  // hidden rank -> definition index
  for (std::size_t i = 0; i < kTasks; ++i) position[i] = i;
  for (std::size_t i = kTasks - 1; i > 0; --i) std::swap(position[i], position[rng.next_below(i + 1)]);
  std::vector<DagTask> tasks(kTasks);
  for (std::size_t rank = 0; rank < kTasks; ++rank) {
    DagTask& task = tasks[position[rank]];
    task = make_task(task_name(rank), 0);
    task.kind = "work";
    task.cost = TaskCost::sampled(Distribution::exponential(2.0 * kMs));
    std::set<std::size_t> dependencies;
    for (int k = 0; rank > 0 && k < 3; ++k) dependencies.insert(rng.next_below(rank));
    for (const std::size_t dependency : dependencies) task.after.push_back(task_name(dependency));
  }
  const auto spec = build("random", std::move(tasks));

  std::vector<std::size_t> order_position(kTasks);
  for (std::size_t i = 0; i < kTasks; ++i) order_position[spec->topological_order()[i]] = i;
  Harness harness(2, 3, 99);
  const DagRun& run = harness.run_one(spec);
  REQUIRE(run.state == DagRunState::kSucceeded);
  for (TaskIndex task = 0; task < kTasks; ++task) {
    const TaskRecord& record = run.tasks[task];
    TimeNs dependencies_end_ns = 0;
    for (const TaskIndex dependency : spec->predecessors(task)) {
      CHECK(order_position[dependency] < order_position[task]);
      dependencies_end_ns = std::max(dependencies_end_ns, run.tasks[dependency].end_ns);
    }
    CHECK(record.ready_ns == dependencies_end_ns);
    CHECK(record.start_ns >= record.ready_ns);
    CHECK(record.end_ns >= record.start_ns);
  }
}

std::vector<DagTask> independent_tasks(int count, TimeNs cost_ns) {
  std::vector<DagTask> tasks;
  for (int i = 0; i < count; ++i) tasks.push_back(make_task(task_name(i), cost_ns));
  return tasks;
}

TEST_CASE("parallel tasks overlap when cores allow and serialize when not", "[dag]") {
  const auto spec = build("fan", independent_tasks(4, 10 * kMs));
  SECTION("4 cores") {
    Harness harness(1, 4);
    const DagRun& run = harness.run_one(spec);
    CHECK(run.report->makespan_ns == 10 * kMs);
    for (const TaskRecord& record : run.tasks) CHECK(record.start_ns == 0);
  }
  SECTION("2 workers of 2 cores") {
    Harness harness(2, 2);
    const DagRun& run = harness.run_one(spec);
    CHECK(run.report->makespan_ns == 10 * kMs);
    CHECK(run.tasks[0].worker != run.tasks[1].worker);
  }
  SECTION("1 core") {
    Harness harness(1, 1);
    const DagRun& run = harness.run_one(spec);
    CHECK(run.report->makespan_ns == 40 * kMs);
    for (TaskIndex task = 0; task < 4; ++task) {
      CHECK(run.tasks[task].start_ns == task * 10 * kMs);
      CHECK(run.report->tasks[task].wait_ns == task * 10 * kMs);
      CHECK(run.report->tasks[task].run_ns == 10 * kMs);
    }
    // By run time the critical path is one task; the rest of the makespan is waiting.
    CHECK(run.report->critical_path.length_ns == 10 * kMs);
  }
}

TEST_CASE("failed attempts are retried after their backoff, then fail the run", "[dag]") {
  DagTask flaky = make_task("flaky", 10 * kMs);
  flaky.fail_probability = 1.0;
  flaky.retry = {2, 5 * kMs, 2.0, kDagDurationNsMax};
  const auto spec = build("retry", {flaky, make_task("next", kMs, {"flaky"}),
                                    make_task("last", kMs, {"next"}), make_task("side", 3 * kMs)});
  Harness harness(1, 2);
  const DagRun& run = harness.run_one(spec);

  // Attempts at 0, 10 + 5, 25 + 10; the third one fails at 45.
  CHECK(harness.log.times("attempt_started", 0) == std::vector<TimeNs>{0, 15 * kMs, 35 * kMs});
  CHECK(harness.log.times("attempt_ended", 0) == std::vector<TimeNs>{10 * kMs, 25 * kMs, 45 * kMs});
  REQUIRE(run.state == DagRunState::kFailed);
  CHECK(run.failure_reason ==
        "task \"flaky\" failed after 3 attempts (last attempt failed (fail_probability 1))");
  CHECK(run.tasks[0].state == TaskState::kFailed);
  CHECK(run.tasks[0].attempts == 3);
  CHECK(run.tasks[0].run_ns == 30 * kMs);
  // Airflow: under all_success a task downstream of a failure is upstream_failed.
  CHECK(run.tasks[1].state == TaskState::kUpstreamFailed);
  CHECK(run.tasks[2].state == TaskState::kUpstreamFailed);
  CHECK(run.tasks[3].state == TaskState::kDone);
  CHECK(harness.log.times("task_ready", 1).empty());
  const DagRunReport& report = *run.report;
  CHECK(!report.succeeded);
  CHECK(report.makespan_ns == 45 * kMs);
  CHECK(report.retries == 2);
  CHECK(report.failed_attempts == 3);
  CHECK(report.tasks_failed == 1);
  CHECK(report.tasks_skipped == 0);
  CHECK(report.tasks_upstream_failed == 2);
  CHECK(report.tasks_done == 1);
}

// Issue #30 item 2: Airflow 2.x trigger rules (airflow/ti_deps/deps/trigger_rule_dep.py)
// and its run state (DagRun.update_state: failed iff a leaf is failed or upstream_failed).
// Exact states: no tolerance.
TEST_CASE("trigger rules decide as Airflow's trigger_rule_dep does", "[dag][trigger_rule][issue30]") {
  using D = TriggerDecision;
  using R = TriggerRule;
  // {total, success, failed, upstream_failed, skipped}
  const UpstreamCounts one_failed_one_running{2, 0, 1, 0, 0};
  const UpstreamCounts one_ok_one_failed{2, 1, 1, 0, 0};
  const UpstreamCounts all_skipped{2, 0, 0, 0, 2};
  const UpstreamCounts ok_and_skipped{2, 1, 0, 0, 1};
  const UpstreamCounts all_failed{2, 0, 1, 1, 0};
  const UpstreamCounts one_ok_one_running{2, 1, 0, 0, 0};
  CHECK(evaluate_trigger_rule(R::kAllSuccess, one_failed_one_running) == D::kUpstreamFailed);  // at once
  CHECK(evaluate_trigger_rule(R::kAllSuccess, ok_and_skipped) == D::kSkip);
  CHECK(evaluate_trigger_rule(R::kAllSuccess, one_ok_one_running) == D::kWait);
  CHECK(evaluate_trigger_rule(R::kAllSuccess, {2, 2, 0, 0, 0}) == D::kRun);
  CHECK(evaluate_trigger_rule(R::kAllFailed, all_failed) == D::kRun);
  CHECK(evaluate_trigger_rule(R::kAllFailed, one_ok_one_failed) == D::kSkip);
  CHECK(evaluate_trigger_rule(R::kAllFailed, one_failed_one_running) == D::kWait);
  CHECK(evaluate_trigger_rule(R::kAllDone, one_failed_one_running) == D::kWait);
  CHECK(evaluate_trigger_rule(R::kAllDone, one_ok_one_failed) == D::kRun);
  CHECK(evaluate_trigger_rule(R::kOneSuccess, one_ok_one_running) == D::kRun);  // at once
  CHECK(evaluate_trigger_rule(R::kOneSuccess, all_failed) == D::kUpstreamFailed);
  CHECK(evaluate_trigger_rule(R::kOneSuccess, all_skipped) == D::kSkip);
  CHECK(evaluate_trigger_rule(R::kOneFailed, one_failed_one_running) == D::kRun);  // at once
  CHECK(evaluate_trigger_rule(R::kOneFailed, ok_and_skipped) == D::kSkip);
  CHECK(evaluate_trigger_rule(R::kOneFailed, one_ok_one_running) == D::kWait);
  CHECK(evaluate_trigger_rule(R::kNoneFailed, ok_and_skipped) == D::kRun);
  CHECK(evaluate_trigger_rule(R::kNoneFailed, all_skipped) == D::kRun);
  CHECK(evaluate_trigger_rule(R::kNoneFailed, one_failed_one_running) == D::kUpstreamFailed);
  CHECK(evaluate_trigger_rule(R::kNoneFailedMinOneSuccess, ok_and_skipped) == D::kRun);
  CHECK(evaluate_trigger_rule(R::kNoneFailedMinOneSuccess, all_skipped) == D::kSkip);
  CHECK(evaluate_trigger_rule(R::kNoneFailedMinOneSuccess, one_failed_one_running) == D::kUpstreamFailed);
  CHECK(evaluate_trigger_rule(R::kNoneSkipped, one_ok_one_failed) == D::kRun);
  CHECK(evaluate_trigger_rule(R::kNoneSkipped, ok_and_skipped) == D::kSkip);
  CHECK(evaluate_trigger_rule(R::kNoneSkipped, one_ok_one_running) == D::kWait);
  CHECK(evaluate_trigger_rule(R::kAlways, one_failed_one_running) == D::kRun);
  CHECK(evaluate_trigger_rule(R::kOneSuccess, {}) == D::kRun);  // no upstream: runs
  CHECK(trigger_rule_from_name("none_failed_min_one_success") == R::kNoneFailedMinOneSuccess);
  CHECK_FALSE(trigger_rule_from_name("all_succes").has_value());
}

TEST_CASE("a failure becomes upstream_failed below it, an all_done cleanup runs and the run follows its leaves",
          "[dag][trigger_rule][issue30]") {
  // extract fails; transform (all_success) is upstream_failed, load below it too;
  // notify (one_failed) runs at once; cleanup (all_done) runs after load is decided.
  DagTask extract = make_task("extract", 10 * kMs);
  extract.fail_probability = 1.0;
  DagTask notify = make_task("notify", 1 * kMs, {"extract"});
  notify.trigger_rule = TriggerRule::kOneFailed;
  DagTask cleanup = make_task("cleanup", 2 * kMs, {"load"});
  cleanup.trigger_rule = TriggerRule::kAllDone;
  Harness harness(1, 2);
  const DagRun& run = harness.run_one(build(
      "etl", {extract, make_task("transform", kMs, {"extract"}), make_task("load", kMs, {"transform"}), notify, cleanup}));
  CHECK(run.tasks[0].state == TaskState::kFailed);
  CHECK(run.tasks[1].state == TaskState::kUpstreamFailed);
  CHECK(run.tasks[2].state == TaskState::kUpstreamFailed);
  CHECK(run.tasks[3].state == TaskState::kDone);
  CHECK(run.tasks[4].state == TaskState::kDone);
  CHECK(harness.log.times("attempt_ended", 3) == std::vector<TimeNs>{11 * kMs});
  CHECK(harness.log.times("attempt_ended", 4) == std::vector<TimeNs>{12 * kMs});
  // Leaves: notify (done) and cleanup (done): Airflow marks the run succeeded.
  CHECK(run.state == DagRunState::kSucceeded);
  CHECK(run.report->tasks_upstream_failed == 2);
  // Without the cleanup, load is a leaf and upstream_failed: the run fails.
  DagTask extract2 = extract;
  Harness second(1, 2);
  const DagRun& failed = second.run_one(
      build("etl2", {extract2, make_task("transform", kMs, {"extract"}), make_task("load", kMs, {"transform"}), notify}));
  CHECK(failed.state == DagRunState::kFailed);
  CHECK_THAT(failed.failure_reason, Catch::Contains("extract"));
  // Skips propagate only from skips: one_failed with no failure is skipped, and an
  // all_success task below it is skipped (not upstream_failed); none_failed still runs.
  DagTask watch = make_task("watch", kMs, {"a"});
  watch.trigger_rule = TriggerRule::kOneFailed;
  DagTask joined = make_task("joined", kMs, {"watch", "a"});
  joined.trigger_rule = TriggerRule::kNoneFailed;
  Harness third(1, 2);
  const DagRun& skipped = third.run_one(build("skips", {make_task("a", kMs), watch, make_task("after_watch", kMs, {"watch"}), joined}));
  CHECK(skipped.tasks[1].state == TaskState::kSkipped);
  CHECK(skipped.tasks[2].state == TaskState::kSkipped);
  CHECK(skipped.tasks[3].state == TaskState::kDone);
  CHECK(skipped.state == DagRunState::kSucceeded);  // skipped leaves count as success
}

TEST_CASE("trigger_rule is read from a DAG's task and an unknown one is refused", "[dag][trigger_rule][issue30]") {
  nlohmann::json flow = dag_json();
  flow["tasks"][3]["trigger_rule"] = "all_done";
  CHECK(read_dag(ObjectReader(flow, "", "dag.json")).task(3).trigger_rule == TriggerRule::kAllDone);
  CHECK(read_dag(ObjectReader(dag_json(), "", "dag.json")).task(3).trigger_rule == TriggerRule::kAllSuccess);
  flow["tasks"][3]["trigger_rule"] = "sometimes";
  const ConfigError error = read_error(flow);
  CHECK(error.pointer() == "/tasks/3/trigger_rule");
}

TEST_CASE("an attempt that reaches its timeout frees its core and is retried", "[dag]") {
  // One core. "slow" (10 ms, timeout 4 ms) starts at 0 and "quick" waits behind it; the
  // timeout at 4 frees the core for quick (4..6); the retry, dispatched at 5, waits for
  // the core until 6 and times out at its deadline 9 after 3 ms on the core.
  DagTask slow = make_task("slow", 10 * kMs);
  slow.timeout_ns = 4 * kMs;
  slow.retry = {1, 1 * kMs, 2.0, kDagDurationNsMax};
  const auto spec = build("timeout", {slow, make_task("quick", 2 * kMs)});
  Harness harness(1, 1);
  const DagRun& run = harness.run_one(spec);
  CHECK(harness.log.times("attempt_timeout", 0) == std::vector<TimeNs>{4 * kMs, 9 * kMs});
  CHECK(harness.log.times("attempt_started", 0) == std::vector<TimeNs>{0, 6 * kMs});
  CHECK(run.tasks[1].start_ns == 4 * kMs);
  CHECK(run.tasks[1].end_ns == 6 * kMs);
  CHECK(run.tasks[0].timeouts == 2);
  CHECK(run.tasks[0].run_ns == 7 * kMs);
  CHECK(run.report->timeouts == 2);
  CHECK(run.report->makespan_ns == 9 * kMs);
  CHECK(run.failure_reason == "task \"slow\" failed after 2 attempts (last attempt timed out after 4 ms)");
  CHECK(harness.pool.attempts_in_pool() == 0);
  CHECK(harness.pool.station(0).busy_cores() == 0);
}

TEST_CASE("an attempt ending exactly at its deadline has timed out", "[dag]") {
  DagTask exact = make_task("exact", 10 * kMs);
  exact.timeout_ns = 10 * kMs;
  Harness harness(1, 1);
  const DagRun& run = harness.run_one(build("tie", {exact}));
  CHECK(run.state == DagRunState::kFailed);
  CHECK(run.tasks[0].last_failure == AttemptFailure::kTimeout);
  CHECK(run.report->makespan_ns == 10 * kMs);
}

TEST_CASE("a rejected attempt succeeds on retry, an unplaceable task fails the run", "[dag]") {
  SECTION("rejected, then retried") {
    DagTask second = make_task("second", 10 * kMs);
    second.retry = {1, 12 * kMs, 2.0, kDagDurationNsMax};
    Harness harness(1, 1, 1, /*queue_capacity=*/0);
    const DagRun& run = harness.run_one(build("reject", {make_task("first", 10 * kMs), second}));
    CHECK(run.state == DagRunState::kSucceeded);
    CHECK(run.tasks[1].attempts == 2);
    CHECK(run.tasks[1].last_failure == AttemptFailure::kRejected);
    CHECK(run.tasks[1].start_ns == 12 * kMs);
    CHECK(run.report->makespan_ns == 22 * kMs);
  }
  SECTION("no worker has the role") {
    DagTask gpu = make_task("infer", kMs);
    gpu.runs_on = TaskPlacement::on_role("gpu");
    gpu.retry = {1, kMs, 2.0, kDagDurationNsMax};
    Harness harness(2, 1);
    const DagRun& run = harness.run_one(build("roles", {gpu}));
    CHECK(run.state == DagRunState::kFailed);
    CHECK(run.failure_reason ==
          "task \"infer\" failed after 2 attempts (last attempt no worker can run it (runs_on role \"gpu\"))");
  }
}

// [SECTION] Reports

TEST_CASE("the critical path of a hand-computed DAG", "[dag]") {
  // a(10) -> b(30) -> d(5); a -> c(20) -> d; c -> e(40).
  // Paths: a-b-d 45, a-c-d 35, a-c-e 70: the critical path is a, c, e (70 ms).
  const auto spec = build("diamond", {make_task("a", 10 * kMs), make_task("b", 30 * kMs, {"a"}),
                                      make_task("c", 20 * kMs, {"a"}),
                                      make_task("d", 5 * kMs, {"b", "c"}),
                                      make_task("e", 40 * kMs, {"c"})});
  SECTION("enough cores: makespan is the critical path") {
    Harness harness(1, 4);
    const DagRun& run = harness.run_one(spec);
    CHECK(testing::task_names(*spec, run.report->critical_path.tasks) == std::vector<std::string>{"a", "c", "e"});
    CHECK(run.report->critical_path.length_ns == 70 * kMs);
    CHECK(run.report->makespan_ns == 70 * kMs);
  }
  SECTION("one core: the same path by run time, a longer makespan") {
    Harness harness(1, 1);
    const DagRun& run = harness.run_one(spec);
    CHECK(testing::task_names(*spec, run.report->critical_path.tasks) == std::vector<std::string>{"a", "c", "e"});
    CHECK(run.report->critical_path.length_ns == 70 * kMs);
    CHECK(run.report->makespan_ns == 105 * kMs);
  }
  SECTION("other weights move the path") {
    const CriticalPath path = critical_path(*spec, {1, 50, 1, 1, 1});
    CHECK(testing::task_names(*spec, path.tasks) == std::vector<std::string>{"a", "b", "d"});
    CHECK(path.length_ns == 52);
  }
}

TEST_CASE("the RAG flow reports per-stage latency", "[dag]") {
  RagFlowParams params;
  for (std::uint64_t shard = 0; shard < 4; ++shard) params.shards.push_back(TaskPlacement::key_owner(shard));
  const auto spec = std::make_shared<const DagSpec>(make_rag_flow(params));
  REQUIRE(spec->kinds() == std::vector<std::string>{"embed_query", "search", "merge", "rerank", "generate"});
  Harness harness(4, 1);
  const DagRun& run = harness.run_one(spec);
  REQUIRE(run.state == DagRunState::kSucceeded);
  // embed 32 x 50 us; search 2,000 x 50 ns in parallel; merge 4 x 10 candidates x 1 us;
  // rerank 20 x 0.5 ms; generate 2,000 x 100 us + 200 x 20 ms.
  const std::vector<TimeNs> expected_ns = {1'600'000, 100'000, 40'000, 10'000'000, 4'200'000'000};
  TimeNs total_ns = 0;
  for (std::size_t kind = 0; kind < expected_ns.size(); ++kind) {
    CHECK(run.report->stages[kind].span_ns == expected_ns[kind]);
    total_ns += expected_ns[kind];
  }
  CHECK(run.report->stages[1].tasks == 4);
  CHECK(run.report->stages[1].run_ns_total == 4 * 100'000);
  CHECK(run.report->makespan_ns == total_ns);

  Metrics metrics(kNsPerS, 0);
  DagMetrics dag_metrics(metrics, *spec);
  dag_metrics.record(*run.report, harness.simulator.now_ns());
  const auto& names = metrics.op_names();
  const auto op = std::find(names.begin(), names.end(), "dag.rag.stage.generate") - names.begin();
  REQUIRE(op < static_cast<std::ptrdiff_t>(names.size()));
  CHECK(metrics.op_histogram(static_cast<OpId>(op)).count() == 1);
}

TEST_CASE("the ingest and migration flows have their documented shape and cost", "[dag]") {
  IngestFlowParams ingest;
  ingest.shards = {TaskPlacement::key_owner(0), TaskPlacement::key_owner(1)};
  const auto ingest_spec = std::make_shared<const DagSpec>(make_ingest_flow(ingest));
  CHECK(ingest_spec->size() == 4 + 2 * 2);
  Harness ingest_harness(2, 2);
  const DagRun& ingest_run = ingest_harness.run_one(ingest_spec);
  // 256 items, 1,024 chunks, 512 vectors per shard:
  // extract 256 x 20 us + chunk 256 x 50 us + embed 1,024 x 0.5 ms + route 1,024 x 1 us
  // + upsert 512 x 130 us + replicate 1,024 copies x 20 us.
  const TimeNs ingest_ns = 5'120'000 + 12'800'000 + 512'000'000 + 1'024'000 + 66'560'000 + 20'480'000;
  CHECK(ingest_run.report->makespan_ns == ingest_ns);

  MigrationFlowParams migration;
  migration.source = TaskPlacement::key_owner(0);
  migration.target = TaskPlacement::key_owner(1);
  const auto migration_spec = std::make_shared<const DagSpec>(make_migration_flow(migration));
  CHECK(testing::task_names(*migration_spec, migration_spec->topological_order()) ==
        std::vector<std::string>{"snapshot", "stream", "apply", "verify", "switch_ownership", "drop_source"});
  Harness migration_harness(2, 1);
  const DagRun& migration_run = migration_harness.run_one(migration_spec);
  // 40.96 MB: snapshot at 0.1 ns/B, stream at 8 ns/B; 10,000 keys x (130 + 1 + 1) us; 5 ms.
  const TimeNs migration_ns = 4'096'000 + 327'680'000 + 1'300'000'000 + 10'000'000 + 5'000'000 + 10'000'000;
  CHECK(migration_run.report->makespan_ns == migration_ns);
  CHECK(migration_run.tasks[2].worker == 1);  // apply runs on the target.

  IngestFlowParams no_shards;
  CHECK_THROWS_AS(make_ingest_flow(no_shards), DagError);
}

// [SECTION] Determinism

struct RagWorkload {
  std::uint64_t trace_hash;
  std::vector<TimeNs> makespans_ns;
};

RagWorkload run_rag_workload(std::uint64_t seed) {
  RagFlowParams params;
  for (std::uint64_t shard = 0; shard < 8; ++shard) params.shards.push_back(TaskPlacement::key_owner(shard));
  params.shard_search = TaskCost::sampled(Distribution::exponential(2.0 * kMs));
  params.options.fail_probability = 0.05;
  params.options.retry = {2, kMs, 2.0, kDagDurationNsMax};
  const auto spec = std::make_shared<const DagSpec>(make_rag_flow(params));
  Harness harness(4, 2, seed);
  for (int query = 0; query < 20; ++query) harness.executor.submit(harness.simulator, spec, query * 3 * kMs);
  harness.simulator.run_to_empty();
  RagWorkload result{harness.simulator.trace_hash(), {}};
  for (DagRunId id = 0; id < harness.executor.run_count(); ++id) {
    REQUIRE(harness.executor.run(id).finished());
    result.makespans_ns.push_back(harness.executor.run(id).report->makespan_ns);
  }
  return result;
}

TEST_CASE("same seed, same trace hash, another seed, another hash", "[dag]") {
  const RagWorkload first = run_rag_workload(42);
  const RagWorkload again = run_rag_workload(42);
  const RagWorkload other = run_rag_workload(43);
  CHECK(first.trace_hash == again.trace_hash);
  CHECK(first.makespans_ns == again.makespans_ns);
  CHECK(first.trace_hash != other.trace_hash);
  CHECK(first.makespans_ns != other.makespans_ns);
}

}  // namespace
}  // namespace ringsim
