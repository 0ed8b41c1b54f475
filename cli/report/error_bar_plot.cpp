#include "cli/report/error_bar_plot.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "cli/report/axes.h"
#include "cli/report/ticks.h"

namespace ringsim::report {
namespace {

constexpr double kCapHalfPx = 4;
constexpr double kMarkHalfPx = 3.5;
constexpr std::size_t kGridTicksMax = 16;
// Series at one x are spread over at most this many pixels: enough to tell bars apart,
// little enough not to read as another x.
constexpr double kSpreadMaxPx = 12;

std::string tooltip(const ErrorBarSeries& series, const ErrorBarPoint& point, const std::string& x_text) {
  // A median's bar is an order-statistic interval of stated confidence, not a 95 % t CI.
  const bool median = !point.interval_label.empty();
  std::string text = series.label + ": x " + x_text + (median ? ", median " : ", mean ") + format_number(point.mean);
  if (point.low && point.high) {
    text += ", " + (median ? point.interval_label : std::string("95 % CI")) + " [" + format_number(*point.low) + ", " +
            format_number(*point.high) + "]";
    if (!point.interval_note.empty()) text += " (" + point.interval_note + ")";
  }
  return text;
}

}  // namespace

std::string render_error_bar_plot(const ErrorBarPlot& plot) {
  Frame frame;
  frame.width = plot.width;
  std::size_t legend_rows = plot.x_categories.empty() ? 0 : plot.x_categories.size() + 1;
  for (const ErrorBarSeries& series : plot.series) legend_rows += legend_entry_rows(series.label);
  frame.height = std::max(plot.height, frame.top + frame.bottom + 12 + kLegendRowPx * legend_rows);
  Svg svg(plot.id, frame.width, frame.height, plot.title);

  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo, y_lo = x_lo, y_hi = -x_lo;
  std::set<double> xs;
  for (const ErrorBarSeries& series : plot.series) {
    for (const ErrorBarPoint& point : series.points) {
      if (!std::isfinite(point.mean)) continue;
      xs.insert(point.x);
      x_lo = std::min(x_lo, point.x);
      x_hi = std::max(x_hi, point.x);
      y_lo = std::min({y_lo, point.mean, point.low.value_or(point.mean)});
      y_hi = std::max({y_hi, point.mean, point.high.value_or(point.mean)});
      for (const double value : point.seed_values) {
        if (!std::isfinite(value)) continue;
        y_lo = std::min(y_lo, value);
        y_hi = std::max(y_hi, value);
      }
    }
  }
  if (!std::isfinite(x_lo)) x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;
  // Half the smallest gap between grid values on each side, so end bars are not on the frame.
  double gap = x_hi > x_lo ? x_hi - x_lo : 1;
  for (auto it = xs.begin(); it != xs.end() && std::next(it) != xs.end(); ++it) gap = std::min(gap, *std::next(it) - *it);
  const bool log_x = plot.log_x && plot.x_categories.empty() && x_lo > 0;
  Axis x{linear_ticks(x_lo - gap / 2, x_hi + gap / 2, plot.x_categories.empty() ? 8 : static_cast<int>(xs.size())),
         false, plot.x_title};
  if (log_x) {
    // Half a grid ratio of room on each side, ticks at the grid values.
    double ratio = x_hi / x_lo;
    for (auto it = xs.begin(); it != xs.end() && std::next(it) != xs.end(); ++it) ratio = std::min(ratio, *std::next(it) / *it);
    const double pad = std::sqrt(ratio > 1 ? ratio : 2);
    x.ticks.lo = x_lo / pad;
    x.ticks.hi = x_hi * pad;
    x.ticks.step = 0;
    x.log = true;
    x.title += " (log scale)";
  }
  // Ticks at the grid values themselves (few and discrete), labelled with the digits the
  // smallest gap between them needs.
  if (xs.size() <= kGridTicksMax) {
    x.ticks.ticks.assign(xs.begin(), xs.end());
    x.ticks.step = plot.x_categories.empty() ? (log_x ? 1 : gap) : 1;
  }
  // From 0 unless the data sit in the top half of that range (recall 0.99998 at every point
  // would be a flat line at the top): then scaled to the data, and the axis title says so.
  const bool from_zero = !(y_lo > 0 && y_lo > 0.5 * y_hi);
  const double pad = from_zero ? 0 : std::max((y_hi - y_lo) * 0.1, std::abs(y_hi) * 1e-6);
  Axis y{linear_ticks(from_zero ? std::min(0.0, y_lo) : y_lo - pad, y_hi + pad, 5), false,
         plot.y_title + (from_zero ? "" : " (axis not from 0)")};
  draw_axes(svg, frame, x, y);
  const Scale sx = x_scale(frame, x);
  const Scale sy = y_scale(frame, y);
  // Series side by side within a tenth of the smallest gap.
  const double gap_px = log_x ? std::abs(sx(*std::next(xs.begin(), xs.size() > 1 ? 1 : 0)) - sx(x_lo)) + (xs.size() > 1 ? 0 : 100)
                              : std::abs(sx(x_lo + gap) - sx(x_lo));
  const double spread_px = plot.series.size() > 1 ? std::min(kSpreadMaxPx, gap_px / 10) : 0;

  int row = 0;
  for (std::size_t s = 0; s < plot.series.size(); ++s) {
    const ErrorBarSeries& series = plot.series[s];
    const double offset =
        plot.series.size() > 1 ? spread_px * (static_cast<double>(s) / (plot.series.size() - 1) - 0.5) : 0;
    std::vector<std::pair<double, double>> means;
    for (const ErrorBarPoint& point : series.points) {
      if (!std::isfinite(point.mean)) continue;
      const double px = sx(point.x) + offset;
      means.push_back({px, sy(point.mean)});
      const std::string x_text = plot.x_categories.empty() ? format_number(point.x)
                                                           : plot.x_categories[static_cast<std::size_t>(point.x)];
      if (point.low && point.high) {
        const double top = sy(*point.high), bottom = sy(*point.low);
        svg.line(px, top, px, bottom, series.colour, 1.6);
        svg.line(px - kCapHalfPx, top, px + kCapHalfPx, top, series.colour, 1.6);
        svg.line(px - kCapHalfPx, bottom, px + kCapHalfPx, bottom, series.colour, 1.6);
      }
      // Each seed's own value, a small dot to the right of the bar: a mean over a bimodal set
      // shows as what it is.
      for (const double value : point.seed_values) {
        if (std::isfinite(value)) svg.rect(px + kCapHalfPx + 1.5, sy(value) - 1.5, 3, 3, series.colour);
      }
      svg.rect(px - kMarkHalfPx, sy(point.mean) - kMarkHalfPx, 2 * kMarkHalfPx, 2 * kMarkHalfPx, series.colour, true,
               tooltip(series, point, x_text));
    }
    if (means.size() > 1) svg.polyline(means, series.colour, 1.2, true, series.label);
    row += draw_legend_entry(svg, frame, row, series.colour, series.label);
  }
  if (!plot.x_categories.empty()) {
    row += 1;
    for (std::size_t i = 0; i < plot.x_categories.size(); ++i) {
      draw_legend_entry(svg, frame, row++, "", std::to_string(i) + " = " + plot.x_categories[i]);
    }
  }
  return svg.finish();
}

}  // namespace ringsim::report
