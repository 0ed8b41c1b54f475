#include "cli/merge_command.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <utility>

#include "cli/atomic_output.h"
#include "cli/merge_json.h"
#include "cli/merge_stats.h"
#include "cli/pooled_output.h"
#include "run/exit_codes.h"
#include "sim/config_error.h"
#include "sim/file_check.h"
#include "sim/json_text.h"
#include "sim/metrics.h"
#include "sim/number_text.h"
#include "sim/summary.h"

namespace ringsim {

namespace {

namespace fs = std::filesystem;

// Run outputs and manifests are machine-written; this only stops a wrong file exhausting memory.
constexpr std::uintmax_t kInputFileBytesMax = std::uintmax_t{1} << 30;

nlohmann::ordered_json read_json(const fs::path& path) {
  std::error_code error;
  const std::uintmax_t size = fs::file_size(path, error);
  if (error) throw ConfigError(path.string(), "", "cannot read the file (is the point finished?)");
  if (size > kInputFileBytesMax) throw ConfigError(path.string(), "", "file is larger than 1 GiB");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  check_json_depth(text.str(), path.string());  // Deep nesting and duplicate keys (issue #24).
  nlohmann::ordered_json json = nlohmann::ordered_json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) throw ConfigError(path.string(), "", "not valid JSON (is the point finished?)");
  return json;
}

struct RunRef {
  std::uint64_t seed;
  fs::path dir;
};

struct GridGroup {
  std::vector<std::string> values;
  std::vector<RunRef> runs;
};

struct Groups {
  std::vector<std::string> pointers;
  std::vector<GridGroup> groups;
  // The metrics the swept scenario's own expectations name (sweep.json's scenario_document),
  // even when the sweep dropped them for its points: the sweep report shows them first.
  std::vector<std::string> expectation_metrics;
  std::string scenario_name;         // sweep.json's scenario_document, for the report's title
  std::string scenario_description;
  // The sweep's fixed --set texts (sweep.json's "set"), applied to every point, and each grid
  // axis with its values: what the description, written for the scenario as is, may not say.
  std::vector<std::string> set_texts;
  nlohmann::ordered_json grid_axes = nlohmann::ordered_json::array();
};

std::vector<std::string> manifest_set_texts(const nlohmann::ordered_json& manifest, const std::string& file) {
  std::vector<std::string> texts;
  if (!manifest.contains("set")) return texts;
  if (!manifest["set"].is_array()) throw ConfigError(file, "/set", "expected an array of --set texts");
  for (const auto& text : manifest["set"]) {
    if (!text.is_string()) throw ConfigError(file, "/set", "expected an array of --set texts");
    texts.push_back(text.get<std::string>());
  }
  return texts;
}

// The "metric" of each entry of `object[key]`, in order: a scenario document's "expect" or a
// summary.json's "expectations" (both are arrays of objects naming a metric).
std::vector<std::string> metrics_named(const nlohmann::ordered_json& object, const char* key) {
  std::vector<std::string> names;
  if (!object.is_object() || !object.contains(key) || !object[key].is_array()) return names;
  for (const auto& item : object[key]) {
    if (item.is_object() && item.contains("metric") && item["metric"].is_string()) names.push_back(item["metric"].get<std::string>());
  }
  return names;
}

// Ordered by name first seen; values per seed in ascending seed order.
using NamedValues = std::vector<std::pair<std::string, std::vector<double>>>;

void add_value(NamedValues& metrics, const std::string& name, double value) {
  // A percentile is a histogram bucket's midpoint: 3 significant digits are real (older
  // run directories wrote more).
  if (is_bucketed_quantile(name)) value = round_quantile(value);
  auto found = std::find_if(metrics.begin(), metrics.end(), [&](const auto& entry) { return entry.first == name; });
  if (found == metrics.end()) {
    metrics.emplace_back(name, std::vector<double>{});
    found = metrics.end() - 1;
  }
  found->second.push_back(value);
}

std::vector<std::string> manifest_pointers(const nlohmann::ordered_json& manifest, const std::string& file) {
  std::vector<std::string> pointers;
  if (!manifest.contains("grid") || !manifest["grid"].is_array()) throw ConfigError(file, "/grid", "expected an array");
  for (const auto& axis : manifest["grid"]) {
    if (!axis.contains("pointer") || !axis["pointer"].is_string()) throw ConfigError(file, "/grid", "expected {\"pointer\": ...}");
    pointers.push_back(axis["pointer"].get<std::string>());
  }
  return pointers;
}

void add_manifest_points(const nlohmann::ordered_json& manifest, const fs::path& dir, const std::string& file,
                         Groups& groups, std::map<std::vector<std::string>, std::size_t>& index) {
  if (!manifest.contains("points") || !manifest["points"].is_array()) throw ConfigError(file, "/points", "expected an array");
  for (std::size_t i = 0; i < manifest["points"].size(); ++i) {
    const auto& point = manifest["points"][i];
    const std::string pointer = "/points/" + std::to_string(i);
    if (!point.is_object() || !point.contains("seed") || !point["seed"].is_number_unsigned() ||
        !point.contains("dir") || !point["dir"].is_string() || !point.contains("values") ||
        !point["values"].is_array() || point["values"].size() != groups.pointers.size()) {
      throw ConfigError(file, pointer, "expected {\"seed\", \"dir\", \"values\" (one per grid axis)}");
    }
    std::vector<std::string> values;
    for (const auto& value : point["values"]) {
      if (!value.is_string()) throw ConfigError(file, pointer + "/values", "expected strings");
      values.push_back(value.get<std::string>());
    }
    auto [found, inserted] = index.emplace(values, groups.groups.size());
    if (inserted) groups.groups.push_back({values, {}});
    groups.groups[found->second].runs.push_back({point["seed"].get<std::uint64_t>(), dir / point["dir"].get<std::string>()});
  }
}

Groups collect_groups(const std::vector<std::string>& sweep_dirs) {
  Groups groups;
  std::map<std::vector<std::string>, std::size_t> index;
  for (std::size_t d = 0; d < sweep_dirs.size(); ++d) {
    const fs::path dir = sweep_dirs[d];
    const std::string file = (dir / "sweep.json").string();
    if (const auto problem = regular_file_problem(file)) throw ConfigError(file, "", "not a sweep directory (sweep.json: " + *problem + ")");
    const nlohmann::ordered_json manifest = read_json(dir / "sweep.json");
    if (manifest.value("format", "") != "ringsim-sweep-1") throw ConfigError(file, "/format", "expected \"ringsim-sweep-1\"");
    const std::vector<std::string> pointers = manifest_pointers(manifest, file);
    if (d == 0) groups.pointers = pointers;
    if (pointers != groups.pointers) {
      throw ConfigError(file, "/grid", "sweeps merged together must have the same grid pointers, in the same order");
    }
    add_manifest_points(manifest, dir, file, groups, index);
    const std::vector<std::string> set_texts = manifest_set_texts(manifest, file);
    if (d == 0) {
      groups.set_texts = set_texts;
      groups.grid_axes = manifest["grid"];
    } else if (set_texts != groups.set_texts) {
      throw ConfigError(file, "/set", "sweeps merged together must have the same --set texts (the first has " +
                                          nlohmann::ordered_json(groups.set_texts).dump() + ")");
    }
    const nlohmann::ordered_json document = manifest.value("scenario_document", nlohmann::ordered_json());
    if (groups.expectation_metrics.empty()) groups.expectation_metrics = metrics_named(document, "expect");
    if (groups.scenario_name.empty() && document.is_object()) {
      groups.scenario_name = document.value("name", std::string());
      groups.scenario_description = document.value("description", std::string());
    }
  }
  for (GridGroup& group : groups.groups) {
    std::sort(group.runs.begin(), group.runs.end(), [](const RunRef& a, const RunRef& b) { return a.seed < b.seed; });
    for (std::size_t i = 1; i < group.runs.size(); ++i) {
      if (group.runs[i].seed == group.runs[i - 1].seed) {
        throw ConfigError(group.runs[i].dir.string(), "",
                          "seed " + std::to_string(group.runs[i].seed) + " of this grid point is also in " +
                              group.runs[i - 1].dir.string() + "; each (grid point, seed) may appear once");
      }
    }
  }
  return groups;
}

// Every scalar of summary.json but the ones that are not results (seed, wall_time_s).
void add_summary_scalars(const nlohmann::ordered_json& summary, NamedValues& metrics) {
  for (const auto& [key, value] : summary.items()) {
    if (value.is_number() && key != "seed" && key != "wall_time_s") add_value(metrics, key, value.get<double>());
  }
  if (summary.contains("ops") && summary["ops"].is_object()) {
    for (const auto& [op, stats] : summary["ops"].items()) {
      if (!stats.is_object()) continue;
      for (const auto& [stat, value] : stats.items()) {
        if (value.is_number()) add_value(metrics, op + "." + stat, value.get<double>());
      }
    }
  }
  if (summary.contains("counters") && summary["counters"].is_object()) {
    for (const auto& [name, value] : summary["counters"].items()) {
      if (value.is_number()) add_value(metrics, name, value.get<double>());
    }
  }
}

struct MergedPoint {
  std::vector<std::string> values;
  std::vector<std::uint64_t> seeds;
  std::vector<std::pair<std::string, SeedStats>> stats;
  // Per metric (same order as stats): the seeds that have it and their values.
  std::vector<std::vector<std::uint64_t>> metric_seeds;
  NamedValues metric_values;
  // Each run's "changes" table (membership changes), by ascending seed.
  std::vector<nlohmann::ordered_json> changes;
  // Metrics the scenario's expectations name (the first run's summary.json), in order.
  std::vector<std::string> expectation_metrics;
  std::vector<OpSummary> pooled;
  std::vector<std::pair<std::string, std::int64_t>> sums;
  // Each run's warnings (summary.json), by ascending seed: a fault that hit nothing in one
  // seed must not vanish into a mean.
  std::vector<std::pair<std::uint64_t, std::string>> warnings;
};

// Issue #24: a point directory holding another point's outputs (copied or moved by hand)
// would count that seed twice. summary.json records the seed and the --set texts it ran
// with; the point's seed and each axis's "pointer=value" must be among them.
void check_point_summary(const nlohmann::ordered_json& summary, const RunRef& run,
                         const std::vector<std::string>& pointers, const std::vector<std::string>& values) {
  const std::string file = (run.dir / "summary.json").string();
  if (!summary.is_object() || !summary.contains("seed") || !summary["seed"].is_number_unsigned() ||
      summary["seed"].get<std::uint64_t>() != run.seed) {
    throw ConfigError(file, "/seed",
                      "this point's seed is " + std::to_string(run.seed) + " but its summary.json says " +
                          (summary.is_object() && summary.contains("seed") ? summary["seed"].dump() : "nothing") +
                          ": the directory holds another run's outputs");
  }
  const nlohmann::ordered_json overrides = summary.value("overrides", nlohmann::ordered_json::array());
  for (std::size_t axis = 0; axis < pointers.size(); ++axis) {
    const std::string want = pointers[axis] + "=" + values[axis];
    const bool found = overrides.is_array() && std::any_of(overrides.begin(), overrides.end(), [&](const auto& item) {
                         return item.is_string() && item.template get<std::string>() == want;
                       });
    if (!found) {
      throw ConfigError(file, "/overrides",
                        "this point ran with --set " + want + " but its summary.json does not say so: "
                        "the directory holds another point's outputs");
    }
  }
}

MergedPoint merge_group(const GridGroup& group, const std::vector<std::string>& pointers) {
  MergedPoint merged;
  merged.values = group.values;
  NamedValues metrics;
  std::vector<std::pair<std::string, LatencyHistogram>> histograms;
  std::vector<std::vector<std::uint64_t>> metric_seeds;
  for (const RunRef& run : group.runs) {
    merged.seeds.push_back(run.seed);
    const nlohmann::ordered_json summary = read_json(run.dir / "summary.json");
    check_point_summary(summary, run, pointers, group.values);
    std::vector<std::size_t> sizes_before;
    for (const auto& entry : metrics) sizes_before.push_back(entry.second.size());
    add_summary_scalars(summary, metrics);
    metric_seeds.resize(metrics.size());
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      if (m >= sizes_before.size() || metrics[m].second.size() > sizes_before[m]) metric_seeds[m].push_back(run.seed);
    }
    merged.changes.push_back(summary.value("changes", nlohmann::ordered_json::array()));
    for (const nlohmann::ordered_json& warning : summary.value("warnings", nlohmann::ordered_json::array())) {
      if (warning.is_string()) merged.warnings.emplace_back(run.seed, warning.get<std::string>());
    }
    if (merged.expectation_metrics.empty()) merged.expectation_metrics = metrics_named(summary, "expectations");
    const std::string pooled_file = (run.dir / "pooled.json").string();
    const PooledRun pooled = pooled_from_json(read_json(run.dir / "pooled.json"), pooled_file);
    for (const auto& [op, histogram] : pooled.ops) {
      // A named copy: clang 14 (the sanitizer tree) cannot capture a structured binding.
      const std::string& op_name = op;
      auto found = std::find_if(histograms.begin(), histograms.end(), [&](const auto& entry) { return entry.first == op_name; });
      if (found == histograms.end()) {
        histograms.emplace_back(op, histogram);
      } else {
        found->second.merge(histogram);
      }
    }
    for (const auto& [name, count] : pooled.counters) {
      const std::string& counter_name = name;
      auto found = std::find_if(merged.sums.begin(), merged.sums.end(), [&](const auto& entry) { return entry.first == counter_name; });
      if (found == merged.sums.end()) {
        merged.sums.emplace_back(name, count);
      } else {
        found->second += count;
      }
    }
  }
  for (const auto& [name, values] : metrics) merged.stats.emplace_back(name, seed_stats(values));
  // A mean or sd of percentiles has no more resolution than the percentiles themselves.
  for (auto& [name, stats] : merged.stats) {
    if (is_unit_interval_metric(name)) clip_to_unit_interval(stats);
    if (!is_bucketed_quantile(name)) continue;
    stats.mean = round_quantile(stats.mean);
    for (std::optional<double>* value : {&stats.sd, &stats.ci95_low, &stats.ci95_high}) {
      if (*value) **value = round_quantile(**value);
    }
  }
  merged.metric_values = metrics;
  merged.metric_seeds = metric_seeds;
  for (const auto& [op, histogram] : histograms) {
    merged.pooled.push_back(summarize_op(op, histogram));
    for (std::size_t stat = 0; stat < op_stat_names().size(); ++stat) {
      double& value = merged.pooled.back().stats[stat];
      if (is_bucketed_quantile(op_stat_names()[stat])) value = round_quantile(value);
    }
  }
  return merged;
}

// Shortest text that reads back as the same double: identical on every machine.
std::string number_text(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// Column names in order of first appearance over all grid points.
template <typename Entries, typename Name>
std::vector<std::string> union_names(const std::vector<MergedPoint>& points, Entries entries, Name name) {
  std::vector<std::string> names;
  for (const MergedPoint& point : points) {
    for (const auto& entry : entries(point)) {
      if (std::find(names.begin(), names.end(), name(entry)) == names.end()) names.push_back(name(entry));
    }
  }
  return names;
}

// Per metric: the mean and its t interval, then what assumes no distribution: median,
// range and, for percentile-type metrics, the median's order-statistic interval with its
// exact confidence (merge_stats.h). A percentile-type metric's t interval is left empty:
// across seeds a p99 is skewed or bimodal and the t interval can leave the data's range
// (even go below 0), so merged.csv never offers it.
const char* const kStatColumns[] = {"mean", "sd", "ci95_low", "ci95_high", "median", "min", "max",
                                    "median_ci_low", "median_ci_high", "median_ci_level"};
constexpr std::size_t kStatColumnCount = sizeof kStatColumns / sizeof kStatColumns[0];

std::vector<std::optional<double>> stat_cells(const std::string& name, const SeedStats& stats, const std::vector<double>& values) {
  std::vector<std::optional<double>> cells(kStatColumnCount);
  if (stats.n == 0 || values.empty()) return cells;
  const bool percentile = is_percentile_metric(name);
  const OrderStatInterval interval = *median_interval(values);
  cells[0] = stats.mean;
  cells[1] = stats.sd;
  if (!percentile) cells[2] = stats.ci95_low, cells[3] = stats.ci95_high;
  cells[4] = interval.median;
  cells[5] = *std::min_element(values.begin(), values.end());
  cells[6] = *std::max_element(values.begin(), values.end());
  if (percentile && values.size() >= 2) cells[7] = interval.low, cells[8] = interval.high, cells[9] = interval.level;
  return cells;
}

void write_csv(std::ostream& out, const Groups& groups, const std::vector<MergedPoint>& points) {
  const auto metric_names = union_names(points, [](const MergedPoint& p) { return p.stats; }, [](const auto& e) { return e.first; });
  const auto op_names = union_names(points, [](const MergedPoint& p) { return p.pooled; }, [](const OpSummary& e) { return e.name; });
  const auto sum_names = union_names(points, [](const MergedPoint& p) { return p.sums; }, [](const auto& e) { return e.first; });
  out << "point";
  for (const std::string& pointer : groups.pointers) out << ',' << csv_field(pointer);
  out << ",seeds";
  for (const std::string& name : metric_names) {
    for (const char* stat : kStatColumns) out << ',' << csv_field(name + "." + stat);
  }
  for (const std::string& op : op_names) {
    for (const std::string& stat : op_stat_names()) out << ',' << csv_field(op + "." + stat + ".pooled");
  }
  for (const std::string& name : sum_names) out << ',' << csv_field(name + ".sum");
  out << '\n';
  for (std::size_t row = 0; row < points.size(); ++row) {
    const MergedPoint& point = points[row];
    out << row + 1;
    for (const std::string& value : point.values) out << ',' << csv_field(value);
    out << ',' << point.seeds.size();
    for (const std::string& name : metric_names) {
      const auto found = std::find_if(point.stats.begin(), point.stats.end(), [&](const auto& e) { return e.first == name; });
      const auto cells = found == point.stats.end()
                             ? std::vector<std::optional<double>>(kStatColumnCount)
                             : stat_cells(name, found->second, point.metric_values[found - point.stats.begin()].second);
      for (const auto& cell : cells) out << ',' << (cell ? number_text(*cell) : "");
    }
    for (const std::string& op : op_names) {
      const auto found = std::find_if(point.pooled.begin(), point.pooled.end(), [&](const OpSummary& e) { return e.name == op; });
      for (std::size_t stat = 0; stat < op_stat_names().size(); ++stat) {
        // No samples pooled (NaN): an empty cell, like a missing metric.
        const bool absent = found == point.pooled.end() || std::isnan(found->stats[stat]);
        out << ',' << (absent ? "" : number_text(found->stats[stat]));
      }
    }
    for (const std::string& name : sum_names) {
      const auto found = std::find_if(point.sums.begin(), point.sums.end(), [&](const auto& e) { return e.first == name; });
      out << ',' << (found == point.sums.end() ? "" : std::to_string(found->second));
    }
    out << '\n';
  }
}

// One row per (grid point, seed, metric): the values behind every mean, for pandas.
void write_seeds_csv(std::ostream& out, const Groups& groups, const std::vector<MergedPoint>& points) {
  out << "point";
  for (const std::string& pointer : groups.pointers) out << ',' << csv_field(pointer);
  out << ",seed,metric,value\n";
  for (std::size_t row = 0; row < points.size(); ++row) {
    const MergedPoint& point = points[row];
    for (std::size_t m = 0; m < point.metric_values.size(); ++m) {
      const std::vector<double>& values = point.metric_values[m].second;
      for (std::size_t i = 0; i < values.size() && i < point.metric_seeds[m].size(); ++i) {
        out << row + 1;
        for (const std::string& value : point.values) out << ',' << csv_field(value);
        out << ',' << point.metric_seeds[m][i] << ',' << csv_field(point.metric_values[m].first) << ','
            << number_text(values[i]) << '\n';
      }
    }
  }
}

nlohmann::ordered_json optional_json(const std::optional<double>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

// A grid value as the scenario saw it: JSON when it parses, otherwise a string (like --set).
nlohmann::ordered_json value_json(const std::string& text) {
  nlohmann::ordered_json value = nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
  return value.is_discarded() ? nlohmann::ordered_json(text) : value;
}

nlohmann::ordered_json merged_json(const Groups& groups, const std::vector<MergedPoint>& points) {
  nlohmann::ordered_json json;
  json["scenario"] = {{"name", groups.scenario_name}, {"description", groups.scenario_description}};
  json["grid"] = groups.pointers;
  // What every point ran with beyond the scenario file: the description may not hold for it.
  json["set"] = groups.set_texts;
  nlohmann::ordered_json axes = nlohmann::ordered_json::array();
  for (const auto& axis : groups.grid_axes) {
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (const auto& value : axis.value("values", nlohmann::ordered_json::array())) {
      values.push_back(value.is_string() ? value_json(value.get<std::string>()) : value);
    }
    axes.push_back({{"pointer", axis.value("pointer", std::string())}, {"values", std::move(values)}});
  }
  json["grid_axes"] = std::move(axes);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const MergedPoint& point : points) {
    nlohmann::ordered_json row;
    nlohmann::ordered_json values = nlohmann::ordered_json::object();
    for (std::size_t axis = 0; axis < groups.pointers.size(); ++axis) values[groups.pointers[axis]] = value_json(point.values[axis]);
    row["values"] = std::move(values);
    row["seeds"] = point.seeds;
    nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
    for (std::size_t m = 0; m < point.stats.size(); ++m) {
      const auto& [name, stats] = point.stats[m];
      // As in merged.csv: no t interval for a percentile-type metric (median_ci_* instead).
      const bool percentile = is_percentile_metric(name);
      metrics[name] = {{"n", stats.n}, {"mean", stats.mean}, {"sd", optional_json(stats.sd)},
                       {"ci95_low", percentile ? nlohmann::ordered_json(nullptr) : optional_json(stats.ci95_low)},
                       {"ci95_high", percentile ? nlohmann::ordered_json(nullptr) : optional_json(stats.ci95_high)},
                       {"ci95_cut_at_zero", !percentile && stats.ci95_cut_at_zero},
                       {"ci95_cut_at_one", !percentile && stats.ci95_cut_at_one}};
      add_distribution_free(metrics[name], name, point.metric_values[m].second, point.metric_seeds[m]);
    }
    row["metrics"] = std::move(metrics);
    row["changes"] = changes_json(point.changes);
    nlohmann::ordered_json warnings = nlohmann::ordered_json::array();
    for (const auto& [seed, text] : point.warnings) warnings.push_back({{"seed", seed}, {"warning", text}});
    row["warnings"] = std::move(warnings);
    nlohmann::ordered_json pooled = nlohmann::ordered_json::object();
    for (const OpSummary& op : point.pooled) {
      nlohmann::ordered_json stats;
      for (std::size_t stat = 0; stat < op.stats.size(); ++stat) stats[op_stat_names()[stat]] = op.stats[stat];
      pooled[op.name] = std::move(stats);
    }
    row["pooled"] = std::move(pooled);
    nlohmann::ordered_json sums = nlohmann::ordered_json::object();
    for (const auto& [name, total] : point.sums) sums[name] = total;
    row["sums"] = std::move(sums);
    rows.push_back(std::move(row));
  }
  json["points"] = std::move(rows);
  // The points' own (kept) expectations, else the scenario's that the sweep dropped.
  json["expectation_metrics"] = !points.empty() && !points.front().expectation_metrics.empty()
                                    ? points.front().expectation_metrics
                                    : groups.expectation_metrics;
  return json;
}

}  // namespace

CLI::App* add_merge_command(CLI::App& app, MergeOptions& options) {
  CLI::App* merge = app.add_subcommand(
      "merge", "Merge sweep directories across seeds: mean, sd, 95 % CI per grid point, pooled percentiles");
  merge->add_option("dirs", options.sweep_dirs, "Sweep directories (written by ringsim sweep)")->required();
  merge->add_option("--out", options.out_dir, "Write merged.csv and merged.json into DIR")->required();
  return merge;
}

int run_merge_command(const MergeOptions& options) {
  const Groups groups = collect_groups(options.sweep_dirs);
  std::vector<MergedPoint> points;
  for (const GridGroup& group : groups.groups) points.push_back(merge_group(group, groups.pointers));
  try {
    const fs::path dir = options.out_dir;
    fs::create_directories(dir);
    // All or nothing (cli/atomic_output.h); merged.json, which marks a merged directory, last.
    AtomicFile csv(dir / "merged.csv");
    write_csv(csv.stream(), groups, points);
    csv.commit();
    AtomicFile seeds(dir / "merged_seeds.csv");
    write_seeds_csv(seeds.stream(), groups, points);
    seeds.commit();
    // Shortest round-trip doubles, like the CSV.
    write_file_atomically(dir / "merged.json", merged_json(groups, points).dump(2) + "\n");
  } catch (const std::exception& error) {
    std::cerr << "ringsim: " << error.what() << "\n";
    return kExitOutputFailed;
  }
  std::size_t runs = 0;
  for (const GridGroup& group : groups.groups) runs += group.runs.size();
  std::cerr << "merge: " << runs << " runs, " << points.size() << " grid points -> " << options.out_dir << "/merged.csv\n";
  return kExitOk;
}

}  // namespace ringsim
