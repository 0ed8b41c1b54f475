// Small ImGui charts drawn with the window's draw list: several time series over the run
// with an optional SLO line and a "now" marker, and a histogram with log-spaced bins.
// ImGui::PlotLines shows one unlabelled series; these carry axes, legends and units.
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/metrics.h"

namespace ringsim::viz {

// No plot's data area is drawn shorter than this many text lines: below it the axis labels
// crowd and the lines are unreadable (the screenshot checker holds every plot to it).
inline constexpr float kPlotMinFrameLines = 4;
// The widget height a plot needs for a data area of kPlotMinFrameLines (axis labels,
// margins and, with_legend, a legend row included).
float plot_min_height_px(bool with_legend);

struct PlotLine {
  const std::vector<TimePoint>* points;  // may be null (series absent)
  std::string name;
  ImU32 colour;
};

struct TimePlot {
  const char* id;
  std::string y_unit;  // "ms"
  float height_px;
  double window_s;  // points are drawn at the end of their window
  double x_min_s;   // x axis range
  double x_max_s;
  double now_s;
  std::optional<double> slo;  // horizontal line, e.g. an expectation's bound
  std::string slo_label;
  std::vector<PlotLine> lines;
  // Vertical ticks at these times (timeline actions, detections, autoscaler decisions),
  // with what each was (its tooltip when hovered).
  std::vector<std::pair<double, std::string>> event_markers;
};

// Points are decimated to the plot's pixel columns by keeping each column's largest value
// (a one-window spike stays visible over a long run), never by dropping points.
void draw_time_plot(const TimePlot& plot);

struct HistogramBin {
  double lower;  // bin edges, in the plot's unit
  double upper;
  double count;
};

struct HistogramPlot {
  const char* id;
  std::string x_unit;
  float height_px;
  std::vector<HistogramBin> bins;                       // ascending, contiguous
  std::vector<std::pair<std::string, double>> markers;  // vertical lines, e.g. {"p99", 2.5}
  std::string empty_text;                               // shown when there are no bins
};

void draw_histogram_plot(const HistogramPlot& plot);

}  // namespace ringsim::viz
