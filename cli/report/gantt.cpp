#include <algorithm>
#include <cmath>

#include "cli/report/axes.h"
#include "cli/report/charts.h"

namespace ringsim::report {
namespace {

constexpr double kGanttRowPx = 20;

}  // namespace

std::string render_gantt(const Gantt& gantt) {
  Frame frame;
  frame.width = gantt.width;
  frame.left = 170;  // Task names.
  frame.height = frame.top + frame.bottom + kGanttRowPx * gantt.bars.size() + 4;
  frame.height = std::max(frame.height, 120.0);
  Svg svg(gantt.id, frame.width, frame.height, gantt.title);
  double lo = 0, hi = 1;
  if (!gantt.bars.empty()) {
    lo = gantt.bars.front().start;
    hi = gantt.bars.front().end;
    for (const GanttBar& bar : gantt.bars) {
      lo = std::min(lo, std::isfinite(bar.ready) ? std::min(bar.ready, bar.start) : bar.start);
      hi = std::max(hi, bar.end);
    }
  }
  const Axis x{linear_ticks(lo, hi, 8), false, gantt.x_title};
  Axis y{linear_ticks(0, 1, 1), false, ""};
  y.ticks.ticks.clear();
  draw_axes(svg, frame, x, y);
  const Scale sx = x_scale(frame, x);
  for (std::size_t row = 0; row < gantt.bars.size(); ++row) {
    const GanttBar& bar = gantt.bars[row];
    const double y0 = frame.data_top() + row * kGanttRowPx + 3;
    std::string label = bar.row_label;
    if (label.size() > 26) label = label.substr(0, 25) + "\xE2\x80\xA6";
    svg.text(frame.data_left() - 6, y0 + kGanttRowPx / 2 + 1, label, Anchor::kEnd, 11, "#444", bar.highlighted);
    const double x0 = sx(bar.start);
    const double width = std::max(1.5, sx(bar.end) - x0);
    if (std::isfinite(bar.ready) && bar.ready < bar.start) {
      svg.line(sx(bar.ready), y0 + (kGanttRowPx - 6) / 2, x0, y0 + (kGanttRowPx - 6) / 2, "#9aa3b5", 1.5, true);
    }
    if (bar.highlighted) svg.rect(x0 - 2, y0 - 2, width + 4, kGanttRowPx - 2, "#ff3cd2");
    svg.rect(x0, y0, width, kGanttRowPx - 6, bar.colour, true, bar.tooltip);
  }
  int row = 0;
  draw_legend_entry(svg, frame, row++, "#9aa3b5", "waiting (ready, no core yet)", true);
  for (const auto& [colour, label] : gantt.legend) draw_legend_entry(svg, frame, row++, colour, label, false, true);
  return svg.finish();
}

}  // namespace ringsim::report
