// Sections drawn as lines over time: latency per operation, data movement, the autoscaler,
// vector search quality and memory.
#include <algorithm>
#include <cmath>

#include "cli/report/charts.h"
#include "cli/report/report_sections.h"
#include "cli/report/svg.h"
#include "cli/report/ticks.h"

namespace ringsim::report {
namespace {

const std::vector<std::string> kPercentiles = {"p50_ms", "p95_ms", "p99_ms", "p999_ms"};

// Operations that ran (count > 0) in any run, in the first run's order; DAG flows have
// their own section.
std::vector<std::string> client_ops(const std::vector<RunData>& runs) {
  std::vector<std::string> ops;
  for (const RunData& run : runs) {
    const nlohmann::json op_table = run.summary.value("ops", nlohmann::json::object());
    for (const auto& item : op_table.items()) {
      if (item.key().rfind("dag.", 0) == 0) continue;
      if (!(summary_number(item.value(), "/count") > 0)) continue;
      if (std::find(ops.begin(), ops.end(), item.key()) == ops.end()) ops.push_back(item.key());
    }
  }
  return ops;
}

LinePlot time_plot(const std::string& id, const std::string& title, const std::string& y_title) {
  LinePlot plot;
  plot.id = id;
  plot.title = title;
  plot.x_title = "time (s)";
  plot.y_title = y_title;
  plot.width = kPlotWidth;
  return plot;
}

// True when every run that has the series has only zeros in it.
bool all_zero(const std::vector<RunData>& runs, const std::string& name) {
  for (const RunData& run : runs) {
    const Series* series = run.series.find(name);
    if (series == nullptr) continue;
    for (const double value : series->value) {
      if (value != 0) return false;
    }
  }
  return true;
}

// The changes of every run as markers: one marker for a change every run has at the same
// time, the run's label in front of one only some runs have (a comparison keeps them too).
std::vector<PlotMarker> markers_of(const std::vector<RunData>& runs) {
  if (runs.size() == 1) return change_markers(runs[0]);
  std::vector<std::vector<PlotMarker>> each;
  for (const RunData& run : runs) each.push_back(change_markers(run));
  std::vector<PlotMarker> markers;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (const PlotMarker& marker : each[r]) {
      const auto same = [&](const PlotMarker& other) { return other.x == marker.x && other.label == marker.label; };
      const bool everywhere = std::all_of(each.begin(), each.end(), [&](const auto& list) {
        return std::any_of(list.begin(), list.end(), same);
      });
      PlotMarker out = marker;
      if (!everywhere) out.label = runs[r].label + ": " + marker.label;
      if (std::none_of(markers.begin(), markers.end(), [&](const PlotMarker& m) { return m.x == out.x && m.label == out.label; })) {
        markers.push_back(std::move(out));
      }
    }
  }
  std::stable_sort(markers.begin(), markers.end(), [](const PlotMarker& a, const PlotMarker& b) { return a.x < b.x; });
  return markers;
}

void add_plot(HtmlPage& page, const LinePlot& plot, const std::string& caption) {
  if (has_data(plot)) page.figure(render_line_plot(plot), caption);
}

}  // namespace

void add_latency(const std::vector<RunData>& runs, HtmlPage& page) {
  const std::vector<std::string> ops = client_ops(runs);
  if (ops.empty()) return;
  page.heading(2, "Latency", "latency");
  for (const std::string& op : ops) {
    LinePlot plot = time_plot("latency-" + op, op + " latency percentiles over time", "latency (ms)");
    plot.y_scale = LinePlot::YScale::kAuto;
    if (runs.size() == 1) {
      for (std::size_t p = 0; p < kPercentiles.size(); ++p) {
        for (PlotLine& line : lines_of(runs, op + "." + kPercentiles[p], 1, kPercentiles[p].substr(0, kPercentiles[p].size() - 3))) {
          line.colour = css_colour(series_colour(p));
          plot.lines.push_back(std::move(line));
        }
      }
      plot.markers = change_markers(runs[0]);
      // The narration's captions where they appeared (a teaching tour's story on its data).
      for (PlotMarker& marker : narration_markers(runs[0])) plot.markers.push_back(std::move(marker));
      std::stable_sort(plot.markers.begin(), plot.markers.end(),
                       [](const PlotMarker& a, const PlotMarker& b) { return a.x < b.x; });
    } else {
      // p99 solid, p50 dashed, one colour per run.
      for (const char* stat : {"p99_ms", "p50_ms"}) {
        for (PlotLine& line : lines_of(runs, op + "." + stat)) {
          line.label += std::string(" ") + (std::string(stat) == "p99_ms" ? "p99" : "p50");
          line.dashed = std::string(stat) == "p50_ms";
          plot.lines.push_back(std::move(line));
        }
      }
      plot.markers = markers_of(runs);
    }
    add_plot(page, plot,
             op + ": latency per " + format_number(runs[0].series.window_s) +
                 " s window. Numbered dashed lines: timeline actions, detector and autoscaler decisions (legend).");
  }
}

void add_data_movement(const std::vector<RunData>& runs, HtmlPage& page) {
  if (!any_series(runs, "migration_bytes_remaining")) return;
  page.heading(2, "Data movement and durability", "movement");
  struct Item {
    const char* series;
    const char* title;
    const char* y_title;
    double scale;
    const char* reading;
  };
  static const char* const kAtEnd =
      ": each step is a window [t, t + window), read at its end before anything at that instant happens, so a "
      "change at a marker shows from the marker on.";
  const Item items[] = {
      {"migration_bytes_per_s", "migration rate", "MiB/s streamed", 1.0 / (1024 * 1024),
       ": bytes migrations delivered in each window [t, t + window), divided by its length, so a migration "
       "shorter than a window still shows."},
      {"migration_bytes_remaining", "migration bytes remaining", "remaining (MiB)", 1.0 / (1024 * 1024), kAtEnd},
      {"under_replicated_window_max", "under-replicated keys, max in window", "keys below RF", 1,
       ": the largest number of keys with fewer live copies than RF at any instant of each window [t, t + "
       "window), so under-replication shorter than a window still shows."},
      {"lost_keys", "lost keys", "keys with no copy", 1, kAtEnd},
      {"nodes_up", "nodes up", "nodes", 1, kAtEnd},
  };
  std::string always_zero;
  for (const Item& item : items) {
    if (!any_series(runs, item.series)) continue;
    if (all_zero(runs, item.series)) {
      always_zero += (always_zero.empty() ? "" : ", ") + std::string(item.title);
      continue;
    }
    LinePlot plot = time_plot(item.series, item.title, item.y_title);
    plot.lines = lines_of(runs, item.series, item.scale, item.title);
    plot.markers = markers_of(runs);
    plot.height = 230;
    add_plot(page, plot, std::string(item.title) + item.reading);
  }
  if (!always_zero.empty()) page.paragraph("0 in every window (no plot): " + always_zero + ".", "muted");
}

void add_autoscaler(const std::vector<RunData>& runs, HtmlPage& page) {
  if (!any_series(runs, "autoscaler.desired_nodes")) return;
  page.heading(2, "Autoscaler", "autoscaler");
  LinePlot nodes = time_plot("autoscaler-nodes", "ready vs desired nodes", "nodes");
  for (std::size_t i = 0; i < runs.size(); ++i) {
    std::vector<RunData> one = {runs[i]};
    const std::string prefix = runs.size() > 1 ? runs[i].label + " " : "";
    for (PlotLine& line : lines_of(one, "nodes_up", 1, "ready (up)")) {
      line.label = prefix + "ready (up)";
      line.colour = css_colour(series_colour(2 * i));
      nodes.lines.push_back(line);
    }
    for (PlotLine& line : lines_of(one, "autoscaler.desired_nodes", 1, "desired")) {
      // 0 until the first evaluation: no decision yet, not a wish for zero nodes.
      for (std::size_t k = 0; k < line.y.size() && line.y[k] == 0; ++k) line.y[k] = NAN;
      line.label = prefix + "desired";
      line.colour = css_colour(series_colour(2 * i + 1));
      line.dashed = true;
      nodes.lines.push_back(line);
    }
  }
  std::vector<PlotMarker> decisions;
  if (runs.size() == 1) {
    for (const nlohmann::json& row : runs[0].summary.value("autoscaler", nlohmann::json::array())) {
      const double time_s = summary_number(row, "/time_s");
      if (std::isfinite(time_s)) {
        decisions.push_back({time_s, format_number(time_s) + " s -> " + format_number(summary_number(row, "/desired")) +
                                         " nodes (util " + format_number(std::round(summary_number(row, "/utilization") * 100) / 100) + ")"});
      }
    }
  }
  nodes.markers = decisions;
  add_plot(page, nodes, "Data nodes up (ready) and the autoscaler's desired count; markers: its decisions.");
  LinePlot utilization = time_plot("autoscaler-utilization", "utilization vs target", "utilization (fraction of cores)");
  utilization.lines = lines_of(runs, "autoscaler.utilization", 1, "utilization");
  const double target = summary_number(runs[0].summary, "/scenario_document/cluster/autoscaler/target_utilization");
  if (std::isfinite(target) && !utilization.lines.empty()) {
    PlotLine line;
    line.label = "target " + format_number(target);
    line.colour = "#b03060";
    line.dashed = true;
    line.x = {utilization.lines[0].x.front(), utilization.lines[0].x.back()};
    line.y = {target, target};
    utilization.lines.push_back(line);
  }
  utilization.markers = decisions;
  add_plot(page, utilization, "Mean core utilization of the data nodes as the autoscaler measures it, and its target.");
}

void add_vectors(const std::vector<RunData>& runs, HtmlPage& page) {
  if (!any_series(runs, "recall_at_k")) return;
  page.heading(2, "Vector search", "vectors");
  LinePlot recall = time_plot("recall", "recall@k over time", "recall@k");
  recall.lines = lines_of(runs, "recall_at_k", 1, "recall@k");
  recall.y_from_zero = false;
  recall.y_max = 1;
  recall.markers = markers_of(runs);
  // The sampling error of each window's mean: ±1.96 sqrt(r (1 - r) / n) over its n sampled
  // searches (a per-query recall lies in [0, 1], so r (1 - r) bounds its variance), so a dip
  // inside the band is noise, not a loss of quality.
  bool band = false, clipped = false;
  if (runs.size() == 1 && recall.lines.size() == 1) {
    const Series* samples = runs[0].series.find("recall_samples");
    if (samples != nullptr && samples->value.size() == recall.lines[0].y.size()) {
      PlotLine low, high;
      for (PlotLine* edge : {&low, &high}) {
        edge->colour = "#9aa4b2";
        edge->dashed = true;
        edge->x = recall.lines[0].x;
        edge->step_s = recall.lines[0].step_s;
      }
      low.label = "95 % sampling band";
      for (std::size_t i = 0; i < samples->value.size(); ++i) {
        const double r = recall.lines[0].y[i], n = samples->value[i];
        const double half = n > 0 && std::isfinite(r) ? 1.96 * std::sqrt(std::max(0.0, r * (1 - r)) / n) : NAN;
        // Recall lies in [0, 1]: so does the band (said in the caption when it was cut).
        clipped = clipped || (std::isfinite(half) && (r - half < 0 || r + half > 1));
        low.y.push_back(std::isfinite(half) ? std::max(0.0, r - half) : NAN);
        high.y.push_back(std::isfinite(half) ? std::min(1.0, r + half) : NAN);
      }
      recall.lines.push_back(low);
      high.label = "";
      recall.lines.push_back(high);
      band = true;
    }
  }
  add_plot(page, recall, std::string("Mean recall@k of the searches sampled against brute force, per window; a gap "
                                     "is a window with no sampled search (no recall measured, not a perfect one).") +
                             (band ? " Dashed: the 95 % band of each window's sampling error (n sampled searches, "
                                     "±1.96 sqrt(r(1-r)/n)); a dip inside it is noise." : "") +
                             (clipped ? " The band is clipped to [0, 1] where it would leave it (recall cannot exceed 1)." : ""));
  LinePlot memory = time_plot("index-memory", "index memory over time", "index memory (MiB)");
  memory.lines = lines_of(runs, "index_memory_bytes", 1.0 / (1024 * 1024), "index memory");
  memory.markers = markers_of(runs);
  memory.height = 230;
  add_plot(page, memory, "HNSW index memory over every node, at the end of each window.");
  std::vector<std::string> charts;
  for (const auto& [pointer, label] : {std::pair<std::string, std::string>{"/counters/shards_per_search", "shards per search"},
                                       {"/counters/distance_computations_per_search", "distance computations per search"}}) {
    BarChart chart;
    chart.id = pointer.substr(pointer.rfind('/') + 1);
    chart.title = label;
    chart.y_title = label;
    chart.width = kPlotWidth / 2 - 12;
    chart.height = 240;
    BarGroup group{runs.size() == 1 ? "whole run" : "", {}};
    for (std::size_t i = 0; i < runs.size(); ++i) {
      chart.series_labels.push_back(runs.size() == 1 ? "this run" : runs[i].label);
      chart.series_colours.push_back(css_colour(series_colour(i)));
      group.values.push_back(summary_number(runs[i].summary, pointer));
    }
    chart.groups.push_back(group);
    charts.push_back(render_bar_chart(chart));
  }
  page.figure_row(charts, "Shards asked and distance computations per search (mean over the run's searches).");
}

}  // namespace ringsim::report
