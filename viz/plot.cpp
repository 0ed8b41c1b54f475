#include "viz/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ringsim::viz {
namespace {

constexpr float kAxisLabelGapPx = 4;
constexpr int kTargetTicks = 4;
constexpr double kHeadroom = 1.15;  // the highest value sits below the top edge
constexpr ImU32 kFrameColour = IM_COL32(70, 75, 88, 255);
constexpr ImU32 kGridColour = IM_COL32(55, 59, 70, 255);
constexpr ImU32 kAxisTextColour = IM_COL32(150, 156, 168, 255);
constexpr ImU32 kNowColour = IM_COL32(255, 255, 255, 90);
constexpr ImU32 kSloColour = IM_COL32(235, 60, 60, 255);
constexpr ImU32 kBarColour = IM_COL32(90, 150, 220, 255);
constexpr ImU32 kMarkerColour = IM_COL32(255, 200, 90, 255);
// Line widths, dashes and legend swatches follow the font size (HiDPI), as shares of it.
constexpr float kLineThicknessEm = 0.12f;
constexpr float kDashEm = 0.4f;
constexpr float kLegendSwatchEm = 0.65f;

// 1, 2 or 5 times a power of ten, giving about kTargetTicks steps over range.
double nice_step(double range) {
  if (range <= 0) return 1;
  const double raw = range / kTargetTicks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double factor : {1.0, 2.0, 5.0}) {
    if (raw <= factor * magnitude) return factor * magnitude;
  }
  return 10 * magnitude;
}

std::string axis_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

struct Frame {
  ImVec2 min;
  ImVec2 max;
};

// Reserves the widget's space and returns the inner plot frame (inside the axis labels).
Frame reserve_frame(const char* id, float height_px, float left_label_px) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
  ImGui::InvisibleButton(id, ImVec2(width, height_px));
  const float line = ImGui::GetTextLineHeight();
  return {{origin.x + left_label_px, origin.y + line / 2},
          {origin.x + width - kAxisLabelGapPx, origin.y + height_px - line - kAxisLabelGapPx}};
}

float em() { return ImGui::GetFontSize(); }

void dashed_hline(ImDrawList* draw, float x0, float x1, float y, ImU32 colour) {
  const float dash = kDashEm * em();
  for (float x = x0; x < x1; x += 2 * dash)
    draw->AddLine({x, y}, {std::min(x + dash, x1), y}, colour, kLineThicknessEm * em());
}

// The points of a line whose windows end inside [from_s, to_s].
std::pair<std::size_t, std::size_t> visible_range(const PlotLine& line, double window_s, double from_s, double to_s) {
  if (line.points == nullptr) return {0, 0};
  const auto ends_before = [&](const TimePoint& point, double s) {
    return ns_to_s(point.window_start_ns) + window_s < s;
  };
  const auto first = std::lower_bound(line.points->begin(), line.points->end(), from_s, ends_before);
  const auto last = std::lower_bound(first, line.points->end(), to_s, ends_before);
  const std::size_t end =
      last == line.points->end() ? line.points->size() : static_cast<std::size_t>(last - line.points->begin()) + 1;
  return {static_cast<std::size_t>(first - line.points->begin()), std::min(end, line.points->size())};
}

// A time plot's frame and scales: seconds to x pixels, values to y pixels.
struct TimeAxes {
  Frame frame;
  double start_s;
  double end_s;
  double span_s;
  double y_max;
  double y_step;

  float x_of(double s) const {
    return frame.min.x + static_cast<float>((s - start_s) / span_s) * (frame.max.x - frame.min.x);
  }
  float y_of(double v) const { return frame.max.y - static_cast<float>(v / y_max) * (frame.max.y - frame.min.y); }
};

// The y range: the highest visible value (or the SLO) with headroom, 1 when all is zero.
double visible_y_max(const TimePlot& plot) {
  double y_max = 0;
  for (const PlotLine& line : plot.lines) {
    const auto [first, last] = visible_range(line, plot.window_s, plot.x_min_s, plot.x_max_s);
    for (std::size_t i = first; i < last; ++i) y_max = std::max(y_max, (*line.points)[i].value);
  }
  if (plot.slo) y_max = std::max(y_max, *plot.slo);
  return y_max > 0 ? y_max * kHeadroom : 1;
}

// Reserves the widget (room on the left for the widest y label) and fixes its scales.
TimeAxes reserve_time_axes(const TimePlot& plot) {
  const double y_max = visible_y_max(plot);
  const double y_step = nice_step(y_max);
  const float label_w = ImGui::CalcTextSize(axis_number(std::floor(y_max / y_step) * y_step).c_str()).x +
                        ImGui::CalcTextSize(" ms").x + kAxisLabelGapPx;
  const Frame frame = reserve_frame(plot.id, plot.height_px, label_w);
  const double end_s = plot.x_max_s > plot.x_min_s ? plot.x_max_s : plot.x_min_s + 1;
  return {frame, plot.x_min_s, end_s, end_s - plot.x_min_s, y_max, y_step};
}

void draw_time_grid(ImDrawList* draw, const TimeAxes& axes, const std::string& y_unit) {
  const Frame& frame = axes.frame;
  for (double v = 0; v <= axes.y_max; v += axes.y_step) {
    const float y = axes.y_of(v);
    draw->AddLine({frame.min.x, y}, {frame.max.x, y}, kGridColour);
    const std::string label = axis_number(v) + (v == 0 ? "" : " " + y_unit);
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    draw->AddText({frame.min.x - w - kAxisLabelGapPx, y - ImGui::GetTextLineHeight() / 2}, kAxisTextColour,
                  label.c_str());
  }
  const double x_step = nice_step(axes.span_s);
  for (double s = std::ceil(axes.start_s / x_step) * x_step; s <= axes.end_s + 1e-9; s += x_step) {
    const std::string label = axis_number(s) + " s";
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    const float x = std::clamp(axes.x_of(s) - w / 2, frame.min.x - w / 2, frame.max.x - w);
    draw->AddText({x, frame.max.y + kAxisLabelGapPx / 2}, kAxisTextColour, label.c_str());
  }
}

// The "now" marker, the SLO line and the series, clipped to the frame.
void draw_time_lines(ImDrawList* draw, const TimeAxes& axes, const TimePlot& plot) {
  const Frame& frame = axes.frame;
  draw->PushClipRect(frame.min, frame.max, true);
  draw->AddLine({axes.x_of(plot.now_s), frame.min.y}, {axes.x_of(plot.now_s), frame.max.y}, kNowColour, 1.0f);
  if (plot.slo) dashed_hline(draw, frame.min.x, frame.max.x, axes.y_of(*plot.slo), kSloColour);
  const int columns = std::max(1, static_cast<int>(frame.max.x - frame.min.x));
  for (const PlotLine& line : plot.lines) {
    const auto [first_index, last_index] = visible_range(line, plot.window_s, plot.x_min_s, plot.x_max_s);
    // More points than pixel columns would only overdraw: take every k-th.
    const std::size_t stride = std::max<std::size_t>(1, (last_index - first_index) / columns);
    ImVec2 previous{};
    bool first = true;
    for (std::size_t i = first_index; i < last_index; i += stride) {
      const TimePoint& point = (*line.points)[i];
      const ImVec2 at{axes.x_of(ns_to_s(point.window_start_ns) + plot.window_s), axes.y_of(point.value)};
      if (!first) draw->AddLine(previous, at, line.colour, kLineThicknessEm * em());
      previous = at;
      first = false;
    }
  }
  draw->PopClipRect();
}

// Legend inside the top-left corner.
void draw_time_legend(ImDrawList* draw, const Frame& frame, const TimePlot& plot) {
  float legend_x = frame.min.x + kAxisLabelGapPx * 2;
  const float legend_y = frame.min.y + kAxisLabelGapPx;
  const float swatch = kLegendSwatchEm * em();
  const float swatch_top = legend_y + (ImGui::GetTextLineHeight() - swatch) / 2;
  const auto legend_entry = [&](const std::string& name, ImU32 colour) {
    draw->AddRectFilled({legend_x, swatch_top}, {legend_x + swatch, swatch_top + swatch}, colour);
    draw->AddText({legend_x + swatch + kAxisLabelGapPx, legend_y}, IM_COL32(225, 228, 235, 255), name.c_str());
    legend_x += swatch + 3 * kAxisLabelGapPx + ImGui::CalcTextSize(name.c_str()).x;
  };
  for (const PlotLine& line : plot.lines) legend_entry(line.name, line.colour);
  if (plot.slo) legend_entry(plot.slo_label, kSloColour);
}

// Every line's value in the window under the mouse.
void show_time_tooltip(const TimeAxes& axes, const TimePlot& plot) {
  const Frame& frame = axes.frame;
  const double mouse_s =
      axes.start_s + (ImGui::GetIO().MousePos.x - frame.min.x) / (frame.max.x - frame.min.x) * axes.span_s;
  const auto index = static_cast<std::ptrdiff_t>(std::floor((mouse_s - plot.window_s) / plot.window_s + 0.5));
  ImGui::BeginTooltip();
  ImGui::Text("window ending at %.1f s", (static_cast<double>(index) + 1) * plot.window_s);
  for (const PlotLine& line : plot.lines) {
    if (line.points == nullptr || index < 0 || index >= static_cast<std::ptrdiff_t>(line.points->size())) continue;
    ImGui::Text("%-6s %.3f %s", line.name.c_str(), (*line.points)[static_cast<std::size_t>(index)].value,
                plot.y_unit.c_str());
  }
  ImGui::EndTooltip();
}

}  // namespace

void draw_time_plot(const TimePlot& plot) {
  const TimeAxes axes = reserve_time_axes(plot);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw_time_grid(draw, axes, plot.y_unit);
  draw_time_lines(draw, axes, plot);
  draw->AddRect(axes.frame.min, axes.frame.max, kFrameColour);
  draw_time_legend(draw, axes.frame, plot);
  if (ImGui::IsItemHovered() && !plot.lines.empty() && plot.lines[0].points != nullptr) {
    show_time_tooltip(axes, plot);
  }
}

void draw_histogram_plot(const HistogramPlot& plot) {
  const Frame frame = reserve_frame(plot.id, plot.height_px, kAxisLabelGapPx);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (plot.bins.empty()) {
    draw->AddText({frame.min.x + kAxisLabelGapPx * 2, frame.min.y + kAxisLabelGapPx}, kAxisTextColour,
                  plot.empty_text.c_str());
    draw->AddRect(frame.min, frame.max, kFrameColour);
    return;
  }
  double count_max = 0;
  for (const HistogramBin& bin : plot.bins) count_max = std::max(count_max, bin.count);
  const double log_lo = std::log(plot.bins.front().lower);
  const double log_hi = std::log(plot.bins.back().upper);
  const double log_span = log_hi > log_lo ? log_hi - log_lo : 1;
  const auto x_of = [&](double v) {
    return frame.min.x + static_cast<float>((std::log(v) - log_lo) / log_span) * (frame.max.x - frame.min.x);
  };
  for (const HistogramBin& bin : plot.bins) {
    if (bin.count <= 0) continue;
    const float top = frame.max.y - static_cast<float>(bin.count / count_max / kHeadroom) * (frame.max.y - frame.min.y);
    draw->AddRectFilled({x_of(bin.lower), top}, {std::max(x_of(bin.upper) - 1, x_of(bin.lower) + 1), frame.max.y},
                        kBarColour);
  }
  for (const auto& [name, value] : plot.markers) {
    const float x = x_of(std::clamp(value, plot.bins.front().lower, plot.bins.back().upper));
    draw->AddLine({x, frame.min.y}, {x, frame.max.y}, kMarkerColour, kLineThicknessEm * em());
    // The label goes left of the line when it would run past the frame.
    const float label_w = ImGui::CalcTextSize(name.c_str()).x;
    const float label_x =
        x + kAxisLabelGapPx + label_w > frame.max.x ? x - kAxisLabelGapPx - label_w : x + kAxisLabelGapPx;
    draw->AddText({label_x, frame.min.y + 2}, kMarkerColour, name.c_str());
  }
  const std::string lo = axis_number(plot.bins.front().lower) + " " + plot.x_unit;
  const std::string hi = axis_number(plot.bins.back().upper) + " " + plot.x_unit + " (log scale)";
  draw->AddText({frame.min.x, frame.max.y + kAxisLabelGapPx / 2}, kAxisTextColour, lo.c_str());
  draw->AddText({frame.max.x - ImGui::CalcTextSize(hi.c_str()).x, frame.max.y + kAxisLabelGapPx / 2}, kAxisTextColour,
                hi.c_str());
  draw->AddRect(frame.min, frame.max, kFrameColour);
}

}  // namespace ringsim::viz
