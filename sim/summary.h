// The end-of-run numbers of a run, independent of how they are printed or written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/metrics.h"

namespace ringsim {

struct OpSummary {
  std::string name;
  // Values in op_stat_names() order: count, mean_ms, p50_ms, ... max_ms.
  std::vector<double> stats;
};

// A model-specific table in the summary, e.g. one row per membership change. Cells are
// numbers or strings.
struct SummaryTable {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::vector<nlohmann::json>> rows;
};

struct RunSummary {
  std::string scenario;
  std::uint64_t seed = 0;
  std::uint64_t trace_hash = 0;
  std::uint64_t events = 0;
  double sim_time_s = 0;
  // Set when the run was stopped before the scenario's end (ringsim run --until).
  std::optional<double> until_s;
  std::vector<OpSummary> ops;
  // Counters and results, in registration order.
  std::vector<std::pair<std::string, double>> counters;
  std::vector<SummaryTable> tables;

  // Looks up "events", "sim_time_s", "<op>.<stat>" or a counter/result name.
  std::optional<double> find(const std::string& metric) const;
};

OpSummary summarize_op(const std::string& name, const LatencyHistogram& histogram);
// Names accepted by RunSummary::find for a run with these metrics.
std::vector<std::string> summary_metric_names(const Metrics& metrics);

}  // namespace ringsim
