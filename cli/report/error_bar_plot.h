// Means with 95 % confidence intervals against a grid value: one series per combination of
// the sweep's other grid values, a marker at each mean, a vertical bar from ci95_low to
// ci95_high with caps, and a line joining a series' means. Series at the same x are spread
// a little sideways so overlapping bars stay readable. x is numeric when every grid value
// is a number; otherwise the values are categories at 0, 1, 2 ... named in the legend.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ringsim::report {

struct ErrorBarPoint {
  double x = 0;
  double mean = 0;
  std::optional<double> low;   // ci95_low; none with a single seed
  std::optional<double> high;  // ci95_high
  std::vector<double> seed_values;  // Drawn as small dots beside the bar (one per seed).
  // Set for a median: `mean` holds the median and [low, high] is this interval ("75 %
  // order-statistic interval"), as the tooltip says; empty: a mean and its 95 % t CI.
  std::string interval_label;
  // Said after the interval in the tooltip when it was cut to the metric's possible values
  // ("cut at 1: the metric cannot exceed 1").
  std::string interval_note;
};

struct ErrorBarSeries {
  std::string label;
  std::string colour;  // CSS colour
  std::vector<ErrorBarPoint> points;
};

struct ErrorBarPlot {
  std::string id;       // data-plot attribute
  std::string title;    // accessible name
  std::string x_title;  // the grid pointer
  std::string y_title;  // the metric
  std::vector<std::string> x_categories;  // non-empty: x are indices into these
  std::vector<ErrorBarSeries> series;
  bool log_x = false;  // Numeric x > 0 spaced geometrically (8, 32, 256).
  double width = 1000;
  double height = 280;
};

std::string render_error_bar_plot(const ErrorBarPlot& plot);

}  // namespace ringsim::report
