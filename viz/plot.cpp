#include "viz/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "viz/format.h"
#include "viz/layout_dump.h"

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
// Timeline actions, detections and autoscaler decisions on a time plot.
constexpr ImU32 kEventMarkerColour = IM_COL32(200, 200, 255, 150);
// Line widths, dashes and legend swatches follow the font size (HiDPI), as shares of it.
constexpr float kLineThicknessEm = 0.12f;
constexpr float kDashEm = 0.4f;
constexpr float kLegendSwatchEm = 0.65f;
// Axis labels stand at least this many text lines apart (centre to centre).
constexpr float kYLabelSpacingLines = 1.6f;
// x labels: at least this many label widths apart.
constexpr float kXLabelSpacingWidths = 1.8f;

// 1, 2 or 5 times a power of ten, giving about kTargetTicks steps over range.
double nice_step(double range, int target_ticks = kTargetTicks) {
  if (range <= 0) return 1;
  const double raw = range / std::max(1, target_ticks);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double factor : {1.0, 2.0, 5.0}) {
    if (raw <= factor * magnitude) return factor * magnitude;
  }
  return 10 * magnitude;
}

// Tick values: "%.3g", but whole numbers from 1000 up grouped ("5 000", not "5e+03").
std::string axis_number(double value) {
  if (std::abs(value) >= 1000 && std::abs(value) < 1e15 && value == std::floor(value)) {
    return (value < 0 ? "-" : "") + format_count(static_cast<std::uint64_t>(std::abs(value)));
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

struct Frame {
  ImVec2 min;
  ImVec2 max;
};

// Draws text and records its rectangle for --layout-json.
void add_text(ImDrawList* draw, ImVec2 at, ImU32 colour, const std::string& text, const char* owner) {
  draw->AddText(at, colour, text.c_str());
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  record_text(std::string("plot/") + owner, text, {at.x, at.y, size.x, size.y});
}

// Reserves the widget's space (height_px, of which top_px above the frame for a legend) and
// returns the inner plot frame (inside the axis labels).
Frame reserve_frame(const char* id, float height_px, float left_label_px, float top_px = 0) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
  ImGui::InvisibleButton(id, ImVec2(width, height_px));
  const float line = ImGui::GetTextLineHeight();
  const Frame frame{{origin.x + left_label_px, origin.y + top_px + line / 2},
                    {origin.x + width - kAxisLabelGapPx, origin.y + height_px - line - kAxisLabelGapPx}};
  record_plot(id, {frame.min.x, frame.min.y, frame.max.x - frame.min.x, frame.max.y - frame.min.y});
  return frame;
}

// Height of the frame reserve_frame will give for a widget of height_px.
float frame_height(float height_px, float top_px) {
  const float line = ImGui::GetTextLineHeight();
  return height_px - top_px - line / 2 - line - kAxisLabelGapPx;
}

float em() { return ImGui::GetFontSize(); }

void dashed_hline(ImDrawList* draw, float x0, float x1, float y, ImU32 colour) {
  const float dash = kDashEm * em();
  for (float x = x0; x < x1; x += 2 * dash)
    draw->AddLine({x, y}, {std::min(x + dash, x1), y}, colour, kLineThicknessEm * em());
}

void dashed_vline(ImDrawList* draw, float x, float y0, float y1, ImU32 colour) {
  const float dash = kDashEm * em() / 2;
  for (float y = y0; y < y1; y += 2 * dash) draw->AddLine({x, y}, {x, std::min(y + dash, y1)}, colour, 1.0f);
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

// The legend's entries (name, colour), in order: the lines, then the SLO.
std::vector<std::pair<std::string, ImU32>> legend_entries(const TimePlot& plot) {
  std::vector<std::pair<std::string, ImU32>> entries;
  for (const PlotLine& line : plot.lines) entries.emplace_back(line.name, line.colour);
  if (plot.slo) entries.emplace_back(plot.slo_label, kSloColour);
  return entries;
}

float legend_entry_width(const std::string& name) {
  return kLegendSwatchEm * em() + 3 * kAxisLabelGapPx + ImGui::CalcTextSize(name.c_str()).x;
}

// Rows the legend takes above the frame at this width (entries wrap, never overlap).
int legend_rows(const TimePlot& plot, float width) {
  int rows = 1;
  float x = 0;
  for (const auto& [name, colour] : legend_entries(plot)) {
    const float w = legend_entry_width(name);
    if (x > 0 && x + w > width) {
      rows += 1;
      x = 0;
    }
    x += w;
  }
  return rows;
}

// Reserves the widget (a legend row above the frame, room on the left for the widest y
// label) and fixes its scales; y labels stand at least kYLabelSpacingLines apart.
TimeAxes reserve_time_axes(const TimePlot& plot) {
  const float width = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
  const float legend_h = plot.lines.size() > 1 || plot.slo
                             ? static_cast<float>(legend_rows(plot, width)) * ImGui::GetTextLineHeight()
                             : 0.0f;
  const double y_max = visible_y_max(plot);
  const float line = ImGui::GetTextLineHeight();
  const int ticks_fit =
      static_cast<int>(std::floor(frame_height(plot.height_px, legend_h) / (kYLabelSpacingLines * line)));
  const double y_step = nice_step(y_max, std::clamp(ticks_fit, 1, kTargetTicks));
  const float label_w = ImGui::CalcTextSize(axis_number(std::floor(y_max / y_step) * y_step).c_str()).x +
                        ImGui::CalcTextSize(" ms").x + kAxisLabelGapPx;
  const Frame frame = reserve_frame(plot.id, plot.height_px, label_w, legend_h);
  const double end_s = plot.x_max_s > plot.x_min_s ? plot.x_max_s : plot.x_min_s + 1;
  return {frame, plot.x_min_s, end_s, end_s - plot.x_min_s, y_max, y_step};
}

void draw_time_grid(ImDrawList* draw, const TimeAxes& axes, const std::string& y_unit, const char* owner) {
  const Frame& frame = axes.frame;
  for (double v = 0; v <= axes.y_max; v += axes.y_step) {
    const float y = axes.y_of(v);
    draw->AddLine({frame.min.x, y}, {frame.max.x, y}, kGridColour);
    const std::string label = axis_number(v) + (v == 0 || y_unit.empty() ? "" : " " + y_unit);
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    add_text(draw, {frame.min.x - w - kAxisLabelGapPx, y - ImGui::GetTextLineHeight() / 2}, kAxisTextColour, label,
             owner);
  }
  // As many x labels as fit with room between them (the widest is the last one).
  const float widest = ImGui::CalcTextSize((axis_number(axes.end_s) + " s").c_str()).x;
  const int fit = static_cast<int>((frame.max.x - frame.min.x) / (kXLabelSpacingWidths * std::max(widest, 1.0f)));
  const double x_step = nice_step(axes.span_s, std::clamp(fit, 1, kTargetTicks));
  float last_right = -1e9f;
  for (double s = std::ceil(axes.start_s / x_step) * x_step; s <= axes.end_s + 1e-9; s += x_step) {
    const std::string label = axis_number(s) + " s";
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    const float x = std::clamp(axes.x_of(s) - w / 2, frame.min.x, frame.max.x - w);  // Clear of the y labels.
    if (x < last_right + kAxisLabelGapPx) continue;  // The clamped last label would touch its neighbour.
    add_text(draw, {x, frame.max.y + kAxisLabelGapPx / 2}, kAxisTextColour, label, owner);
    last_right = x + w;
  }
}

// The "now" marker, the SLO line and the series, clipped to the frame.
void draw_time_lines(ImDrawList* draw, const TimeAxes& axes, const TimePlot& plot) {
  const Frame& frame = axes.frame;
  draw->PushClipRect(frame.min, frame.max, true);
  draw->AddLine({axes.x_of(plot.now_s), frame.min.y}, {axes.x_of(plot.now_s), frame.max.y}, kNowColour, 1.0f);
  if (plot.slo) dashed_hline(draw, frame.min.x, frame.max.x, axes.y_of(*plot.slo), kSloColour);
  const int columns = std::max(1, static_cast<int>(frame.max.x - frame.min.x));
  for (const auto& [at_s, what] : plot.event_markers) {
    const float x = axes.x_of(at_s);
    dashed_vline(draw, x, frame.min.y, frame.max.y, kEventMarkerColour);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (std::abs(mouse.x - x) <= 3 && mouse.y >= frame.min.y && mouse.y <= frame.max.y) {
      ImGui::SetTooltip("%.3f s: %s", at_s, what.c_str());
    }
  }
  for (const PlotLine& line : plot.lines) {
    const auto [first_index, last_index] = visible_range(line, plot.window_s, plot.x_min_s, plot.x_max_s);
    // More points than pixel columns: each group of `stride` windows becomes one step at the
    // group's largest value (decimated, not dropped: a spike survives). A step is flat over its
    // windows [start, end), as in the report (docs/outputs.md); no value (NaN) leaves a gap.
    const std::size_t stride = std::max<std::size_t>(1, (last_index - first_index + columns - 1) / columns);
    ImVec2 previous{};
    bool first = true;
    for (std::size_t i = first_index; i < last_index; i += stride) {
      const std::size_t group_end = std::min(last_index, i + stride);
      std::size_t peak = group_end;
      for (std::size_t j = i; j < group_end; ++j) {
        const double value = (*line.points)[j].value;
        if (std::isnan(value)) continue;
        if (peak == group_end || value > (*line.points)[peak].value) peak = j;
      }
      if (peak == group_end) {
        first = true;
        continue;
      }
      const double start_s = ns_to_s((*line.points)[i].window_start_ns);
      const float y = axes.y_of((*line.points)[peak].value);
      const ImVec2 from{axes.x_of(start_s), y};
      const ImVec2 to{axes.x_of(start_s + plot.window_s * static_cast<double>(group_end - i)), y};
      if (!first) draw->AddLine(previous, from, line.colour, kLineThicknessEm * em());
      draw->AddLine(from, to, line.colour, kLineThicknessEm * em());
      previous = to;
      first = false;
    }
  }
  draw->PopClipRect();
}

// Legend above the frame, outside the data (entries wrap onto more rows when narrow).
void draw_time_legend(ImDrawList* draw, const Frame& frame, const TimePlot& plot) {
  if (plot.lines.size() <= 1 && !plot.slo) return;  // One line: its caption names it.
  const float line_h = ImGui::GetTextLineHeight();
  const float left = frame.min.x;
  const float right = frame.max.x;
  const int rows = legend_rows(plot, right - left);
  float legend_x = left;
  float legend_y = frame.min.y - line_h / 2 - static_cast<float>(rows) * line_h;
  const float swatch = kLegendSwatchEm * em();
  for (const auto& [name, colour] : legend_entries(plot)) {
    const float w = legend_entry_width(name);
    if (legend_x > left && legend_x + w > right) {
      legend_x = left;
      legend_y += line_h;
    }
    const float swatch_top = legend_y + (line_h - swatch) / 2;
    draw->AddRectFilled({legend_x, swatch_top}, {legend_x + swatch, swatch_top + swatch}, colour);
    add_text(draw, {legend_x + swatch + kAxisLabelGapPx, legend_y}, IM_COL32(225, 228, 235, 255), name, plot.id);
    legend_x += w;
  }
}

// Every line's value in the window under the mouse.
void show_time_tooltip(const TimeAxes& axes, const TimePlot& plot) {
  const Frame& frame = axes.frame;
  const double mouse_s =
      axes.start_s + (ImGui::GetIO().MousePos.x - frame.min.x) / (frame.max.x - frame.min.x) * axes.span_s;
  const auto index = static_cast<std::ptrdiff_t>(std::floor(mouse_s / plot.window_s));  // [start, end) holds it
  ImGui::BeginTooltip();
  ImGui::Text("window [%.1f, %.1f) s", static_cast<double>(index) * plot.window_s,
              (static_cast<double>(index) + 1) * plot.window_s);
  for (const PlotLine& line : plot.lines) {
    if (line.points == nullptr || index < 0 || index >= static_cast<std::ptrdiff_t>(line.points->size())) continue;
    const double value = (*line.points)[static_cast<std::size_t>(index)].value;
    if (std::isnan(value)) {
      ImGui::Text("%-6s -  (no samples)", line.name.c_str());
    } else {
      ImGui::Text("%-6s %.3f %s", line.name.c_str(), value, plot.y_unit.c_str());
    }
  }
  ImGui::EndTooltip();
}

}  // namespace

float plot_min_height_px(bool with_legend) {
  // Frame, a legend row above it, half a line of top margin, the x labels and their gap.
  return (kPlotMinFrameLines + (with_legend ? 2.5f : 1.5f)) * ImGui::GetTextLineHeight() + kAxisLabelGapPx;
}

void draw_time_plot(const TimePlot& plot) {
  const TimeAxes axes = reserve_time_axes(plot);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw_time_grid(draw, axes, plot.y_unit, plot.id);
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
    add_text(draw, {frame.min.x + kAxisLabelGapPx * 2, frame.min.y + kAxisLabelGapPx}, kAxisTextColour,
             plot.empty_text, plot.id);
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
  // Marker labels step down a line when they would touch the previous one (p50 and p99
  // close together).
  float label_y = frame.min.y + 2;
  float previous_right = -1e9f;
  for (const auto& [name, value] : plot.markers) {
    const float x = x_of(std::clamp(value, plot.bins.front().lower, plot.bins.back().upper));
    draw->AddLine({x, frame.min.y}, {x, frame.max.y}, kMarkerColour, kLineThicknessEm * em());
    // The label goes left of the line when it would run past the frame.
    const float label_w = ImGui::CalcTextSize(name.c_str()).x;
    const float label_x =
        x + kAxisLabelGapPx + label_w > frame.max.x ? x - kAxisLabelGapPx - label_w : x + kAxisLabelGapPx;
    if (label_x < previous_right + kAxisLabelGapPx) label_y += ImGui::GetTextLineHeight();
    add_text(draw, {label_x, label_y}, kMarkerColour, name, plot.id);
    previous_right = label_x + label_w;
  }
  const std::string lo = axis_number(plot.bins.front().lower) + " " + plot.x_unit;
  const std::string hi = axis_number(plot.bins.back().upper) + " " + plot.x_unit + " (log scale)";
  add_text(draw, {frame.min.x, frame.max.y + kAxisLabelGapPx / 2}, kAxisTextColour, lo, plot.id);
  add_text(draw, {frame.max.x - ImGui::CalcTextSize(hi.c_str()).x, frame.max.y + kAxisLabelGapPx / 2},
           kAxisTextColour, hi, plot.id);
  draw->AddRect(frame.min, frame.max, kFrameColour);
}

}  // namespace ringsim::viz
