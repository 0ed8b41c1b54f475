// A small SVG writer for the report's plots: shapes and text appended to one string,
// coordinates in CSS pixels with the origin top left. Text and titles are escaped here
// (escape_html), so callers pass raw strings from scenarios and files.
//
// Every plot is an <svg class="plot" data-plot="ID"> element; the report test finds plots
// by data-plot and checks they hold data marks (elements with class "mark").
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/node_palette.h"

namespace ringsim::report {

// "#rrggbb" for a palette colour.
std::string css_colour(Rgba colour);

// Colour of series `index` when lines are runs or percentiles (the node palette's first
// hues, so the report and the GUI share one set of colours).
Rgba series_colour(std::size_t index);

enum class Anchor { kStart, kMiddle, kEnd };

class Svg {
 public:
  // plot_id names the plot for tests and links; title is the accessible name.
  Svg(std::string_view plot_id, double width, double height, std::string_view title);

  // is_mark: a data mark (counted by the report test), not an axis or a label.
  void rect(double x, double y, double width, double height, std::string_view fill, bool is_mark = false,
            std::string_view tooltip = {});
  void line(double x1, double y1, double x2, double y2, std::string_view stroke, double width = 1,
            bool dashed = false);
  void polyline(const std::vector<std::pair<double, double>>& points, std::string_view stroke, double width,
                bool dashed = false, std::string_view tooltip = {});
  // A closed path given in SVG path syntax (built by the caller from numbers only).
  void path(std::string_view d, std::string_view fill, bool is_mark = false, std::string_view tooltip = {});
  void text(double x, double y, std::string_view text, Anchor anchor = Anchor::kStart, double size = 12,
            std::string_view fill = "#333", bool bold = false, double rotate_deg = 0);

  std::string finish();

 private:
  std::string out_;
};

// Maps data to pixels along one axis; log axes map log10 of the value.
struct Scale {
  double lo = 0;
  double hi = 1;
  double pixel_lo = 0;
  double pixel_hi = 1;
  bool log = false;
  double operator()(double value) const;
};

}  // namespace ringsim::report
