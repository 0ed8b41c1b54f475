#include "cli/report/axes.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringsim::report {
namespace {

constexpr const char* kGridColour = "#e4e6eb";
constexpr const char* kAxisColour = "#888";
constexpr const char* kLabelColour = "#444";
constexpr double kLegendFontPx = 11;
// A label's text starts 24 px into the legend column (after the swatch) and must end inside
// the plot's viewBox, with a few pixels to spare.
constexpr double kLegendTextPxMax = Frame{}.right - 16 - 24 - 6;

// Never split a UTF-8 sequence: back up to the start of a character.
std::size_t char_start(const std::string& text, std::size_t at) {
  while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) at -= 1;
  return at;
}

// The length of `text[0, n)` up to the width limit: the longest prefix that fits.
std::size_t fitting_prefix(const std::string& text, double width_px) {
  std::size_t n = 0;
  while (n < text.size()) {
    std::size_t next = n + 1;
    while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) next += 1;
    if (legend_text_width_px(text.substr(0, next)) > width_px) break;
    n = next;
  }
  return n;
}

std::vector<std::string> legend_lines(const std::string& label) {
  std::vector<std::string> lines;
  std::string rest = label;
  while (legend_text_width_px(rest) > kLegendTextPxMax && lines.size() + 1 < kLegendLinesMax) {
    // Break after the last space, comma or slash that leaves a line of at least a third of
    // what fits, else after an underscore or "=", else anywhere.
    const std::size_t fits = std::max<std::size_t>(1, fitting_prefix(rest, kLegendTextPxMax));
    std::size_t cut = std::string::npos;
    for (const char* breaks : {" ,/", "_="}) {
      const std::size_t at = rest.find_last_of(breaks, fits - 1);
      if (at != std::string::npos && at >= fits / 3) {
        cut = at + 1;
        break;
      }
    }
    if (cut == std::string::npos) cut = char_start(rest, fits);
    std::string line(rest, 0, cut);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    lines.push_back(std::move(line));
    rest.erase(0, cut);
  }
  if (legend_text_width_px(rest) > kLegendTextPxMax) {
    const std::string ellipsis = "\xE2\x80\xA6";
    rest.resize(char_start(rest, fitting_prefix(rest, kLegendTextPxMax - legend_text_width_px(ellipsis))));
    rest.append(ellipsis);
  }
  lines.push_back(std::move(rest));
  return lines;
}

}  // namespace

Scale x_scale(const Frame& frame, const Axis& axis) {
  return Scale{axis.ticks.lo, axis.ticks.hi, frame.data_left(), frame.data_right(), axis.log};
}

Scale y_scale(const Frame& frame, const Axis& axis) {
  return Scale{axis.ticks.lo, axis.ticks.hi, frame.data_bottom(), frame.data_top(), axis.log};
}

void draw_x_title(Svg& svg, const Frame& frame, const std::string& title) {
  svg.text((frame.data_left() + frame.data_right()) / 2, frame.height - 8, title, Anchor::kMiddle, 12, kLabelColour);
}

void draw_y_title(Svg& svg, const Frame& frame, const std::string& title) {
  const double y = (frame.data_top() + frame.data_bottom()) / 2;
  svg.text(14, y, title, Anchor::kMiddle, 12, kLabelColour, false, -90);
}

void draw_axes(Svg& svg, const Frame& frame, const Axis& x, const Axis& y) {
  const Scale sx = x_scale(frame, x);
  const Scale sy = y_scale(frame, y);
  for (const double tick : y.ticks.ticks) {
    const double py = sy(tick);
    svg.line(frame.data_left(), py, frame.data_right(), py, kGridColour);
    svg.text(frame.data_left() - 6, py + 4, format_tick(tick, y.ticks.step), Anchor::kEnd, 11, kLabelColour);
  }
  double last_label_px = -1e9;
  for (const double tick : x.ticks.ticks) {
    const double px = sx(tick);
    svg.line(px, frame.data_top(), px, frame.data_bottom(), kGridColour);
    svg.line(px, frame.data_bottom(), px, frame.data_bottom() + 4, kAxisColour);
    // Skip a label that would touch the previous one.
    if (px - last_label_px < 34) continue;
    svg.text(px, frame.data_bottom() + 17, format_tick(tick, x.ticks.step), Anchor::kMiddle, 11, kLabelColour);
    last_label_px = px;
  }
  svg.line(frame.data_left(), frame.data_bottom(), frame.data_right(), frame.data_bottom(), kAxisColour);
  svg.line(frame.data_left(), frame.data_top(), frame.data_left(), frame.data_bottom(), kAxisColour);
  draw_x_title(svg, frame, x.title);
  draw_y_title(svg, frame, y.title + (y.log ? " (log scale)" : ""));
}

// Advance widths of DejaVu Sans (the widest of the report's font stack, and what Chromium
// falls back to on Linux) in em, rounded up: an upper bound for system-ui, Segoe UI, Roboto.
double legend_text_width_px(const std::string& text) {
  double em = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;  // A UTF-8 continuation byte: counted with its lead.
    if (c >= 0x80) {
      em += 1.0;  // Any other character (an ellipsis, a Greek letter): a full em.
    } else if (std::string_view("il.,:;'|!").find(static_cast<char>(c)) != std::string_view::npos) {
      em += 0.33;
    } else if (std::string_view(" ()[]{}/-").find(static_cast<char>(c)) != std::string_view::npos) {
      em += 0.40;
    } else if (std::string_view("ftjrI").find(static_cast<char>(c)) != std::string_view::npos) {
      em += 0.44;
    } else if (std::string_view("mwMW%=@+<>").find(static_cast<char>(c)) != std::string_view::npos) {
      em += 1.0;
    } else if (c >= 'A' && c <= 'Z') {
      em += 0.80;
    } else {
      em += 0.65;  // Other lower-case letters, digits, '_'.
    }
  }
  return em * kLegendFontPx;
}

int legend_entry_rows(const std::string& label) { return static_cast<int>(legend_lines(label).size()); }

int draw_legend_entry(Svg& svg, const Frame& frame, int row, const std::string& colour, const std::string& label,
                      bool dashed, bool swatch_box) {
  const double y = frame.data_top() + 6 + row * kLegendRowPx;
  const double x = frame.legend_x();
  if (swatch_box) {
    svg.rect(x, y - 5, 14, 10, colour);
  } else if (!colour.empty()) {
    svg.line(x, y, x + 18, y, colour, 2.5, dashed);
  }
  const std::vector<std::string> lines = legend_lines(label);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    svg.text(x + (colour.empty() ? 0 : 24), y + 4 + static_cast<double>(i) * kLegendRowPx, lines[i], Anchor::kStart, 11,
             kLabelColour);
  }
  return static_cast<int>(lines.size());
}

}  // namespace ringsim::report
