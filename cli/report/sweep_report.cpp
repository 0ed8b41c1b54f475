#include "cli/report/sweep_report.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <map>
#include <optional>

#include "cli/report/error_bar_plot.h"
#include "cli/report/html_page.h"
#include "cli/report/svg.h"
#include "cli/report/ticks.h"
#include "sim/config_error.h"
#include "sim/json_text.h"

namespace ringsim::report {
namespace {

using Json = nlohmann::ordered_json;

std::string value_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// "/workload/arrivals/rate_qps" -> "rate_qps": series labels stay short.
std::string short_name(const std::string& pointer) {
  const std::size_t slash = pointer.find_last_of('/');
  return slash == std::string::npos ? pointer : pointer.substr(slash + 1);
}

std::string plot_id_part(const std::string& text) {
  std::string id;
  for (const char c : text) id += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '-';
  return id;
}

std::optional<double> number_or_none(const Json& stats, const char* key) {
  const auto found = stats.find(key);
  if (found == stats.end() || !found->is_number()) return std::nullopt;
  return found->get<double>();
}

// Metric names in first-seen order over the points.
std::vector<std::string> metric_names(const Json& points) {
  std::vector<std::string> names;
  for (const Json& point : points) {
    for (const auto& [name, stats] : point.at("metrics").items()) {
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  return names;
}

// Equal mean at every point and no interval width: nothing to draw.
bool constant_metric(const Json& points, const std::string& metric) {
  std::optional<double> first;
  for (const Json& point : points) {
    const auto found = point.at("metrics").find(metric);
    if (found == point.at("metrics").end()) return false;
    const std::optional<double> mean = number_or_none(*found, "mean");
    if (!mean) return false;
    const std::optional<double> low = number_or_none(*found, "ci95_low"), high = number_or_none(*found, "ci95_high");
    if (low && high && *high > *low) return false;
    if (first && *first != *mean) return false;
    first = mean;
  }
  return true;
}

ErrorBarPlot plot_against(const Json& merged, const std::string& metric, std::size_t axis) {
  const Json& grid = merged.at("grid");
  const Json& points = merged.at("points");
  const std::string pointer = grid.at(axis).get<std::string>();
  ErrorBarPlot plot;
  plot.id = "sweep-" + plot_id_part(metric) + "-by-" + std::to_string(axis);
  plot.title = metric + " against " + pointer;
  plot.x_title = pointer;
  plot.y_title = metric + " (mean, 95 % CI)";
  bool numeric = true;
  for (const Json& point : points) numeric = numeric && point.at("values").at(pointer).is_number();
  std::map<std::string, std::size_t> series_of;  // label of the other values -> series
  for (const Json& point : points) {
    const Json& value = point.at("values").at(pointer);
    double x = 0;
    if (numeric) {
      x = value.get<double>();
    } else {
      const std::string text = value_text(value);
      const auto found = std::find(plot.x_categories.begin(), plot.x_categories.end(), text);
      x = static_cast<double>(found - plot.x_categories.begin());
      if (found == plot.x_categories.end()) plot.x_categories.push_back(text);
    }
    std::string label;
    for (std::size_t other = 0; other < grid.size(); ++other) {
      if (other == axis) continue;
      const std::string other_pointer = grid.at(other).get<std::string>();
      label += (label.empty() ? "" : ", ") + short_name(other_pointer) + "=" + value_text(point.at("values").at(other_pointer));
    }
    if (label.empty()) label = "mean over seeds";
    const auto [entry, added] = series_of.try_emplace(label, plot.series.size());
    if (added) plot.series.push_back({label, css_colour(series_colour(plot.series.size())), {}});
    const auto stats = point.at("metrics").find(metric);
    if (stats == point.at("metrics").end()) continue;
    const std::optional<double> mean = number_or_none(*stats, "mean");
    if (!mean) continue;
    plot.series[entry->second].points.push_back(
        {x, *mean, number_or_none(*stats, "ci95_low"), number_or_none(*stats, "ci95_high")});
  }
  for (ErrorBarSeries& series : plot.series) {
    std::stable_sort(series.points.begin(), series.points.end(), [](const auto& a, const auto& b) { return a.x < b.x; });
  }
  return plot;
}

void check_merged(const Json& merged, const std::string& file) {
  if (!merged.is_object()) throw ConfigError(file, "", "expected an object (written by ringsim merge)");
  if (!merged.contains("grid") || !merged["grid"].is_array()) throw ConfigError(file, "/grid", "expected an array of pointers");
  for (std::size_t i = 0; i < merged["grid"].size(); ++i) {
    if (!merged["grid"][i].is_string()) throw ConfigError(file, "/grid/" + std::to_string(i), "expected a pointer string");
  }
  if (!merged.contains("points") || !merged["points"].is_array()) throw ConfigError(file, "/points", "expected an array");
  for (std::size_t i = 0; i < merged["points"].size(); ++i) {
    const Json& point = merged["points"][i];
    const std::string at = "/points/" + std::to_string(i);
    if (!point.is_object() || !point.contains("values") || !point["values"].is_object()) {
      throw ConfigError(file, at + "/values", "expected an object of grid values");
    }
    for (const Json& pointer : merged["grid"]) {
      if (!point["values"].contains(pointer.get<std::string>())) {
        throw ConfigError(file, at + "/values", "expected a value for " + pointer.get<std::string>());
      }
    }
    if (!point.contains("metrics") || !point["metrics"].is_object()) throw ConfigError(file, at + "/metrics", "expected an object");
    if (!point.contains("seeds") || !point["seeds"].is_array()) throw ConfigError(file, at + "/seeds", "expected an array");
  }
}

}  // namespace

bool is_merged_sweep_dir(const std::string& dir) {
  const std::filesystem::path root(dir);
  std::error_code error;  // A name too long or a symlink loop is no merged directory (issue #24).
  return std::filesystem::exists(root / "merged.json", error) && !std::filesystem::exists(root / "summary.json", error);
}

Json load_merged_sweep(const std::string& dir) {
  const std::string file = (std::filesystem::path(dir) / "merged.json").string();
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file, "", "cannot read (expected a directory written by ringsim merge)");
  std::ostringstream text;
  text << in.rdbuf();
  check_json_depth(text.str(), file);
  Json merged;
  try {
    merged = Json::parse(text.str());
  } catch (const Json::exception& error) {
    throw ConfigError(file, "", std::string("not valid JSON: ") + error.what());
  }
  check_merged(merged, file);
  return merged;
}

std::string build_sweep_report_html(const Json& merged, const std::string& source) {
  const Json& grid = merged.at("grid");
  const Json& points = merged.at("points");
  HtmlPage page("ringsim sweep report: " + source);
  page.heading(2, "Sweep", "sweep");
  std::vector<std::pair<std::string, std::string>> facts = {{"merged directory", source},
                                                            {"grid points", std::to_string(points.size())}};
  std::size_t seeds_min = SIZE_MAX, seeds_max = 0;
  for (const Json& point : points) {
    seeds_min = std::min(seeds_min, point.at("seeds").size());
    seeds_max = std::max(seeds_max, point.at("seeds").size());
  }
  if (!points.empty()) {
    facts.push_back({"seeds per point", seeds_min == seeds_max ? std::to_string(seeds_min)
                                                               : std::to_string(seeds_min) + " to " + std::to_string(seeds_max)});
  }
  page.facts(facts);
  page.paragraph("Each marker is a metric's mean over the seeds of one grid point; its bar is the 95 % confidence "
                 "interval of that mean (Student's t with n - 1 degrees of freedom, from merged.json). One series per "
                 "combination of the other grid values; series at the same value are drawn slightly apart.");
  std::vector<std::string> header = {"point"};
  for (const Json& pointer : grid) header.push_back(pointer.get<std::string>());
  header.push_back("seeds");
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < points.size(); ++i) {
    std::vector<std::string> row = {std::to_string(i + 1)};
    for (const Json& pointer : grid) row.push_back(value_text(points[i].at("values").at(pointer.get<std::string>())));
    row.push_back(std::to_string(points[i].at("seeds").size()));
    rows.push_back(std::move(row));
  }
  page.table(header, rows);

  page.heading(2, "Metrics with 95 % confidence intervals", "metrics");
  std::vector<std::vector<std::string>> constants;
  for (const std::string& metric : metric_names(points)) {
    if (constant_metric(points, metric)) {
      constants.push_back({metric, format_number(points.at(0).at("metrics").at(metric).at("mean").get<double>())});
      continue;
    }
    page.heading(3, metric);
    for (std::size_t axis = 0; axis < grid.size(); ++axis) {
      page.figure(render_error_bar_plot(plot_against(merged, metric, axis)),
                  metric + " against " + grid.at(axis).get<std::string>() + ": mean and 95 % CI per grid value");
    }
  }
  if (!constants.empty()) {
    page.heading(2, "Metrics equal at every grid point", "constants");
    page.table({"metric", "value"}, constants);
  }
  return page.finish();
}

}  // namespace ringsim::report
