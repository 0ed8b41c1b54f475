#include <algorithm>
#include <cmath>

#include "cli/report/axes.h"
#include "cli/report/charts.h"

namespace ringsim::report {
namespace {

constexpr double kCharPx = 6.5;  // Mean advance of an 11-px sans-serif character.
constexpr std::size_t kLabelLinesMax = 3;
constexpr double kLabelLinePx = 13;

// A category label broken at spaces into lines of at most `chars` characters (a longer word
// keeps its own line).
std::vector<std::string> wrap_label(const std::string& label, std::size_t chars) {
  std::vector<std::string> lines;
  std::string line, word;
  const auto flush_word = [&]() {
    if (word.empty()) return;
    if (!line.empty() && line.size() + 1 + word.size() > chars) lines.push_back(line), line.clear();
    line += (line.empty() ? "" : " ") + word;
    word.clear();
  };
  for (const char c : label) {
    if (c == ' ') {
      flush_word();
    } else {
      word += c;
    }
  }
  flush_word();
  if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace

std::string render_bar_chart(const BarChart& chart) {
  Frame frame;
  frame.width = chart.width;
  // The legend column lists the series; the chart grows so no wrapped label is cut off.
  int legend_rows = 0;
  for (const std::string& label : chart.series_labels) legend_rows += legend_entry_rows(label);
  frame.height = std::max(chart.height, frame.top + frame.bottom + 12 + kLegendRowPx * legend_rows);
  // Category labels wrap onto up to kLabelLinesMax lines in their band, so every group keeps
  // its label (a comparison's "run @ 21.5 s declared_dead"); only when even that does not
  // fit are labels thinned, never overlapping.
  const std::size_t group_count = std::max<std::size_t>(1, chart.groups.size());
  const double band_px = (frame.data_right() - frame.data_left()) / group_count;
  const std::size_t line_chars = std::max<std::size_t>(1, static_cast<std::size_t>((band_px - 8) / kCharPx));
  std::vector<std::vector<std::string>> label_lines;
  std::size_t lines_needed = 1;
  for (const BarGroup& group : chart.groups) {
    label_lines.push_back(wrap_label(group.label, line_chars));
    for (const std::string& line : label_lines.back()) {
      if (line.size() > line_chars) lines_needed = kLabelLinesMax + 1;  // A word wider than its band.
    }
    lines_needed = std::max(lines_needed, label_lines.back().size());
  }
  const bool wrapped = lines_needed <= kLabelLinesMax;
  if (wrapped && lines_needed > 1) {
    const double extra = kLabelLinePx * static_cast<double>(lines_needed - 1);
    frame.bottom += extra;
    frame.height += extra;
  }
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
  const std::size_t label_every =
      wrapped ? 1 : std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((label_chars * kCharPx + 8) / band)));
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
    if (!wrapped) {
      svg.text(centre, frame.data_bottom() + 24, group.label, Anchor::kMiddle, 11, "#444");
      continue;
    }
    for (std::size_t line = 0; line < label_lines[g].size(); ++line) {
      svg.text(centre, frame.data_bottom() + 24 + kLabelLinePx * static_cast<double>(line), label_lines[g][line],
               Anchor::kMiddle, 11, "#444");
    }
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
