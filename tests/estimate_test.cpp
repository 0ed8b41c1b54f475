// run/estimate.h against measured memory (every shipped scenario: tests/estimate_scenarios.py,
// ctest estimate.*): for a few scenarios, each dominated by a
// different term, the growth of peak RSS (getrusage) while building and running the run
// must lie within a factor of 2 of the estimate (minus its fixed baseline). Each run is
// measured in a forked child: peak RSS only grows, so in one process the cases run before
// (the whole binary run at once, not case by case as ctest does) would hide the growth.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>

#include "run/estimate.h"
#include "run/run.h"
#include "run/scenario.h"

namespace ringsim {
namespace {

constexpr double kFactor = 2;

double peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024;  // Linux: kilobytes.
}

double current_rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  double pages = 0, resident_pages = 0;
  statm >> pages >> resident_pages;
  return resident_pages * static_cast<double>(sysconf(_SC_PAGESIZE));
}

// Peak RSS growth of `work`, measured in a forked child (a fresh process's peak starts at
// its RSS at the fork); -1 when the child failed.
double peak_rss_growth_bytes(const std::function<void()>& work) {
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(pipe_fds[0]);
    const double before = std::max(current_rss_bytes(), peak_rss_bytes());
    double growth = -1;
    work();
    growth = peak_rss_bytes() - before;
    const bool written = write(pipe_fds[1], &growth, sizeof growth) == static_cast<ssize_t>(sizeof growth);
    _exit(written ? 0 : 1);
  }
  close(pipe_fds[1]);
  double growth = -1;
  const bool read_all = read(pipe_fds[0], &growth, sizeof growth) == static_cast<ssize_t>(sizeof growth);
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  return read_all && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? growth : -1;
}

Scenario scenario_with(const std::string& file, const std::vector<std::string>& sets) {
  std::vector<Override> overrides;
  for (const std::string& text : sets) overrides.push_back(parse_override(text));
  return load_scenario(std::string(RINGSIM_SOURCE_DIR) + "/scenarios/" + file, overrides, std::nullopt);
}

// AddressSanitizer's shadow memory, redzones and quarantine inflate RSS several times (the
// HNSW case measured 4.3x its estimate under ASan), so peak RSS says nothing about the
// estimate in a sanitizer build; the release build checks it.
// gcc says so with __SANITIZE_ADDRESS__, clang (the sanitizer tree) with __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define RINGSIM_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RINGSIM_TEST_ASAN 1
#endif
#endif
#if defined(RINGSIM_TEST_ASAN)
constexpr bool kRssComparable = false;
#else
constexpr bool kRssComparable = true;
#endif

// Returns measured / estimated (both without the baseline); 1 where RSS is not comparable.
double measured_over_estimate(const Scenario& scenario) {
  if (!kRssComparable) {
    WARN("peak RSS is not comparable under AddressSanitizer; checked in the release build");
    return 1.0;
  }
  const double estimate = estimate_run(scenario).memory_bytes() - kEstimateBaselineBytes;
  const double measured = peak_rss_growth_bytes([&] {
    Run run(scenario);
    run.run_to_end();
  });
  REQUIRE(measured >= 0);
  WARN(scenario.name << ": estimate " << format_bytes(estimate) << ", measured peak RSS growth "
                     << format_bytes(measured));
  return measured / estimate;
}

TEST_CASE("estimate: per-key state of 2 M keys within 2x of peak RSS", "[estimate]") {
  const double ratio = measured_over_estimate(
      scenario_with("node_join.json", {"/data/keys=2000000", "/duration_s=2", "/timeline/0/at_s=1",
                                       "/workload/arrivals/rate_qps=1000"}));
  CHECK(ratio > 1 / kFactor);
  CHECK(ratio < kFactor);
}

TEST_CASE("estimate: HNSW shards within 2x of peak RSS", "[estimate]") {
  const double ratio = measured_over_estimate(
      scenario_with("rag_search.json", {"/data/keys=30000", "/duration_s=2", "/workload/arrivals/rate_qps=50"}));
  CHECK(ratio > 1 / kFactor);
  CHECK(ratio < kFactor);
}

TEST_CASE("estimate: time series of a fine window within 2x of peak RSS", "[estimate]") {
  const double ratio =
      measured_over_estimate(scenario_with("mm1.json", {"/window_s=0.001", "/duration_s=400", "/warmup_s=0"}));
  CHECK(ratio > 1 / kFactor);
  CHECK(ratio < kFactor);
}

TEST_CASE("estimate: the dominant term names the key to change", "[estimate]") {
  const Scenario scenario = scenario_with("node_join.json", {"/cluster/nodes=127", "/window_s=0.01",
                                                             "/duration_s=1000"});
  const RunEstimate estimate = estimate_run(scenario);
  CHECK(estimate.dominant_memory().pointer == "/window_s");
  CHECK_THROWS_WITH(check_run_estimate(scenario, estimate, 1e6),
                    Catch::Contains("/window_s") && Catch::Contains("budget"));
  CHECK_NOTHROW(check_run_estimate(scenario, estimate, 1e12));
}

TEST_CASE("estimate: validate's check builds no model of the scenario's size", "[estimate]") {
  // Issue #24: validate built the whole model (1 GiB RSS at 20 M keys).
  const Scenario scenario = scenario_with("node_join.json", {"/data/keys=20000000"});
  REQUIRE(Run::with_fewer_keys(scenario).has_value());
  if (!kRssComparable) return;
  const double growth = peak_rss_growth_bytes([&] { Run::check_scenario(scenario); });
  REQUIRE(growth >= 0);
  WARN("check_scenario at 20 M keys: peak RSS growth " << format_bytes(growth));
  CHECK(growth < 64.0 * 1024 * 1024);
}

TEST_CASE("estimate: a model registers the same names at 10,000 keys as at full size", "[estimate]") {
  // What lets validate check names on fewer keys, held for every shipped scenario it cuts.
  int compared = 0;
  const std::filesystem::path root = std::filesystem::path(RINGSIM_SOURCE_DIR) / "scenarios";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const std::string relative = std::filesystem::relative(entry.path(), root).string();
    if (entry.path().extension() != ".json" || relative.rfind("golden", 0) == 0) continue;
    const Scenario scenario = load_scenario(entry.path().string(), {}, std::nullopt);
    const std::optional<Scenario> reduced = Run::with_fewer_keys(scenario);
    if (!reduced) continue;
    INFO(relative);
    CHECK(Run::registered_names(*reduced) == Run::registered_names(scenario));
    compared += 1;
  }
  CHECK(compared >= 20);
}

}  // namespace
}  // namespace ringsim
