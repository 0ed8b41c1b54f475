// The report's other chart types: a heatmap (rows x time windows, e.g. node utilization),
// grouped bars (keys per node before/after a change, keys moved vs ideal), the ring (who
// owns which part of the hash circle) and a Gantt chart (a DAG run's tasks on a time axis).
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "cli/report/svg.h"

namespace ringsim::report {

struct Heatmap {
  std::string id;
  std::string title;
  std::string x_title;  // With unit.
  std::string value_title;  // The colour scale's title, with unit.
  std::vector<std::string> row_labels;
  std::vector<std::string> row_colours;  // Optional swatch per row (node colours).
  std::vector<double> column_starts;      // Window starts; one column each.
  double column_width = 1;                // Width of a column in x units.
  std::vector<std::vector<double>> values;  // [row][column]; NaN: no value (node absent).
  double value_max = 1;                   // Colours span [0, value_max].
  double width = 1000;
};
std::string render_heatmap(const Heatmap& heatmap);

struct BarGroup {
  std::string label;           // Category (x) label.
  std::vector<double> values;  // One per series; NaN: no bar.
};
struct BarChart {
  std::string id;
  std::string title;
  std::string x_title;
  std::string y_title;  // With unit.
  std::vector<std::string> series_labels;
  std::vector<std::string> series_colours;
  std::vector<BarGroup> groups;
  // Optional per-group colour of the category label's swatch (node colours).
  std::vector<std::string> group_colours;
  double width = 1000;
  double height = 280;
};
std::string render_bar_chart(const BarChart& chart);

struct RingArc {
  double from_turn = 0;  // [0, 1) of the hash circle.
  double to_turn = 0;
  std::string colour;
  std::string tooltip;
};
struct RingLegendRow {
  std::string colour;
  std::string label;
};
struct RingChart {
  std::string id;
  std::string title;
  std::string caption;  // Above the ring.
  std::vector<RingArc> arcs;
  std::vector<RingLegendRow> legend;
  double size = 300;
};
std::string render_ring(const RingChart& ring);

struct GanttBar {
  std::string row_label;
  double ready = NAN;  // Ready to run (dependencies done); drawn as a thin wait line to start.
  double start = 0;
  double end = 0;
  std::string colour;
  bool highlighted = false;  // On the critical path: outlined.
  std::string tooltip;
};
struct Gantt {
  std::string id;
  std::string title;
  std::string x_title;  // With unit.
  std::vector<GanttBar> bars;  // One row each, top to bottom.
  std::vector<std::pair<std::string, std::string>> legend;  // (colour, label).
  double width = 1000;
};
std::string render_gantt(const Gantt& gantt);

// A perceptually ordered colour for a fraction in [0, 1] (viridis-like: dark blue to
// yellow), so "hotter" reads as brighter in colour and in grey.
std::string heat_colour(double fraction);

}  // namespace ringsim::report
