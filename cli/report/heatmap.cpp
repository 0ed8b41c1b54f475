#include <algorithm>
#include <array>
#include <cmath>

#include "cli/report/axes.h"
#include "cli/report/charts.h"

namespace ringsim::report {
namespace {

constexpr double kHeatmapRowPx = 18;
constexpr double kRowsMaxPx = 560;  // Many nodes share the height instead of growing it.

// Viridis key colours at 0, 0.25, 0.5, 0.75, 1 (matplotlib's viridis, sampled).
constexpr std::array<std::array<double, 3>, 5> kViridis = {{
    {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}}};

}  // namespace

std::string heat_colour(double fraction) {
  fraction = std::clamp(std::isfinite(fraction) ? fraction : 0.0, 0.0, 1.0);
  const double position = fraction * (kViridis.size() - 1);
  const std::size_t low = std::min<std::size_t>(static_cast<std::size_t>(position), kViridis.size() - 2);
  const double t = position - low;
  Rgba colour;
  const auto mix = [&](int channel) {
    return static_cast<std::uint8_t>(std::lround(kViridis[low][channel] * (1 - t) + kViridis[low + 1][channel] * t));
  };
  colour.r = mix(0);
  colour.g = mix(1);
  colour.b = mix(2);
  return css_colour(colour);
}

std::string render_heatmap(const Heatmap& heatmap) {
  Frame frame;
  frame.width = heatmap.width;
  frame.left = 80;
  const double row_px = std::min(kHeatmapRowPx, kRowsMaxPx / std::max<std::size_t>(1, heatmap.row_labels.size()));
  frame.height = frame.top + frame.bottom + row_px * heatmap.row_labels.size() + 2;
  frame.height = std::max(frame.height, 190.0);  // Room for the colour bar.
  Svg svg(heatmap.id, frame.width, frame.height, heatmap.title);
  double x_lo = 0, x_hi = 1;
  if (!heatmap.column_starts.empty()) {
    x_lo = heatmap.column_starts.front();
    x_hi = heatmap.column_starts.back() + heatmap.column_width;
  }
  const Axis x{linear_ticks(x_lo, x_hi, 10), false, heatmap.x_title};
  const Scale sx = x_scale(frame, x);
  for (std::size_t row = 0; row < heatmap.row_labels.size(); ++row) {
    const double y = frame.data_top() + row * row_px;
    if (row < heatmap.row_colours.size()) svg.rect(frame.data_left() - 14, y + 2, 8, row_px - 4, heatmap.row_colours[row]);
    if (row_px >= 10) svg.text(frame.data_left() - 18, y + row_px / 2 + 4, heatmap.row_labels[row], Anchor::kEnd, 11, "#444");
    for (std::size_t column = 0; column < heatmap.column_starts.size(); ++column) {
      const double value = row < heatmap.values.size() && column < heatmap.values[row].size()
                               ? heatmap.values[row][column] : NAN;
      if (!std::isfinite(value)) continue;
      const double x0 = sx(heatmap.column_starts[column]);
      const double x1 = sx(heatmap.column_starts[column] + heatmap.column_width);
      // Cells overlap by a fraction of a pixel so no hairline gaps show between them.
      svg.rect(x0, y, x1 - x0 + 0.4, row_px, heat_colour(value / heatmap.value_max), true);
    }
  }
  const double bottom = frame.data_top() + row_px * heatmap.row_labels.size();
  double last_label_px = -1e9;
  for (const double tick : x.ticks.ticks) {
    const double px = sx(tick);
    svg.line(px, bottom, px, bottom + 4, "#888");
    if (px - last_label_px < 34) continue;
    svg.text(px, bottom + 17, format_tick(tick, x.ticks.step), Anchor::kMiddle, 11, "#444");
    last_label_px = px;
  }
  svg.text((frame.data_left() + frame.data_right()) / 2, bottom + 36, heatmap.x_title, Anchor::kMiddle, 12, "#444");
  // Colour bar in the legend column, 0 at the bottom.
  const double bar_x = frame.legend_x(), bar_top = frame.data_top() + 18, bar_height = 120;
  svg.text(bar_x, frame.data_top() + 6, heatmap.value_title, Anchor::kStart, 11, "#444");
  constexpr int kSteps = 24;
  for (int step = 0; step < kSteps; ++step) {
    const double fraction = (step + 0.5) / kSteps;
    svg.rect(bar_x, bar_top + bar_height * (1 - (step + 1.0) / kSteps), 16, bar_height / kSteps + 0.5,
             heat_colour(fraction));
  }
  const TickSet bar_ticks = linear_ticks(0, heatmap.value_max, 4);
  for (const double tick : bar_ticks.ticks) {
    if (tick > heatmap.value_max + 1e-9) continue;
    const double y = bar_top + bar_height * (1 - tick / heatmap.value_max);
    svg.text(bar_x + 22, y + 4, format_tick(tick, bar_ticks.step), Anchor::kStart, 11, "#444");
  }
  return svg.finish();
}

}  // namespace ringsim::report
