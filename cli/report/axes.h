// The frame every x/y plot shares: a data area with a legend column to its right (legends
// never cover data), x and y axes with nice ticks, tick labels, grid lines and axis titles
// with units ("time (s)", "latency (ms)").
#pragma once

#include <string>

#include "cli/report/svg.h"
#include "cli/report/ticks.h"

namespace ringsim::report {

struct Frame {
  double width = 1000;
  double height = 300;
  double left = 70;     // Room for y tick labels and the y title.
  double right = 260;   // The legend column.
  double top = 22;      // Room for marker numbers.
  double bottom = 46;   // Room for x tick labels and the x title.
  double data_left() const { return left; }
  double data_right() const { return width - right; }
  double data_top() const { return top; }
  double data_bottom() const { return height - bottom; }
  double legend_x() const { return width - right + 16; }
};

struct Axis {
  TickSet ticks;
  bool log = false;
  std::string title;  // With its unit.
};

Scale x_scale(const Frame& frame, const Axis& axis);
Scale y_scale(const Frame& frame, const Axis& axis);
// Grid, ticks, labels and titles. Draw before the data so the data lies on top.
void draw_axes(Svg& svg, const Frame& frame, const Axis& x, const Axis& y);
// Category axis (bars, heatmap rows): labels only, centred in their band.
void draw_x_title(Svg& svg, const Frame& frame, const std::string& title);
void draw_y_title(Svg& svg, const Frame& frame, const std::string& title);

// Legend entries from the top of the legend column. A label longer than the column wraps
// onto up to kLegendLinesMax rows (at a space, comma or slash where it can), and only a
// label longer than that is cut with an ellipsis. Returns the rows it took; a plot sizes
// its legend with legend_entry_rows beforehand.
// Lines wrap by the text's estimated width (legend_text_width_px, a DejaVu Sans upper bound
// at the legend's 11 px), so every line ends inside the viewBox whatever its characters.
inline constexpr std::size_t kLegendLinesMax = 3;
// One legend row's height, px: plots size their frames by it.
inline constexpr double kLegendRowPx = 17;
double legend_text_width_px(const std::string& text);
int legend_entry_rows(const std::string& label);
int draw_legend_entry(Svg& svg, const Frame& frame, int row, const std::string& colour, const std::string& label,
                      bool dashed = false, bool swatch_box = false);

}  // namespace ringsim::report
