#include "cli/report/player_data.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "cli/report/report_sections.h"
#include "sim/number_text.h"

namespace ringsim::player {
namespace {

using nlohmann::json;
using report::RunData;
using report::Series;

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Node id of "node.<id>.<what>", or -1.
long node_of(const std::string& name, const std::string& what) {
  if (name.rfind("node.", 0) != 0 || !ends_with(name, "." + what)) return -1;
  const std::string id = name.substr(5, name.size() - 5 - what.size() - 1);
  if (id.empty() || id.size() > 6 || !std::all_of(id.begin(), id.end(), ::isdigit)) return -1;
  return std::stol(id);
}

bool drawn_series(const std::string& name) {
  static const std::set<std::string> run_wide = {"nodes_up",          "under_replicated",         "lost_keys",
                                                 "migration_bytes_remaining", "migration_bytes_per_s",
                                                 "recall_at_k",       "autoscaler.desired_nodes", "under_replicated_window_max"};
  if (run_wide.count(name) != 0) return true;
  if (node_of(name, "keys") >= 0 || node_of(name, "utilization") >= 0) return true;
  if (name.rfind("node.", 0) == 0 || name.rfind("dag.", 0) == 0 || name.rfind("station.", 0) == 0) return false;
  for (const char* stat : {".p50_ms", ".p95_ms", ".p99_ms", ".count"}) {
    if (ends_with(name, stat)) return true;
  }
  return false;
}

// Every window start of the run (the union over series), ascending.
std::vector<double> all_windows(const report::SeriesTable& table) {
  std::set<double> starts;
  for (const auto& [name, series] : table.by_name) starts.insert(series.time_s.begin(), series.time_s.end());
  return {starts.begin(), starts.end()};
}

// The series' value in the window starting at `start` (as its CSV row has it), or null.
json value_at(const std::string& name, const Series& series, double start) {
  const auto it = std::lower_bound(series.time_s.begin(), series.time_s.end(), start);
  if (it == series.time_s.end() || *it != start) return nullptr;
  const double value = series.value[static_cast<std::size_t>(it - series.time_s.begin())];
  if (std::isnan(value)) return nullptr;
  // What timeseries.csv writes (a run in memory has the unrounded quantile).
  return is_bucketed_quantile(name) ? round_quantile(value) : value;
}

json sampled_series(const RunData& run, const std::vector<double>& times) {
  json series = json::object();
  for (const std::string& name : run.series.names) {
    if (!drawn_series(name)) continue;
    const Series& data = run.series.by_name.at(name);
    json values = json::array();
    for (const double start : times) values.push_back(value_at(name, data, start));
    series[name] = std::move(values);
  }
  return series;
}

std::vector<std::string> latency_ops(const RunData& run) {
  std::vector<std::string> ops;
  for (const std::string& name : run.series.names) {
    if (!ends_with(name, ".p99_ms") || name.rfind("node.", 0) == 0 || name.rfind("dag.", 0) == 0) continue;
    ops.push_back(name.substr(0, name.size() - 7));
  }
  return ops;
}

// The members of the ring at `time_s`: the last snapshot taken by then.
const json* snapshot_at(const json& snapshots, double time_s) {
  const json* found = nullptr;
  for (const json& snapshot : snapshots) {
    if (snapshot.value("time_s", 0.0) <= time_s + 1e-9) found = &snapshot;
  }
  return found;
}

int node_state(const RunData& run, long id, double start, double sampled_s, const json& snapshots) {
  const std::string prefix = "node." + std::to_string(id) + ".";
  const Series* keys = run.series.find(prefix + "keys");
  const Series* utilization = run.series.find(prefix + "utilization");
  const Series* present = keys != nullptr ? keys : utilization;
  if (present == nullptr || value_at(prefix + "keys", *present, start).is_null()) return 0;
  if (utilization == nullptr || value_at(prefix + "utilization", *utilization, start).is_null()) return 1;
  const json* snapshot = snapshot_at(snapshots, sampled_s);
  if (snapshot == nullptr) return 2;
  const json members = snapshot->value("members", json::array());
  return std::find(members.begin(), members.end(), json(id)) != members.end() ? 2 : 3;
}

void add_nodes(const RunData& run, const std::vector<double>& times, json& data) {
  std::set<long> ids;
  for (const std::string& name : run.series.names) {
    if (const long id = node_of(name, "keys"); id >= 0) ids.insert(id);
    if (const long id = node_of(name, "utilization"); id >= 0) ids.insert(id);
  }
  const json snapshots = run.cluster.is_object() ? run.cluster.value("ring_snapshots", json::array()) : json::array();
  json states = json::object();
  for (const long id : ids) {
    json row = json::array();
    // A window's gauges are read at its end (docs/outputs.md, the window convention).
    for (const double start : times) {
      row.push_back(node_state(run, id, start, std::min(start + run.series.window_s, data["duration_s"].get<double>()), snapshots));
    }
    states[std::to_string(id)] = std::move(row);
  }
  data["nodes"] = json(std::vector<long>(ids.begin(), ids.end()));
  data["node_states"] = std::move(states);
}

json captions_of(const RunData& run) {
  json captions = json::array();
  const json table = run.summary.value("narration", json::array());
  for (std::size_t i = 0; i < table.size(); ++i) {
    const double time_s = report::summary_number(table[i], "/at_s");
    if (!std::isfinite(time_s)) continue;  // Its event never happened: never shown.
    captions.push_back({{"index", i + 1},
                        {"time_s", time_s},
                        {"trigger", table[i].value("trigger", std::string())},
                        {"text", table[i].value("text", std::string())}});
  }
  return captions;
}

json ring_of(const RunData& run) {
  if (!run.cluster.is_object()) return nullptr;
  return {{"placement", run.cluster.value("placement", std::string())},
          {"ring_samples", run.cluster.value("ring_samples", 0)},
          {"snapshots", run.cluster.value("ring_snapshots", json::array())}};
}

}  // namespace

json player_data(const RunData& run) {
  json data;
  data["scenario"] = run.summary.value("scenario", std::string());
  const json description = report::summary_value(run.summary, "/scenario_document/description");
  data["description"] = description.is_string() ? description : json("");
  data["duration_s"] = report::summary_number(run.summary, "/sim_time_s");
  data["window_s"] = run.series.window_s;
  data["overrides"] = run.summary.value("overrides", json::array());
  data["injections"] = run.summary.value("injections", json::array());
  const std::vector<double> windows = all_windows(run.series);
  const std::size_t every = windows.size() <= kPlayerWindowsMax ? 1 : (windows.size() + kPlayerWindowsMax - 1) / kPlayerWindowsMax;
  std::vector<double> times;
  for (std::size_t i = 0; i < windows.size(); i += every) times.push_back(windows[i]);
  data["every"] = every;
  data["windows_total"] = windows.size();
  data["times"] = times;
  data["series"] = sampled_series(run, times);
  data["ops"] = latency_ops(run);
  add_nodes(run, times, data);
  data["ring"] = ring_of(run);
  json markers = json::array();
  for (const report::PlotMarker& marker : report::change_markers(run)) markers.push_back({{"time_s", marker.x}, {"label", marker.label}});
  data["markers"] = std::move(markers);
  data["captions"] = captions_of(run);
  return data;
}

}  // namespace ringsim::player
