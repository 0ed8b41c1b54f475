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
#include "sim/json_reader.h"
#include "sim/json_text.h"
#include "sim/number_text.h"

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
    const std::optional<double> low = number_or_none(*found, "min"), high = number_or_none(*found, "max");
    if (low && high && *high > *low) return false;  // The seeds differ.
    if (first && *first != *mean) return false;
    first = mean;
  }
  return true;
}

// The confidence of a metric's order-statistic intervals over the points, as a caption
// says it: "75 % with 3 seeds", or a range when the points' seed counts differ.
std::string interval_level_text(const Json& points, const std::string& metric, bool median) {
  if (!median) return "";
  double lo = INFINITY, hi = 0;
  std::size_t seeds_lo = SIZE_MAX, seeds_hi = 0;
  for (const Json& point : points) {
    const auto stats = point.at("metrics").find(metric);
    if (stats == point.at("metrics").end()) continue;
    const std::optional<double> level = number_or_none(*stats, "median_ci_level");
    if (!level) continue;
    lo = std::min(lo, *level), hi = std::max(hi, *level);
    seeds_lo = std::min(seeds_lo, point.at("seeds").size()), seeds_hi = std::max(seeds_hi, point.at("seeds").size());
  }
  if (!std::isfinite(lo)) return "confidence unknown";
  const auto percent = [](double level) { return format_number(std::floor(level * 1000) / 10) + " %"; };
  const std::string seeds = seeds_lo == seeds_hi ? std::to_string(seeds_lo) : std::to_string(seeds_lo) + "-" + std::to_string(seeds_hi);
  return (lo == hi ? percent(lo) : percent(lo) + " to " + percent(hi)) + " confidence with " + seeds + " seeds" +
         (hi < 0.95 ? "; fewer than 6 seeds give [min, max] and less than 95 %" : "");
}

bool uses_median(const Json& stats) {
  return stats.value("interval", std::string()) == "median_order_statistic" && number_or_none(stats, "median");
}

// Grid values all > 0 whose consecutive ratios are (nearly) equal and at least 2: 8, 32,
// 256 or 1, 10, 100 read better on a log axis.
bool geometric(const Json& points, const std::string& pointer) {
  std::vector<double> xs;
  for (const Json& point : points) xs.push_back(point.at("values").at(pointer).get<double>());
  std::sort(xs.begin(), xs.end());
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
  if (xs.size() < 3 || xs.front() <= 0) return false;
  double ratio_lo = INFINITY, ratio_hi = 0;
  for (std::size_t i = 1; i < xs.size(); ++i) {
    ratio_lo = std::min(ratio_lo, xs[i] / xs[i - 1]);
    ratio_hi = std::max(ratio_hi, xs[i] / xs[i - 1]);
  }
  // Equal ratios (1, 10, 100), or a span of two decades whatever the steps (8, 32, 256).
  return (ratio_lo >= 2 && ratio_hi / ratio_lo < 1.5) || (xs.back() / xs.front() >= 30 && ratio_lo >= 2);
}

// True when some point's t interval of the metric was cut at 0 (flag "ci95_cut_at_zero")
// or at 1 ("ci95_cut_at_one", a metric bounded to [0, 1]; merge_stats.h).
bool interval_cut(const Json& points, const std::string& metric, const char* flag) {
  for (const Json& point : points) {
    const auto stats = point.at("metrics").find(metric);
    if (stats != point.at("metrics").end() && stats->value(flag, false)) return true;
  }
  return false;
}

// The tooltip's note on a point's interval cut to the metric's possible values.
std::string cut_note(const Json& stats) {
  const bool zero = stats.value("ci95_cut_at_zero", false), one = stats.value("ci95_cut_at_one", false);
  if (zero && one) return "clipped to [0, 1]: the metric cannot leave it";
  if (one) return "clipped at 1: the metric cannot exceed 1";
  if (zero) return "clipped at 0: the metric cannot be negative";
  return "";
}

// What the per-seed values say about a metric at some grid point, for its caption.
std::string shape_notes(const Json& points, const std::string& metric) {
  std::string notes;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto stats = points[i].at("metrics").find(metric);
    if (stats == points[i].at("metrics").end()) continue;
    if (stats->value("bimodal", false)) notes += " Point " + std::to_string(i + 1) + ": the seeds fall into two groups (bimodal).";
    const Json outliers = stats->value("outlier_seeds", Json::array());
    if (!outliers.empty()) notes += " Point " + std::to_string(i + 1) + ": outlier seed(s) " + value_text(outliers) + ".";
  }
  return notes;
}

// What a sweep is usually about, plotted by default after the expectations' metrics: each
// operation's mean, p50 and p99 ("search.p99_ms") and the cluster's headline results. Every
// other varying metric is a row of the "Other metrics" table; --metrics plots any of them.
bool headline_metric(const std::string& name) {
  static const char* const kNamed[] = {"recall_at_k",   "keys_moved",         "keys_moved_ideal",     "bytes_moved",
                                       "shards_moved",  "migration_s",        "under_replicated_s",   "under_replicated_max",
                                       "lost_keys",     "timeouts", "client_timeouts", "shard_timeouts",           "retries",              "failed_requests",
                                       "goodput_qps",   "load_max_over_mean", "requests_max_over_mean",
                                       "station.utilization", "station.in_system_mean"};
  for (const char* named : kNamed) {
    if (name == named) return true;
  }
  const std::size_t dot = name.find('.');
  if (dot == std::string::npos || name.find('.', dot + 1) != std::string::npos) return false;
  const std::string stat = name.substr(dot + 1);
  return stat == "mean_ms" || stat == "p50_ms" || stat == "p99_ms";
}

struct MetricOrder {
  std::vector<std::string> plotted;  // In drawing order.
  std::vector<std::string> tabled;   // The rest, as merged.json lists them.
};

// --metrics: only those, in that order. Otherwise the ones the scenario's expectations
// name, then the headline metrics; the rest go to a table.
MetricOrder ordered_metrics(const Json& merged, const std::vector<std::string>& chosen) {
  const std::vector<std::string> all = metric_names(merged.at("points"));
  MetricOrder order;
  const auto take = [&](const std::string& name) {
    if (std::find(all.begin(), all.end(), name) != all.end() &&
        std::find(order.plotted.begin(), order.plotted.end(), name) == order.plotted.end()) {
      order.plotted.push_back(name);
    }
  };
  for (const std::string& name : chosen) take(name);
  if (!chosen.empty()) return order;
  for (const Json& name : merged.value("expectation_metrics", Json::array())) {
    if (name.is_string()) take(name.get<std::string>());
  }
  for (const std::string& name : all) {
    if (headline_metric(name)) take(name);
  }
  for (const std::string& name : all) {
    if (std::find(order.plotted.begin(), order.plotted.end(), name) == order.plotted.end()) order.tabled.push_back(name);
  }
  return order;
}

bool is_bytes_metric(const std::string& name) { return name.find("bytes") != std::string::npos; }

// A point's value of a metric as the plots show it: the median for percentile-type metrics,
// else the mean; with the seeds' [min, max] when they differ.
std::string central_text(const Json& point, const std::string& metric) {
  const auto stats = point.at("metrics").find(metric);
  if (stats == point.at("metrics").end()) return "-";
  const std::optional<double> centre = number_or_none(*stats, uses_median(*stats) ? "median" : "mean");
  if (!centre) return "-";
  const auto text = [&](double value) { return is_bytes_metric(metric) ? format_bytes(value) : format_number(value); };
  const std::optional<double> lo = number_or_none(*stats, "min"), hi = number_or_none(*stats, "max");
  if (!lo || !hi || *lo == *hi) return text(*centre);
  return text(*centre) + " [" + text(*lo) + ", " + text(*hi) + "]";
}

std::string spread_text(const Json& cell, bool bytes) {
  if (!cell.is_object()) return cell.is_null() ? "-" : value_text(cell);
  const std::optional<double> mean = number_or_none(cell, "mean"), lo = number_or_none(cell, "min"),
                              hi = number_or_none(cell, "max");
  if (!mean) return "-";
  const auto text = [&](double value) { return bytes ? format_bytes(value) : format_number(value); };
  if (!lo || !hi || *lo == *hi) return text(*mean);
  return text(*mean) + " [" + text(*lo) + ", " + text(*hi) + "]";
}

// The changes-table columns merged per seed, as the single-run report's changes table has them.
const char* const kChangeColumns[] = {"keys_moved", "keys_moved_ideal", "shards_moved", "bytes_moved", "migration_s",
                                      "fully_replicated_s"};

// merged.json's per-change breakdown: keys moved by the failure apart from the join's.
void add_changes_table(const Json& merged, HtmlPage& page) {
  const Json& grid = merged.at("grid");
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < merged.at("points").size(); ++i) {
    const Json& point = merged.at("points")[i];
    for (const Json& change : point.value("changes", Json::array())) {
      std::vector<std::string> row = {std::to_string(i + 1)};
      for (const Json& pointer : grid) row.push_back(value_text(point.at("values").at(pointer.get<std::string>())));
      row.push_back(spread_text(change.value("time_s", Json()), false));
      row.push_back(change.contains("action") ? value_text(change["action"]) : "-");
      row.push_back(change.contains("subject") ? value_text(change["subject"]) : "-");
      for (const char* column : kChangeColumns) {
        row.push_back(spread_text(change.value(column, Json()), is_bytes_metric(column)));
      }
      rows.push_back(std::move(row));
    }
  }
  if (rows.empty()) return;
  page.heading(2, "Changes per grid point", "changes");
  page.paragraph("Each membership change of the runs by its index in the changes table: mean over the seeds "
                 "[min, max], time_s included (a detector's decision can come at another time in each seed); action "
                 "and subject are the first seed's.");
  std::vector<std::string> header = {"point"};
  for (const Json& pointer : grid) header.push_back(short_name(pointer.get<std::string>()));
  for (const char* name : {"time_s", "action", "subject"}) header.push_back(name);
  for (const char* name : kChangeColumns) header.push_back(name);
  page.table(header, rows);
}

ErrorBarPlot plot_against(const Json& merged, const std::string& metric, std::size_t axis) {
  const Json& grid = merged.at("grid");
  const Json& points = merged.at("points");
  const std::string pointer = grid.at(axis).get<std::string>();
  ErrorBarPlot plot;
  plot.id = "sweep-" + plot_id_part(metric) + "-by-" + std::to_string(axis);
  plot.title = metric + " against " + pointer;
  plot.x_title = pointer;
  const bool median = !points.empty() && points.at(0).at("metrics").contains(metric) &&
                      uses_median(points.at(0).at("metrics").at(metric));
  // Short, so the rotated title fits the plot's height; the caption says what the bars are.
  plot.y_title = metric + (median ? " (median)" : " (mean)");
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
    if (label.empty()) label = median ? "median over seeds" : "mean over seeds";
    const auto [entry, added] = series_of.try_emplace(label, plot.series.size());
    if (added) plot.series.push_back({label, css_colour(series_colour(plot.series.size())), {}});
    const auto stats = point.at("metrics").find(metric);
    if (stats == point.at("metrics").end()) continue;
    const std::optional<double> mean = number_or_none(*stats, "mean");
    if (!mean) continue;
    ErrorBarPoint bar{x, *mean, number_or_none(*stats, "ci95_low"), number_or_none(*stats, "ci95_high"), {}, {},
                      cut_note(*stats)};
    // Percentile-type metrics: the median and its order-statistic interval (never outside
    // the seeds' range), not a t interval around the mean.
    if (uses_median(*stats)) {
      const std::optional<double> level = number_or_none(*stats, "median_ci_level");
      bar = {x, *number_or_none(*stats, "median"), number_or_none(*stats, "median_ci_low"),
             number_or_none(*stats, "median_ci_high"), {},
             (level ? format_number(std::floor(*level * 1000) / 10) + " % " : std::string()) + "order-statistic interval",
             {}};
    }
    for (const Json& pair : stats->value("per_seed", Json::array())) {
      if (pair.is_array() && pair.size() == 2 && pair[1].is_number()) bar.seed_values.push_back(pair[1].get<double>());
    }
    plot.series[entry->second].points.push_back(std::move(bar));
  }
  plot.log_x = numeric && geometric(points, pointer);
  for (ErrorBarSeries& series : plot.series) {
    std::stable_sort(series.points.begin(), series.points.end(), [](const auto& a, const auto& b) { return a.x < b.x; });
  }
  return plot;
}

// "vnodes_per_node=32, read_policy=primary": a point by its grid values.
std::string point_label(const Json& grid, const Json& point) {
  std::string label;
  for (const Json& pointer : grid) {
    label += (label.empty() ? "" : ", ") + short_name(pointer.get<std::string>()) + "=" +
             value_text(point.at("values").at(pointer.get<std::string>()));
  }
  return label;
}

// Every run's warnings (a fault that hit nothing, a member without shards), by point and
// seed: a mean over seeds must not hide that one seed tested nothing.
void add_warnings_table(const Json& merged, HtmlPage& page) {
  std::vector<std::vector<std::string>> rows;
  const Json& points = merged.at("points");
  for (std::size_t i = 0; i < points.size(); ++i) {
    for (const Json& warning : points[i].value("warnings", Json::array())) {
      if (!warning.is_object()) continue;
      rows.push_back({std::to_string(i + 1), point_label(merged.at("grid"), points[i]), value_text(warning.value("seed", Json())),
                      value_text(warning.value("warning", Json()))});
    }
  }
  if (rows.empty()) return;
  page.heading(2, "Warnings", "warnings");
  page.paragraph(std::to_string(rows.size()) + " warnings from the runs' summary.json (docs/outputs.md#warnings): the "
                 "statistics below include these runs.", "banner fail");
  page.table({"point", "grid values", "seed", "warning"}, rows);
}

// "/a, /b and /c".
std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  }
  return text;
}

// The pointers the sweep's fixed --set texts ("/duration_s=30") and its grid axes change.
std::vector<std::string> sweep_overridden_pointers(const Json& merged) {
  std::vector<std::string> pointers;
  const auto add = [&](const std::string& pointer) {
    if (!pointer.empty() && std::find(pointers.begin(), pointers.end(), pointer) == pointers.end()) pointers.push_back(pointer);
  };
  for (const Json& text : merged.value("set", Json::array())) {
    if (text.is_string()) add(text.get<std::string>().substr(0, text.get<std::string>().find('=')));
  }
  for (const Json& pointer : merged.at("grid")) add(pointer.get<std::string>());
  return pointers;
}

// --metrics names that merged.json does not hold are a typo: refused (exit 2) with the closest.
void check_metric_names(const Json& merged, const std::vector<std::string>& chosen) {
  const std::vector<std::string> all = metric_names(merged.at("points"));
  for (const std::string& name : chosen) {
    if (std::find(all.begin(), all.end(), name) != all.end()) continue;
    const std::string closest = closest_match(name, all);
    throw ConfigError("--metrics", name, "not a metric of this merged sweep" +
                                             (closest.empty() ? std::string() : "; did you mean " + closest + "?"));
  }
}

}  // namespace

std::string build_sweep_report_html(const Json& merged, const std::string& source, const std::vector<std::string>& metrics) {
  return build_sweep_report_page(merged, source, metrics).finish();
}

HtmlPage build_sweep_report_page(const Json& merged, const std::string& source, const std::vector<std::string>& metrics) {
  const Json& grid = merged.at("grid");
  const Json& points = merged.at("points");
  check_metric_names(merged, metrics);
  const Json scenario = merged.value("scenario", Json::object());
  const std::string name = scenario.is_object() ? scenario.value("name", std::string()) : std::string();
  HtmlPage page("ringsim sweep report: " + (name.empty() ? source : name));
  page.heading(2, "Sweep", "sweep");
  std::vector<std::pair<std::string, std::string>> facts;
  if (!name.empty()) facts.push_back({"scenario", name});
  const std::string description = scenario.is_object() ? scenario.value("description", std::string()) : std::string();
  const std::vector<std::string> overridden = sweep_overridden_pointers(merged);
  if (!description.empty()) {
    facts.push_back({"description", description + (overridden.empty() ? std::string()
                                                                    : " (description as written; this sweep overrides " +
                                                                          joined(overridden) + ")")});
  }
  std::string fixed;
  for (const Json& text : merged.value("set", Json::array())) fixed += (fixed.empty() ? "" : "  ") + value_text(text);
  if (!fixed.empty()) facts.push_back({"--set (every point)", fixed});
  for (const Json& axis : merged.value("grid_axes", Json::array())) {
    std::string values;
    for (const Json& value : axis.value("values", Json::array())) values += (values.empty() ? "" : ", ") + value_text(value);
    facts.push_back({"grid " + axis.value("pointer", std::string()), values});
  }
  facts.push_back({"merged directory", source});
  facts.push_back({"grid points", std::to_string(points.size())});
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
                 "interval of that mean (Student's t with n - 1 degrees of freedom, from merged.json). Percentile-type "
                 "metrics (p50_ms ... max_ms of each run) are skewed or bimodal across seeds, so their marker is the "
                 "median and their bar the distribution-free order-statistic interval of the median (its confidence, "
                 "at least 95 % from 6 seeds on, is in merged.json as median_ci_level). Small dots are the seeds' own "
                 "values. One series per combination of the other grid values; series at the same value are drawn "
                 "slightly apart. Geometric grids (8, 32, 256) get a log x axis. " +
                 std::string(metrics.empty()
                                 ? "Plotted: the metrics the scenario's expectations name, then each operation's mean, "
                                   "p50 and p99 and the cluster's headline results (keys and bytes moved, "
                                   "under-replication, losses, timeouts, recall); every other varying metric, if any, "
                                   "is a row of the Other metrics table."
                                 : "Plotted: only the --metrics named, in that order (no Other metrics table)."));
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
  add_warnings_table(merged, page);

  page.heading(2, "Metrics with confidence intervals", "metrics");
  const MetricOrder order = ordered_metrics(merged, metrics);
  std::vector<std::vector<std::string>> constants;
  for (const std::string& metric : order.plotted) {
    if (constant_metric(points, metric)) {
      constants.push_back({metric, format_number(points.at(0).at("metrics").at(metric).at("mean").get<double>())});
      continue;
    }
    page.heading(3, metric);
    const bool median = uses_median(points.at(0).at("metrics").value(metric, Json::object()));
    const std::string level = interval_level_text(points, metric, median);
    const bool cut = interval_cut(points, metric, "ci95_cut_at_zero");
    const bool cut_one = interval_cut(points, metric, "ci95_cut_at_one");
    for (std::size_t axis = 0; axis < grid.size(); ++axis) {
      page.figure(render_error_bar_plot(plot_against(merged, metric, axis)),
                  metric + " against " + grid.at(axis).get<std::string>() +
                      (median ? ": median over seeds and its distribution-free interval (order statistics, " + level + ")"
                              : ": mean and 95 % t CI per grid value") +
                      (cut ? " (cut at 0 where the t interval reached below it: the seeds are skewed)" : "") +
                      (cut_one ? " (clipped at 1 where the t interval reached above it: the metric cannot exceed 1)" : "") +
                      "; small dots are the seeds." + shape_notes(points, metric));
    }
  }
  std::vector<std::vector<std::string>> others;
  for (const std::string& metric : order.tabled) {
    if (constant_metric(points, metric)) {
      constants.push_back({metric, format_number(points.at(0).at("metrics").at(metric).at("mean").get<double>())});
      continue;
    }
    std::vector<std::string> row = {metric};
    for (const Json& point : points) row.push_back(central_text(point, metric));
    others.push_back(std::move(row));
  }
  if (!others.empty()) {
    page.heading(2, "Other metrics", "other-metrics");
    page.paragraph(std::to_string(others.size()) + " more metrics vary across the grid: per point the mean (the median "
                   "for percentile-type metrics) [min, max over the seeds]. Plot any of them with "
                   "ringsim report DIR --out FILE.html --metrics NAME NAME ...");
    std::vector<std::string> header = {"metric"};
    for (std::size_t i = 0; i < points.size(); ++i) header.push_back(std::to_string(i + 1) + ": " + point_label(grid, points[i]));
    page.table(header, others);
  }
  add_changes_table(merged, page);
  if (!constants.empty()) {
    page.heading(2, "Metrics equal at every grid point", "constants");
    page.table({"metric", "value"}, constants);
  }
  return page;
}

}  // namespace ringsim::report
