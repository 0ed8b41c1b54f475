// A scenario: one experiment described as data (scenarios/*.json), loaded into typed,
// validated configuration. See docs/scenarios.md for every key and its unit.
//
// Loading is strict: every error is a ConfigError naming the file, the JSON pointer and
// what was expected; unknown keys are errors; sizes that could exhaust memory or run for
// hours are refused before anything is allocated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/expectation.h"
#include "sim/time.h"
#include "workloads/arrivals.h"
#include "models/cluster/cluster_scenario.h"
#include "models/station_model.h"
#include "run/narration.h"
#include "run/tolerance.h"

namespace ringsim {

struct WorkloadConfig {
  std::string op_name = "request";
  ArrivalConfig arrivals;
};

// The single-station queueing model (top-level key "station").
struct StationScenario {
  StationConfig station;
  WorkloadConfig workload;
};

struct Scenario {
  std::string file;
  std::string name;
  std::string description;
  std::uint64_t seed = 0;
  TimeNs duration_ns = 0;
  TimeNs warmup_ns = 0;
  TimeNs window_ns = 0;
  // Exactly one model: "station" or "cluster".
  std::variant<StationScenario, ClusterScenario> model;
  std::vector<Expectation> expectations;
  // Captions for teaching demos (run/narration.h); empty when the scenario has none.
  std::vector<Caption> narration;
  // How far summary metrics may move from a golden (run/tolerance.h, docs/ci.md); empty:
  // goldens are compared exactly. Not part of what a golden must match.
  std::vector<MetricTolerance> tolerances;
  // The document after overrides, as validated; echoed into outputs for provenance.
  nlohmann::json document;
};

inline constexpr double kDurationSMax = 1e6;
// Requests a run may generate in total (rate x duration); more would take hours.
inline constexpr double kRequestsPerRunMax = 1e10;
// Measurement windows a run may have; each costs a row per series.
inline constexpr double kWindowsPerRunMax = 1e6;

// "/workload/arrivals/rate_qps=900": sets a value by JSON pointer before validation. The
// value is parsed as JSON when it is valid JSON, otherwise taken as a string.
struct Override {
  std::string pointer;
  nlohmann::json value;
};
Override parse_override(const std::string& text);

nlohmann::json read_json_file(const std::string& path);
void apply_overrides(nlohmann::json& document, const std::vector<Override>& overrides,
                     const std::string& file);
Scenario parse_scenario(const nlohmann::json& document, const std::string& file);
// Reads, applies overrides (then the seed, when given), appends injected timeline actions
// (run/injection.h) and validates.
Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides,
                       std::optional<std::uint64_t> seed,
                       const std::vector<nlohmann::json>& injections = {});

}  // namespace ringsim
