// libFuzzer target over the scenario reader and validator: JSON text -> parse (depth and
// syntax checked) -> parse_scenario -> the run's estimate and its limits, and, for runs
// small enough to build in milliseconds, the Run itself stepped for a few thousand events.
// Every input must end in a ConfigError or succeed; any other exception, a sanitizer report
// or a signal is a defect. Built by -DRINGSIM_FUZZ=ON with clang (./dev.sh fuzz); the same
// entry point replays the regression inputs under tests/fuzz/ in the ordinary build
// (fuzz/replay_main.cpp, ctest fuzz.regressions).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "run/estimate.h"
#include "run/run.h"
#include "run/scenario.h"
#include "sim/config_error.h"
#include "sim/json_text.h"

namespace {

// Small enough that one input takes milliseconds: the fuzzer needs many per second.
constexpr double kFuzzMemoryBudgetBytes = 256.0 * 1024 * 1024;
constexpr double kBuildMemoryMaxBytes = 40.0 * 1024 * 1024;
constexpr double kBuildKeysMax = 20'000;
constexpr double kBuildVectorFloatsMax = 200'000;
constexpr int kStepsMax = 3'000;

bool cheap_to_build(const ringsim::Scenario& scenario, const ringsim::RunEstimate& estimate) {
  if (estimate.memory_bytes() > kBuildMemoryMaxBytes) return false;
  if (const auto* cluster = std::get_if<ringsim::ClusterScenario>(&scenario.model)) {
    const double keys = static_cast<double>(cluster->data.keys);
    if (keys > kBuildKeysMax) return false;
    if (cluster->data.vectors && keys * cluster->data.vectors->data.dim > kBuildVectorFloatsMax) return false;
    if (!cluster->data.vectors.has_value()) return true;
    const ringsim::VectorDataConfig& data = cluster->data.vectors->data;
    if (data.base_path.empty() && data.hdf5_path.empty() && data.queries_path.empty()) return true;
    return false;  // Loading a file named by the input is not what is being fuzzed.
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const nlohmann::json document = ringsim::parse_json_text(text, "fuzz.json");
    const ringsim::Scenario scenario = ringsim::parse_scenario(document, "fuzz.json");
    const ringsim::RunEstimate estimate = ringsim::estimate_run(scenario);
    (void)ringsim::describe_estimate(estimate);
    ringsim::check_run_estimate(scenario, estimate, kFuzzMemoryBudgetBytes);
    if (!cheap_to_build(scenario, estimate)) return 0;
    ringsim::Run run(scenario);
    for (int step = 0; step < kStepsMax && run.step(); ++step) {
    }
    (void)run.summary();
  } catch (const ringsim::ConfigError&) {
    // Refused with a message: the promised outcome for bad input.
  }
  return 0;
}
