// DIR/pooled.json, written by `ringsim run --out DIR` next to summary.json: what `ringsim
// merge` needs to pool runs exactly rather than average their summaries.
//
// Shape: {"ops": {"<op>": <histogram, see sim/histogram_json.h>, ...},
//         "counters": {"<counter>": integer, ...}}
// ops are the run's latency histograms after warm-up (the ones summary.json's percentiles
// come from); counters are the model's event counters (not results such as utilization,
// which are ratios and are not summed across runs). Both in registration order.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/histogram.h"
#include "sim/metrics.h"

namespace ringsim {

struct PooledRun {
  std::vector<std::pair<std::string, LatencyHistogram>> ops;
  std::vector<std::pair<std::string, std::int64_t>> counters;
};

nlohmann::ordered_json pooled_to_json(const Metrics& metrics);
// Throws ConfigError (file, JSON pointer, what was expected) on a malformed file.
PooledRun pooled_from_json(const nlohmann::json& value, const std::string& file);

}  // namespace ringsim
