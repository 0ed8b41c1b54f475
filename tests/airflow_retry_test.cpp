// Issue #30 item 3 (part): Airflow's retry delay with retry_exponential_backoff
// (airflow/models/taskinstance.py, next_retry_datetime) and execution_timeout counting
// running time only. The expected delays were computed with Python's hashlib.sha1 on the
// same strings (exact, whole seconds).
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "sim/dag/airflow_backoff.h"
#include "sim/dag/dag_executor.h"
#include "sim/dag/dag_station_pool.h"
#include "sim/sha1.h"
#include "sim/simulator.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

std::string hex(const Sha1Digest& digest) {
  static const char* const kDigits = "0123456789abcdef";
  std::string text;
  for (const std::uint8_t byte : digest) {
    text += kDigits[byte >> 4];
    text += kDigits[byte & 15];
  }
  return text;
}

TEST_CASE("sha1 matches FIPS 180 test vectors", "[airflow][issue30]") {
  CHECK(hex(sha1("abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(hex(sha1("")) == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  CHECK(hex(sha1(std::string(1000, 'a'))) == "291e9a6c66994949b57ba5e650361e98fc36b1ba");
}

TEST_CASE("Airflow's exponential retry delay: m to 2m whole seconds, sha1 of the task instance",
          "[airflow][issue30]") {
  const std::string date = airflow_logical_date(0);
  CHECK(date == "1970-01-01T00:00:00+00:00");
  CHECK(airflow_logical_date(100 * kNsPerS) == "1970-01-01T00:01:40+00:00");
  CHECK(airflow_logical_date(TimeNs{1'700'000'000} * kNsPerS) == "2023-11-14T22:13:20+00:00");
  // retry_delay 10 s; python: min_backoff + int(sha1("etl#extract#<date>#<next try>")) % min_backoff
  const std::int64_t expected_s[] = {16, 35, 41, 111, 264};
  for (std::uint32_t failed = 1; failed <= 5; ++failed) {
    CAPTURE(failed);
    const TimeNs delay = airflow_retry_delay_ns("etl", "extract", date, failed, 10 * kNsPerS, 0);
    CHECK(delay == expected_s[failed - 1] * kNsPerS);
    const TimeNs m = (TimeNs{10} << (failed - 1)) * kNsPerS;
    CHECK((delay >= m && delay < 2 * m));
  }
  CHECK(airflow_retry_delay_ns("etl", "extract", "1970-01-01T00:01:40+00:00", 1, 10 * kNsPerS, 0) == 10 * kNsPerS);
  // max_retry_delay caps it.
  CHECK(airflow_retry_delay_ns("etl", "extract", date, 5, 10 * kNsPerS, 60 * kNsPerS) == 60 * kNsPerS);
  // retry_delay 0: min_backoff 1, so 1 s.
  CHECK(airflow_retry_delay_ns("etl", "extract", date, 1, 0, 0) == kNsPerS);
}

TEST_CASE("a DAG task with retry_exponential_backoff waits Airflow's delay, timeout_counts running",
          "[airflow][dag][issue30]") {
  Simulator simulator;
  StationPool pool(StationPoolConfig{1, 1, 1000, {}});
  DagExecutor executor(pool, 1);
  pool.attach(simulator);
  executor.attach(simulator);
  DagTask extract = testing::make_task("extract", kNsPerS);
  extract.fail_probability = 1.0;
  extract.retry.max_retries = 2;
  extract.retry.backoff_initial_ns = 10 * kNsPerS;
  extract.retry.airflow_exponential = true;
  auto spec = std::make_shared<const DagSpec>(DagSpec::build({"etl", {extract}}));
  const DagRunId id = executor.submit(simulator, spec, 0);
  simulator.run_to_empty();
  // Attempts of 1 s: fail at 1, wait 16 -> 17..18, wait 35 -> 53..54.
  CHECK(executor.run(id).finished_ns == 54 * kNsPerS);

  // Running time only: behind a 5 s task on the one core, a 2 s task with a 3 s timeout
  // times out when counted from dispatch (at 3 s, still queued), completes when counted
  // from its start (5..7 s).
  for (const bool running_only : {false, true}) {
    Simulator sim;
    StationPool one(StationPoolConfig{1, 1, 1000, {}});
    DagExecutor exec(one, 1);
    one.attach(sim);
    exec.attach(sim);
    DagTask waiting = testing::make_task("waiting", 2 * kNsPerS);
    waiting.timeout_ns = 3 * kNsPerS;
    waiting.timeout_running_only = running_only;
    auto two = std::make_shared<const DagSpec>(DagSpec::build({"q", {testing::make_task("first", 5 * kNsPerS), waiting}}));
    const DagRunId run = exec.submit(sim, two, 0);
    sim.run_to_empty();
    CHECK((exec.run(run).tasks[1].state == TaskState::kDone) == running_only);
  }
}

}  // namespace
}  // namespace ringsim
