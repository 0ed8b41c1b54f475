// Determinism is a feature: the same scenario and seed give the same trace hash and the
// same numbers, however the run is driven (to the end, in slices, one event at a time,
// with a trace file attached); another seed gives another run.
#include <catch2/catch.hpp>

#include <sstream>

#include "sim/trace.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

nlohmann::json small_scenario() { return testing::station_scenario_json(900, 2, 2.0, 20); }

bool same_numbers(const RunSummary& a, const RunSummary& b) {
  if (a.trace_hash != b.trace_hash || a.events != b.events || a.ops.size() != b.ops.size()) return false;
  for (std::size_t op = 0; op < a.ops.size(); ++op) {
    if (a.ops[op].stats != b.ops[op].stats) return false;
  }
  return testing::same_counters(a.counters, b.counters);
}

TEST_CASE("the same scenario twice gives the same trace hash and summary", "[determinism]") {
  const Scenario scenario = testing::scenario_from(small_scenario());
  const RunSummary first = testing::run_to_end(scenario);
  const RunSummary second = testing::run_to_end(scenario);
  CHECK(first.events > 10'000);
  CHECK(same_numbers(first, second));
}

TEST_CASE("a different seed gives a different run", "[determinism]") {
  nlohmann::json document = small_scenario();
  const RunSummary first = testing::run_to_end(testing::scenario_from(document));
  document["seed"] = 2;
  const RunSummary second = testing::run_to_end(testing::scenario_from(document));
  CHECK(first.trace_hash != second.trace_hash);
  CHECK(first.ops[0].stats != second.ops[0].stats);
}

TEST_CASE("stepping, slicing and tracing do not change the run", "[determinism]") {
  const Scenario scenario = testing::scenario_from(small_scenario());
  const RunSummary reference = testing::run_to_end(scenario);

  Run stepped(scenario);
  while (stepped.step()) {
  }
  CHECK(stepped.finished());
  CHECK(same_numbers(reference, stepped.summary()));

  Run sliced(scenario);
  while (!sliced.finished()) sliced.advance_to(sliced.now_ns() + 7 * kNsPerMs + 3);
  CHECK(same_numbers(reference, sliced.summary()));

  Run traced(scenario);
  std::ostringstream trace_text;
  JsonLinesTraceWriter writer(trace_text);
  traced.simulator().set_trace_sink(&writer);
  traced.run_to_end();
  CHECK(same_numbers(reference, traced.summary()));
  const std::string text = trace_text.str();
  CHECK(static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n')) == reference.events);
}

TEST_CASE("the binary reports the same trace hash as the library", "[determinism][cli]") {
  const Scenario scenario = testing::scenario_from(small_scenario());
  const RunSummary reference = testing::run_to_end(scenario);
  const std::string path = testing::write_temp_file("determinism.json", small_scenario().dump());
  const testing::CommandResult result = testing::run_ringsim("run " + path);
  CHECK(result.exit_code == 0);
  CHECK(result.output.find(format_trace_hash(reference.trace_hash)) != std::string::npos);
}

}  // namespace
}  // namespace ringsim
