#include "cli/report/run_data.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/config_error.h"
#include "sim/file_check.h"
#include "sim/json_text.h"

namespace ringsim::report {
namespace {

nlohmann::json read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path.string(), "", "cannot read (expected a run directory written by ringsim run --out)");
  std::ostringstream text;
  text << in.rdbuf();
  // Depth-checked and duplicate-checked: a deep array overflowed nlohmann's recursive parser.
  return parse_json_text(text.str(), path.string());
}

void finish_table(SeriesTable& table) {
  double window = 0;
  for (const auto& [name, series] : table.by_name) {
    for (std::size_t i = 1; i < series.time_s.size(); ++i) {
      const double step = series.time_s[i] - series.time_s[i - 1];
      if (step > 0 && (window == 0 || step < window)) window = step;
    }
  }
  table.window_s = window > 0 ? window : 1;
}

}  // namespace

const Series* SeriesTable::find(const std::string& name) const {
  const auto it = by_name.find(name);
  return it == by_name.end() ? nullptr : &it->second;
}

SeriesTable parse_timeseries_csv(std::istream& in, const std::string& file) {
  SeriesTable table;
  std::string line;
  if (!std::getline(in, line) || line.rfind("time_s,metric,value", 0) != 0) {
    throw ConfigError(file, "line 1", "expected the header time_s,metric,value");
  }
  std::size_t line_number = 1;
  while (std::getline(in, line)) {
    line_number += 1;
    if (line.empty()) continue;
    const std::size_t first = line.find(',');
    const std::size_t last = line.rfind(',');
    if (first == std::string::npos || first == last) {
      throw ConfigError(file, "line " + std::to_string(line_number), "expected time_s,metric,value");
    }
    double time_s = 0, value = 0;
    try {
      time_s = std::stod(line.substr(0, first));
      // An empty value is a statistic with no samples in that window (no value).
      const std::string cell = line.substr(last + 1);
      value = cell.empty() || cell == "\r" ? NAN : std::stod(cell);
    } catch (const std::exception&) {
      // "nan" and "inf" parse; anything else is not a number.
      throw ConfigError(file, "line " + std::to_string(line_number), "expected numbers in time_s and value");
    }
    const std::string name = line.substr(first + 1, last - first - 1);
    auto [it, inserted] = table.by_name.try_emplace(name);
    if (inserted) table.names.push_back(name);
    it->second.time_s.push_back(time_s);
    it->second.value.push_back(value);
  }
  finish_table(table);
  return table;
}

SeriesTable series_from_metrics(const Metrics& metrics) {
  SeriesTable table;
  for (SeriesId id = 0; id < metrics.series_names().size(); ++id) {
    const std::string& name = metrics.series_names()[id];
    auto [it, inserted] = table.by_name.try_emplace(name);
    if (inserted) table.names.push_back(name);
    for (const TimePoint& point : metrics.series(id)) {
      it->second.time_s.push_back(ns_to_s(point.window_start_ns));
      it->second.value.push_back(point.value);
    }
  }
  finish_table(table);
  return table;
}

RunData load_run_dir(const std::string& dir) {
  const std::filesystem::path root(dir);
  RunData run;
  run.source = dir;
  run.summary = read_json_file(root / "summary.json");
  if (!run.summary.is_object() || !run.summary.contains("scenario")) {
    throw ConfigError((root / "summary.json").string(), "", "expected an object with \"scenario\" (a ringsim summary)");
  }
  const std::filesystem::path csv = root / "timeseries.csv";
  std::ifstream in(csv);
  if (!in) throw ConfigError(csv.string(), "", "cannot read (expected a run directory written by ringsim run --out)");
  run.series = parse_timeseries_csv(in, csv.string());
  const std::filesystem::path cluster = root / "cluster.json";
  const std::optional<std::string> cluster_problem = regular_file_problem(cluster.string());
  if (!cluster_problem) {
    run.cluster = read_json_file(cluster);
  } else if (*cluster_problem != "no such file") {
    throw ConfigError(cluster.string(), "", *cluster_problem);
  }
  return run;
}

nlohmann::json summary_value(const nlohmann::json& summary, const std::string& pointer) {
  try {
    return summary.at(nlohmann::json::json_pointer(pointer));
  } catch (const nlohmann::json::exception&) {
    return nullptr;
  }
}

double summary_number(const nlohmann::json& summary, const std::string& pointer) {
  try {
    const nlohmann::json& value = summary.at(nlohmann::json::json_pointer(pointer));
    if (value.is_number()) return value.get<double>();
  } catch (const nlohmann::json::exception&) {
  }
  return NAN;
}

void label_runs(std::vector<RunData>& runs) {
  // override pointer -> value per run ("" when a run has no such override).
  std::map<std::string, std::vector<std::string>> overrides;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const nlohmann::json list = runs[i].summary.value("overrides", nlohmann::json::array());
    for (const nlohmann::json& item : list) {
      if (!item.is_string()) continue;
      const std::string text = item.get<std::string>();
      const std::size_t equals = text.find('=');
      auto& values = overrides[text.substr(0, equals)];
      values.resize(runs.size());
      values[i] = equals == std::string::npos ? "" : text.substr(equals + 1);
    }
  }
  std::set<std::string> names, seeds;
  for (const RunData& run : runs) {
    names.insert(run.summary.value("scenario", std::string()));
    seeds.insert(run.summary.contains("seed") ? run.summary["seed"].dump() : "");
  }
  for (std::size_t i = 0; i < runs.size(); ++i) {
    std::string label;
    const auto append = [&](const std::string& part) { label += (label.empty() ? "" : ", ") + part; };
    if (names.size() > 1) append(runs[i].summary.value("scenario", std::string()));
    for (auto& [pointer, values] : overrides) {
      values.resize(runs.size());
      // clang 14 (the sanitizer tree) cannot capture a structured binding: name the value.
      const std::string& first = values[0];
      if (std::all_of(values.begin(), values.end(), [&](const std::string& v) { return v == first; })) continue;
      const std::string key = pointer.substr(pointer.rfind('/') + 1);
      std::string value = values[i];
      // A run without this override ran the scenario's own value.
      if (value.empty()) {
        const nlohmann::json own = summary_value(runs[i].summary, "/scenario_document" + pointer);
        if (!own.is_null()) value = own.dump();
      }
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      append(key + "=" + (value.empty() ? "(scenario's)" : value));
    }
    if (seeds.size() > 1) append("seed " + runs[i].summary["seed"].dump());
    if (label.empty()) {
      std::string source = runs[i].source;
      while (source.size() > 1 && source.back() == '/') source.pop_back();
      label = runs.size() > 1 ? std::filesystem::path(source).filename().string()
                              : runs[i].summary.value("scenario", std::string());
    }
    runs[i].label = label;
  }
}

}  // namespace ringsim::report
