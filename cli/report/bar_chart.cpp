#include <algorithm>
#include <cmath>

#include "cli/report/axes.h"
#include "cli/report/charts.h"

namespace ringsim::report {

std::string render_bar_chart(const BarChart& chart) {
  Frame frame;
  frame.width = chart.width;
  // The legend column lists the series; the chart grows so no wrapped label is cut off.
  int legend_rows = 0;
  for (const std::string& label : chart.series_labels) legend_rows += legend_entry_rows(label);
  constexpr double kLegendRowPx = 17;  // As in axes.cpp.
  frame.height = std::max(chart.height, frame.top + frame.bottom + 12 + kLegendRowPx * legend_rows);
  Svg svg(chart.id, frame.width, frame.height, chart.title);
  double hi = 0, lo = 0;
  for (const BarGroup& group : chart.groups) {
    for (const double value : group.values) {
      if (!std::isfinite(value)) continue;
      hi = std::max(hi, value);
      lo = std::min(lo, value);
    }
  }
  const Axis y{linear_ticks(lo, hi > lo ? hi : lo + 1, 5), false, chart.y_title};
  const Scale sy = y_scale(frame, y);
  for (const double tick : y.ticks.ticks) {
    svg.line(frame.data_left(), sy(tick), frame.data_right(), sy(tick), "#e4e6eb");
    svg.text(frame.data_left() - 6, sy(tick) + 4, format_tick(tick, y.ticks.step), Anchor::kEnd, 11, "#444");
  }
  const std::size_t groups = std::max<std::size_t>(1, chart.groups.size());
  const double band = (frame.data_right() - frame.data_left()) / groups;
  const std::size_t series = std::max<std::size_t>(1, chart.series_labels.size());
  // Few bars stay bar-shaped instead of filling the plot.
  const double bar_width = std::min(band * 0.8 / series, 90.0);
  const double bars_left_pad = (band - bar_width * series) / 2;
  // Category labels are thinned when bands are narrow, so they never overlap.
  std::size_t label_chars = 1;
  for (const BarGroup& group : chart.groups) label_chars = std::max(label_chars, group.label.size());
  constexpr double kCharPx = 6.5;  // Mean advance of an 11-px sans-serif character.
  const std::size_t label_every =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((label_chars * kCharPx + 8) / band)));
  for (std::size_t g = 0; g < chart.groups.size(); ++g) {
    const BarGroup& group = chart.groups[g];
    const double band_left = frame.data_left() + g * band;
    for (std::size_t s = 0; s < group.values.size() && s < series; ++s) {
      if (!std::isfinite(group.values[s])) continue;
      const double top = sy(std::max(0.0, group.values[s]));
      const double base = sy(std::min(0.0, group.values[s]));
      const std::string colour = s < chart.series_colours.size() ? chart.series_colours[s] : "#888";
      const std::string series_label = s < chart.series_labels.size() ? chart.series_labels[s] : "";
      svg.rect(band_left + bars_left_pad + s * bar_width, top, bar_width * 0.92, base - top, colour, true,
               group.label + " " + series_label + ": " + format_number(group.values[s]));
    }
    if (g % label_every != 0) continue;
    const double centre = band_left + band / 2;
    if (g < chart.group_colours.size()) svg.rect(centre - 4, frame.data_bottom() + 5, 8, 6, chart.group_colours[g]);
    svg.text(centre, frame.data_bottom() + 24, group.label, Anchor::kMiddle, 11, "#444");
  }
  svg.line(frame.data_left(), sy(0), frame.data_right(), sy(0), "#888");
  draw_x_title(svg, frame, chart.x_title);
  draw_y_title(svg, frame, chart.y_title);
  // A wrapped label takes several rows; the next entry starts below it.
  int row = 0;
  for (std::size_t s = 0; s < chart.series_labels.size(); ++s) {
    row += draw_legend_entry(svg, frame, row, s < chart.series_colours.size() ? chart.series_colours[s] : "#888",
                             chart.series_labels[s], false, true);
  }
  return svg.finish();
}

}  // namespace ringsim::report
