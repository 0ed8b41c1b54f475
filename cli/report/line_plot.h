// Lines over time with labelled vertical markers (timeline actions, detector decisions,
// autoscaler decisions). Markers are numbered at the top of the data area and listed by
// number in the legend column, so their labels never overlap the data or each other.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "cli/report/svg.h"

namespace ringsim::report {

struct PlotLine {
  std::string label;
  std::string colour;  // CSS colour.
  std::vector<double> x;
  std::vector<double> y;  // Same length as x; NaN leaves a gap.
  bool dashed = false;
  // > 0: each point is a window [x, x + step_s) drawn flat over it (a step line), so a
  // change at a window boundary is drawn at that boundary, never interpolated before it.
  double step_s = 0;
};

struct PlotMarker {
  double x = 0;
  std::string label;
};

struct LinePlot {
  std::string id;       // data-plot attribute.
  std::string title;    // Accessible name.
  std::string x_title;  // With unit.
  std::string y_title;  // With unit.
  // Auto: log when every value is > 0 and they span more than two decades.
  enum class YScale { kLinear, kLog, kAuto } y_scale = YScale::kLinear;
  bool y_from_zero = true;  // Linear axes start at 0 unless values are negative.
  // A bound no value can pass (recall@k <= 1): a linear axis stops there instead of padding
  // a constant 1 out to 1.1, which would draw values that cannot happen.
  double y_max = std::numeric_limits<double>::quiet_NaN();
  std::vector<PlotLine> lines;
  std::vector<PlotMarker> markers;
  std::vector<std::pair<std::string, std::string>> extra_legend;  // (colour, label) rows.
  double width = 1000;
  double height = 300;
};

// True when some line has at least one finite point.
bool has_data(const LinePlot& plot);
std::string render_line_plot(const LinePlot& plot);

}  // namespace ringsim::report
