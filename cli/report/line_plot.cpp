#include "cli/report/line_plot.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "cli/report/axes.h"

namespace ringsim::report {
namespace {

constexpr const char* kMarkerColour = "#b03060";
// More markers than this are drawn but listed only up to the limit (the changes table has
// them all).
constexpr std::size_t kMarkersListedMax = 12;

struct Extent {
  double x_lo = std::numeric_limits<double>::infinity();
  double x_hi = -std::numeric_limits<double>::infinity();
  double y_lo = std::numeric_limits<double>::infinity();
  double y_hi = -std::numeric_limits<double>::infinity();
  double y_positive_lo = std::numeric_limits<double>::infinity();
};

Extent extent_of(const LinePlot& plot) {
  Extent extent;
  for (const PlotLine& line : plot.lines) {
    for (std::size_t i = 0; i < line.x.size() && i < line.y.size(); ++i) {
      if (!std::isfinite(line.x[i]) || !std::isfinite(line.y[i])) continue;
      extent.x_lo = std::min(extent.x_lo, line.x[i]);
      extent.x_hi = std::max(extent.x_hi, line.x[i] + line.step_s);
      extent.y_lo = std::min(extent.y_lo, line.y[i]);
      extent.y_hi = std::max(extent.y_hi, line.y[i]);
      if (line.y[i] > 0) extent.y_positive_lo = std::min(extent.y_positive_lo, line.y[i]);
    }
  }
  for (const PlotMarker& marker : plot.markers) {
    extent.x_lo = std::min(extent.x_lo, marker.x);
    extent.x_hi = std::max(extent.x_hi, marker.x);
  }
  return extent;
}

bool use_log(const LinePlot& plot, const Extent& extent) {
  if (plot.y_scale == LinePlot::YScale::kLog) return extent.y_positive_lo < extent.y_hi;
  if (plot.y_scale == LinePlot::YScale::kLinear) return false;
  return extent.y_positive_lo > 0 && std::isfinite(extent.y_positive_lo) && extent.y_hi / extent.y_positive_lo > 100;
}

// The text above a group of markers at (almost) the same time: "1", "1,2" or "3-6", so no
// marker's number hides behind another's.
std::string group_number(std::size_t first, std::size_t last) {
  if (first == last) return std::to_string(first + 1);
  return std::to_string(first + 1) + (last - first == 1 ? "," : "-") + std::to_string(last + 1);
}

std::string marker_legend_text(const std::vector<PlotMarker>& markers, std::size_t i) {
  return i < kMarkersListedMax ? std::to_string(i + 1) + "  " + markers[i].label : "... see the changes table";
}

std::size_t markers_listed(const std::vector<PlotMarker>& markers) {
  return std::min<std::size_t>(markers.size(), kMarkersListedMax + 1);
}

void draw_markers(Svg& svg, const Frame& frame, const Scale& sx, const std::vector<PlotMarker>& markers,
                  int legend_row) {
  constexpr double kNumberSpacingPx = 14;
  std::size_t group_first = 0;
  for (std::size_t i = 0; i < markers.size(); ++i) {
    const double px = sx(markers[i].x);
    svg.line(px, frame.data_top(), px, frame.data_bottom(), kMarkerColour, 1, true);
    const bool group_ends = i + 1 == markers.size() || sx(markers[i + 1].x) - sx(markers[group_first].x) >= kNumberSpacingPx;
    if (!group_ends) continue;
    svg.text(sx(markers[group_first].x), frame.data_top() - 6, group_number(group_first, i), Anchor::kMiddle, 10,
             kMarkerColour, true);
    group_first = i + 1;
  }
  // Each entry takes the rows its wrapped text needs (the plot's height counted them).
  for (std::size_t i = 0; i < markers_listed(markers); ++i) {
    legend_row += draw_legend_entry(svg, frame, legend_row, "", marker_legend_text(markers, i));
  }
}

// Linear ticks for [lo, hi] that never pass `cap` (NaN: no cap). A constant series at the
// cap (recall 1 throughout) gets a range below it.
TickSet capped_linear_ticks(double lo, double hi, double cap) {
  if (!std::isfinite(cap)) return linear_ticks(lo, hi, 5);
  hi = std::min(hi, cap);
  if (hi - lo < 1e-9 * std::max(1.0, std::abs(hi))) lo = hi - 0.1 * std::max(std::abs(hi), 1e-3);
  TickSet set = linear_ticks(lo, hi, 5);
  while (set.ticks.size() > 2 && set.ticks.back() > cap + 1e-12) set.ticks.pop_back();
  set.hi = std::min(set.hi, cap);
  return set;
}

}  // namespace

bool has_data(const LinePlot& plot) {
  for (const PlotLine& line : plot.lines) {
    for (std::size_t i = 0; i < line.x.size() && i < line.y.size(); ++i) {
      if (std::isfinite(line.x[i]) && std::isfinite(line.y[i])) return true;
    }
  }
  return false;
}

std::string render_line_plot(const LinePlot& plot) {
  Frame frame;
  frame.width = plot.width;
  // The legend column lists lines and markers; the plot grows so none is cut off.
  std::size_t legend_rows = plot.markers.empty() ? 0 : 1;
  for (std::size_t i = 0; i < markers_listed(plot.markers); ++i) {
    legend_rows += legend_entry_rows(marker_legend_text(plot.markers, i));
  }
  for (const PlotLine& line : plot.lines) legend_rows += line.label.empty() ? 0 : legend_entry_rows(line.label);
  for (const auto& entry : plot.extra_legend) legend_rows += legend_entry_rows(entry.second);
  frame.height = std::max(plot.height, frame.top + frame.bottom + 12 + kLegendRowPx * legend_rows);
  Svg svg(plot.id, frame.width, frame.height, plot.title);
  const Extent extent = extent_of(plot);
  Axis x{linear_ticks(std::isfinite(extent.x_lo) ? extent.x_lo : 0, std::isfinite(extent.x_hi) ? extent.x_hi : 1, 10),
         false, plot.x_title};
  Axis y;
  y.title = plot.y_title;
  y.log = use_log(plot, extent);
  if (y.log) {
    y.ticks = log_ticks(extent.y_positive_lo, extent.y_hi);
  } else {
    double lo = std::isfinite(extent.y_lo) ? extent.y_lo : 0;
    const double hi = std::isfinite(extent.y_hi) ? extent.y_hi : 1;
    if (plot.y_from_zero && lo > 0) lo = 0;
    y.ticks = capped_linear_ticks(lo, hi, plot.y_max);
  }
  draw_axes(svg, frame, x, y);
  const Scale sx = x_scale(frame, x);
  const Scale sy = y_scale(frame, y);
  int row = 0;
  for (const PlotLine& line : plot.lines) {
    // A NaN (or a value <= 0 on a log axis) ends a segment.
    std::vector<std::pair<double, double>> points;
    const auto flush = [&] {
      if (points.size() == 1) points.push_back({points[0].first + 1, points[0].second});
      svg.polyline(points, line.colour, 1.8, line.dashed, line.label);
      points.clear();
    };
    for (std::size_t i = 0; i < line.x.size() && i < line.y.size(); ++i) {
      const bool drawable = std::isfinite(line.y[i]) && (!y.log || line.y[i] > 0);
      if (!drawable) {
        flush();
        continue;
      }
      const double py = sy(std::clamp(line.y[i], y.ticks.lo, y.ticks.hi));
      points.push_back({sx(line.x[i]), py});
      if (line.step_s > 0) points.push_back({sx(line.x[i] + line.step_s), py});
    }
    flush();
    if (!line.label.empty()) row += draw_legend_entry(svg, frame, row, line.colour, line.label, line.dashed);
  }
  for (const auto& [colour, label] : plot.extra_legend) row += draw_legend_entry(svg, frame, row, colour, label);
  if (!plot.markers.empty()) row += 1;
  draw_markers(svg, frame, sx, plot.markers, row);
  return svg.finish();
}

}  // namespace ringsim::report
