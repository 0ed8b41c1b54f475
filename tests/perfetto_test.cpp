// --perfetto's Chrome trace-event JSON held to the Trace Event Format (what Perfetto UI and
// chrome://tracing read): it parses, every node is a process with named core threads,
// slices have non-negative durations and nest on each thread (a crossing slice is what
// those viewers reject or misdraw), counters and instants are there, scenario strings are
// escaped, the size cap leaves a valid document; and the gzip stream round-trips.
#include <zlib.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "cli/output_stream.h"
#include "cli/perfetto_writer.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

constexpr int kNodes = 4;
const char* const kNastyName = "a<b & \"c\", d\nline2";

// A small cluster: a join (migration ranges as DAGs), a crash, detection and a restart.
nlohmann::json cluster_json() {
  return {
      {"name", kNastyName},
      {"seed", 5},
      {"duration_s", 6},
      {"cluster",
       {{"nodes", kNodes},
        {"node", {{"cores", 2}, {"boot_s", 0.5}, {"service", {{"get", {{"type", "exponential"}, {"mean_ms", 0.3}}}}}}},
        {"replication", {{"factor", 2}, {"write_quorum", 1}}},
        {"failure_detection", {{"heartbeat_ms", 100}, {"failure_timeout_ms", 400}}},
        {"migration", {{"rebalance_bandwidth_mbps", 200}, {"chunk_bytes", 65536}}}}},
      {"data", {{"keys", 2000}, {"value_size", {{"type", "constant"}, {"value_bytes", 1024}}}}},
      {"workload",
       {{"arrivals", {{"type", "poisson"}, {"rate_qps", 2000}}},
        {"mix", {{"get", 1.0}}},
        {"popularity", {{"type", "uniform"}}}}},
      {"timeline",
       {{{"at_s", 1}, {"action", "add_node"}, {"count", 1}},
        {{"at_s", 3}, {"action", "fail_node"}, {"node", 1}},
        {{"at_s", 5}, {"action", "recover_node"}, {"node", 1}}}},
  };
}

std::string perfetto_of(const nlohmann::json& document, const PerfettoOptions& options) {
  Run run(testing::scenario_from(document));
  std::ostringstream out;
  PerfettoWriter writer(out, options, run.scenario().name);
  run.simulator().set_activity_observer(&writer);
  run.run_to_end();
  writer.finish(run.metrics());
  return out.str();
}

// Slices of one (pid, tid), checked to nest: sorted by (start, longer first), each starts
// at or after its parent's start and ends at or before its parent's end.
void require_nested(std::vector<std::pair<std::int64_t, std::int64_t>> slices) {
  std::sort(slices.begin(), slices.end(), [](auto a, auto b) { return a.first != b.first ? a.first < b.first : a.second > b.second; });
  std::vector<std::int64_t> stack;  // ends of the open ancestors
  for (const auto& [start, end] : slices) {
    while (!stack.empty() && stack.back() <= start) stack.pop_back();
    if (!stack.empty()) REQUIRE(end <= stack.back());
    stack.push_back(end);
  }
}

}  // namespace

TEST_CASE("format_us writes virtual ns as exact decimal microseconds", "[perfetto]") {
  CHECK(format_us(0) == "0");
  CHECK(format_us(1) == "0.001");
  CHECK(format_us(1000) == "1");
  CHECK(format_us(1234567) == "1234.567");
  CHECK(format_us(1234500) == "1234.5");
  CHECK(format_us(9'007'199'254'740'993) == "9007199254740.993");  // beyond a double's exact integers
}

TEST_CASE("perfetto export: a process per node, nested slices, counters, instants, escaped names", "[perfetto]") {
  const std::string text = perfetto_of(cluster_json(), PerfettoOptions{});
  const nlohmann::json trace = nlohmann::json::parse(text);  // throws if it is not JSON
  REQUIRE(trace.at("displayTimeUnit") == "ms");
  CHECK(trace.at("otherData").at("scenario") == kNastyName);
  CHECK(trace.at("otherData").at("truncated") == false);

  std::map<int, std::string> processes;
  std::set<std::pair<int, int>> named_threads;
  std::map<std::pair<int, int>, std::vector<std::pair<std::int64_t, std::int64_t>>> slices;
  std::map<std::string, int> counters;
  std::set<std::string> instants;
  std::set<std::string> categories;
  for (const nlohmann::json& event : trace.at("traceEvents")) {
    const std::string ph = event.at("ph");
    const int pid = event.at("pid");
    if (ph == "M") {
      if (event.at("name") == "process_name") processes[pid] = event.at("args").at("name");
      if (event.at("name") == "thread_name") named_threads.emplace(pid, event.at("tid").get<int>());
      continue;
    }
    REQUIRE(event.at("ts").is_number());
    REQUIRE(event.at("ts").get<double>() >= 0);
    if (ph == "X") {
      const double dur = event.at("dur");
      REQUIRE(dur >= 0);
      categories.insert(event.at("cat").get<std::string>());
      // In integer ns, as Perfetto imports them: float sums would invent overlaps.
      const std::int64_t start_ns = std::llround(event.at("ts").get<double>() * 1000);
      slices[{pid, event.at("tid").get<int>()}].emplace_back(start_ns, start_ns + std::llround(dur * 1000));
    } else if (ph == "C") {
      REQUIRE(event.at("args").at("value").is_number());
      // docs/outputs.md lists tid for every event (issue #28: counters had none).
      REQUIRE(event.at("tid").is_number_integer());
      counters[event.at("name")] += 1;
    } else if (ph == "i") {
      instants.insert(event.at("cat").get<std::string>() + ":" + event.at("name").get<std::string>());
    } else {
      FAIL("unexpected phase " << ph);
    }
  }
  // Nodes 0..3 and the joined node 4, each a named process; the cluster and migration ranges too.
  for (int node = 0; node <= kNodes; ++node) {
    INFO("node " << node);
    REQUIRE(processes.count(10 + node) == 1);
    CHECK(processes[10 + node] == "node " + std::to_string(node));
  }
  CHECK(processes[1] == "cluster");
  CHECK(processes[2] == "migration ranges");
  CHECK(categories == std::set<std::string>{"service", "migration"});
  for (const auto& [track, track_slices] : slices) {
    INFO("pid " << track.first << " tid " << track.second);
    CHECK(named_threads.count(track) == 1);
    require_nested(track_slices);
  }
  // Per-core service slices: at most `cores` threads per node.
  for (const auto& [track, track_slices] : slices) {
    if (track.first >= 10) CHECK(track.second <= 2);
  }
  CHECK(counters["utilization"] > 0);
  CHECK(counters["queue_length"] > 0);
  CHECK(counters["keys"] > 0);
  CHECK(counters["get.p99_ms"] > 0);
  CHECK(instants == std::set<std::string>{"timeline:add_node", "timeline:fail_node", "timeline:recover_node",
                                          "detector:declared_dead"});
}

TEST_CASE("perfetto export: observing does not change the run", "[perfetto]") {
  const Scenario scenario = testing::scenario_from(cluster_json());
  Run plain(scenario);
  plain.run_to_end();
  Run observed(scenario);
  std::ostringstream out;
  PerfettoWriter writer(out, PerfettoOptions{}, "x");
  observed.simulator().set_activity_observer(&writer);
  observed.run_to_end();
  CHECK(observed.simulator().trace_hash() == plain.simulator().trace_hash());
}

TEST_CASE("perfetto export: window, kinds and the size cap bound the output and keep it valid", "[perfetto]") {
  PerfettoOptions window;
  window.from_ns = 2'000'000'000;
  window.to_ns = 2'500'000'000;
  window.kinds = parse_perfetto_kinds("service,instant");
  const nlohmann::json windowed = nlohmann::json::parse(perfetto_of(cluster_json(), window));
  std::size_t slices = 0;
  for (const nlohmann::json& event : windowed.at("traceEvents")) {
    if (event.at("ph") == "M") continue;
    CHECK(event.at("ph") == "X");  // no counters; the instants lie outside the window
    CHECK(event.at("ts").get<double>() >= 2e6);
    CHECK(event.at("ts").get<double>() <= 2.5e6);
    slices += 1;
  }
  CHECK(slices > 100);

  PerfettoOptions capped;
  capped.max_bytes = 200'000;
  capped.counter_reserve_bytes = 50'000;
  const std::string text = perfetto_of(cluster_json(), capped);
  const nlohmann::json trace = nlohmann::json::parse(text);
  CHECK(trace.at("otherData").at("truncated") == true);
  CHECK(text.size() < 200'000 + 20'000);  // the cap plus the process and thread names

  CHECK_THROWS_WITH(parse_perfetto_kinds("service,slices"), Catch::Contains("--perfetto-kinds") && Catch::Contains("slices"));
}

TEST_CASE("OutputStream: a .gz output round-trips through zlib", "[perfetto]") {
  const std::filesystem::path path = std::filesystem::path(testing::temp_root()) / "ringsim_gzip_test.jsonl.gz";
  std::string written;
  for (int line = 0; line < 20'000; ++line) written += "{\"t_ns\":" + std::to_string(line * 977) + ",\"kind\":\"x\"}\n";
  {
    OutputStream out;
    REQUIRE(has_gzip_suffix(path.string()));
    REQUIRE(out.open(path.string(), true));
    out.stream() << written;
    REQUIRE(out.close());
  }
  CHECK(std::filesystem::file_size(path) < written.size() / 4);
  gzFile file = gzopen(path.string().c_str(), "rb");
  REQUIRE(file != nullptr);
  std::string read;
  char buffer[4096];
  for (int n; (n = gzread(file, buffer, sizeof buffer)) > 0;) read.append(buffer, static_cast<std::size_t>(n));
  gzclose(file);
  CHECK(read == written);
  std::filesystem::remove(path);
}

}  // namespace ringsim
