// What the report is drawn from: one run's summary.json, its time series and, for
// cluster scenarios, cluster.json (ring snapshots, requests per node, the slowest DAG
// runs). The same shape comes from a run directory written by `ringsim run --out DIR` or
// straight from a run in memory (`ringsim run --report FILE`), so both draw the same page.
//
// Numbers in summary.json are read tolerantly (integer or floating point). Errors name the
// file and what was expected, and throw ConfigError (exit code 2).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/metrics.h"

namespace ringsim::report {

struct Series {
  std::vector<double> time_s;  // Window starts, ascending.
  std::vector<double> value;
};

struct SeriesTable {
  std::vector<std::string> names;  // In first-appearance order (the run's registration order).
  std::map<std::string, Series> by_name;
  double window_s = 1;  // The smallest step between window starts (1 when unknown).

  const Series* find(const std::string& name) const;
};

struct RunData {
  std::string source;  // The directory, or the scenario file for an in-memory run.
  std::string label;   // What tells this run apart in a comparison (set by label_runs).
  nlohmann::json summary;
  SeriesTable series;
  nlohmann::json cluster;  // cluster.json; null when the run has none.
};

// Reads DIR/summary.json, DIR/timeseries.csv and, when present, DIR/cluster.json.
RunData load_run_dir(const std::string& dir);
SeriesTable series_from_metrics(const Metrics& metrics);
// Parses timeseries.csv (time_s,metric,value); `file` names it in errors.
SeriesTable parse_timeseries_csv(std::istream& in, const std::string& file);

// The value at a JSON pointer, or null.
nlohmann::json summary_value(const nlohmann::json& summary, const std::string& pointer);
// A number from the summary at a JSON pointer ("/counters/lost_keys"), or NaN.
double summary_number(const nlohmann::json& summary, const std::string& pointer);

// Sets each run's label to what differs between the runs: scenario names, --set values
// (summary.json "overrides"), seeds; the directory name when nothing else differs.
void label_runs(std::vector<RunData>& runs);

}  // namespace ringsim::report
