// The critical path of a DAG run in flight (sim/dag/dag_report.h: critical_path_so_far), which
// the GUI highlights while a run executes, against a DAG worked out by hand: records set by
// hand at chosen instants, then a real run on a station pool stopped part-way, whose path
// so far must equal the hand truth and, once the run has finished, the run's report.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "sim/dag/dag.h"
#include "sim/dag/dag_executor.h"
#include "sim/dag/dag_report.h"
#include "sim/dag/dag_station_pool.h"
#include "sim/simulator.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

using testing::make_task;

constexpr TimeNs kReportMs = kNsPerMs;

// a(10) -> b(30) -> d(5); a -> c(20) -> d; c -> e(40). Finished, the critical path is
// a, c, e (70 ms); a-b-d is 45 ms, a-c-d 35 ms.
std::shared_ptr<const DagSpec> diamond() {
  return std::make_shared<const DagSpec>(DagSpec::build(
      {"diamond",
       {make_task("a", 10 * kReportMs), make_task("b", 30 * kReportMs, {"a"}), make_task("c", 20 * kReportMs, {"a"}),
        make_task("d", 5 * kReportMs, {"b", "c"}), make_task("e", 40 * kReportMs, {"c"})}}));
}
enum : TaskIndex { kA, kB, kC, kD, kE };

TaskRecord done(TimeNs ready_ns, TimeNs start_ns, TimeNs end_ns) {
  TaskRecord record;
  record.state = TaskState::kDone;
  record.ready_ns = ready_ns;
  record.start_ns = start_ns;
  record.end_ns = end_ns;
  record.attempts = 1;
  record.run_ns = end_ns - start_ns;
  return record;
}

TaskRecord running(TimeNs ready_ns, TimeNs start_ns, TimeNs earlier_attempts_ns = 0) {
  TaskRecord record;
  record.state = TaskState::kRunning;
  record.ready_ns = ready_ns;
  record.start_ns = start_ns;
  record.attempts = 1;
  record.run_ns = earlier_attempts_ns;
  return record;
}

TEST_CASE("run time so far counts a running attempt's elapsed time", "[dag][report]") {
  CHECK(run_time_so_far_ns(TaskRecord{}, 50 * kReportMs) == 0);  // pending: not started
  CHECK(run_time_so_far_ns(done(0, 2 * kReportMs, 12 * kReportMs), 99 * kReportMs) == 10 * kReportMs);
  CHECK(run_time_so_far_ns(running(0, 4 * kReportMs), 9 * kReportMs) == 5 * kReportMs);
  // A retry: 3 ms of failed attempts, then 2 ms into the current one.
  CHECK(run_time_so_far_ns(running(0, 20 * kReportMs, 3 * kReportMs), 22 * kReportMs) == 5 * kReportMs);
  // Waiting for a core (ready) or out a backoff (retrying) adds nothing.
  TaskRecord retrying = running(0, -1, 3 * kReportMs);
  retrying.state = TaskState::kRetrying;
  CHECK(run_time_so_far_ns(retrying, 40 * kReportMs) == 3 * kReportMs);
}

TEST_CASE("the critical path so far of a hand-computed DAG", "[dag][report]") {
  const auto spec = diamond();
  std::vector<TaskRecord> records(spec->size());

  SECTION("nothing started: the path has no length") {
    CHECK(critical_path_so_far(*spec, records, 0).length_ns == 0);
  }
  SECTION("a running: the path is a alone, growing with time") {
    records[kA] = running(0, 0);
    const CriticalPath path = critical_path_so_far(*spec, records, 7 * kReportMs);
    CHECK(testing::task_names(*spec, path.tasks) == std::vector<std::string>{"a"});
    CHECK(path.length_ns == 7 * kReportMs);
  }
  SECTION("b far ahead of c: a-b leads for now") {
    // At 35 ms: a done (0-10), b running since 10 (25 ms), c waited for a core from 10 to
    // 30 and has run 5 ms. a-b = 35, a-c = 15.
    records[kA] = done(0, 0, 10 * kReportMs);
    records[kB] = running(10 * kReportMs, 10 * kReportMs);
    records[kC] = running(10 * kReportMs, 30 * kReportMs);
    const CriticalPath path = critical_path_so_far(*spec, records, 35 * kReportMs);
    CHECK(testing::task_names(*spec, path.tasks) == std::vector<std::string>{"a", "b"});
    CHECK(path.length_ns == 35 * kReportMs);
  }
  SECTION("e overtakes: a-c-e leads while e runs") {
    // At 50 ms: a (0-10), b (10-40), c (10-30) done, d waits for a core, e running since
    // 30 (20 ms). a-b-d = 40, a-c-e = 50.
    records[kA] = done(0, 0, 10 * kReportMs);
    records[kB] = done(10 * kReportMs, 10 * kReportMs, 40 * kReportMs);
    records[kC] = done(10 * kReportMs, 10 * kReportMs, 30 * kReportMs);
    records[kD] = TaskRecord{};
    records[kD].state = TaskState::kReady;
    records[kD].ready_ns = 40 * kReportMs;
    records[kE] = running(30 * kReportMs, 30 * kReportMs);
    const CriticalPath path = critical_path_so_far(*spec, records, 50 * kReportMs);
    CHECK(testing::task_names(*spec, path.tasks) == std::vector<std::string>{"a", "c", "e"});
    CHECK(path.length_ns == 50 * kReportMs);
  }
}

TEST_CASE("a run's critical path so far follows the run and ends at its report's", "[dag][report]") {
  // Enough cores for every task at once: a 0-10; b 10-40 and c 10-30 in parallel; e 30-70;
  // d 40-45. Until 45 ms the chains through b and through c grow together (a tie, which
  // critical_path() breaks by the definition's order); after that a-c-e leads.
  const auto spec = diamond();
  Simulator simulator;
  StationPool pool(StationPoolConfig{/*workers=*/1, /*cores_per_worker=*/4, /*queue_capacity=*/1000, {}});
  DagExecutor executor(pool, /*seed=*/1);
  pool.attach(simulator);
  executor.attach(simulator);
  const DagRunId id = executor.submit(simulator, spec, 0);
  const DagRun& run = executor.run(id);

  struct Checkpoint {
    TimeNs at_ns;
    TimeNs length_ns;
    std::vector<std::vector<std::string>> paths;  // any of these (ties)
  };
  const std::vector<Checkpoint> checkpoints = {
      {5 * kReportMs, 5 * kReportMs, {{"a"}}},                                  // a running
      {25 * kReportMs, 25 * kReportMs, {{"a", "b"}, {"a", "c"}}},               // b and c 15 ms in
      {35 * kReportMs, 35 * kReportMs, {{"a", "b"}, {"a", "c", "e"}}},          // c done, e 5 ms in
      {60 * kReportMs, 60 * kReportMs, {{"a", "c", "e"}}},                      // a-b-d done at 45
  };
  for (const Checkpoint& checkpoint : checkpoints) {
    CAPTURE(checkpoint.at_ns);
    simulator.run_until(checkpoint.at_ns);
    REQUIRE_FALSE(run.finished());
    const CriticalPath path = critical_path_so_far(*spec, run.tasks, checkpoint.at_ns);
    CHECK(path.length_ns == checkpoint.length_ns);
    const std::vector<std::string> names = testing::task_names(*spec, path.tasks);
    CAPTURE(names);
    CHECK(std::find(checkpoint.paths.begin(), checkpoint.paths.end(), names) != checkpoint.paths.end());
  }
  simulator.run_to_empty();
  REQUIRE(run.finished());
  REQUIRE(run.report.has_value());
  // Finished: the same path as the report, whatever instant it is asked at.
  const CriticalPath final_path = critical_path_so_far(*spec, run.tasks, simulator.now_ns() + kReportMs);
  CHECK(final_path.tasks == run.report->critical_path.tasks);
  CHECK(final_path.length_ns == run.report->critical_path.length_ns);
  CHECK(testing::task_names(*spec, final_path.tasks) == std::vector<std::string>{"a", "c", "e"});
  CHECK(final_path.length_ns == 70 * kReportMs);
}

}  // namespace
}  // namespace ringsim
