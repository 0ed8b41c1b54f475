#include "cli/report/svg.h"

#include <cmath>
#include <cstdio>

#include "cli/report/escape.h"

namespace ringsim::report {
namespace {

// Two decimals are sub-pixel: enough for any screen, and keep the file small.
std::string num(double value) {
  char buffer[32];
  if (!std::isfinite(value)) value = 0;
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  std::string text = buffer;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

std::string title_element(std::string_view tooltip) {
  return tooltip.empty() ? std::string() : "<title>" + escape_html(tooltip) + "</title>";
}

}  // namespace

std::string css_colour(Rgba colour) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", colour.r, colour.g, colour.b);
  return buffer;
}

Rgba series_colour(std::size_t index) { return node_colour(static_cast<std::uint32_t>(index)); }

Svg::Svg(std::string_view plot_id, double width, double height, std::string_view title) {
  out_ += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" data-plot=\"" + escape_html(plot_id) +
          "\" width=\"" + num(width) + "\" height=\"" + num(height) + "\" viewBox=\"0 0 " + num(width) + " " +
          num(height) + "\" role=\"img\" aria-label=\"" + escape_html(title) + "\">";
}

void Svg::rect(double x, double y, double width, double height, std::string_view fill, bool is_mark,
               std::string_view tooltip) {
  out_ += "<rect" + std::string(is_mark ? " class=\"mark\"" : "") + " x=\"" + num(x) + "\" y=\"" + num(y) +
          "\" width=\"" + num(std::max(0.0, width)) + "\" height=\"" + num(std::max(0.0, height)) +
          "\" fill=\"" + escape_html(fill) + "\"";
  out_ += tooltip.empty() ? "/>" : ">" + title_element(tooltip) + "</rect>";
}

void Svg::line(double x1, double y1, double x2, double y2, std::string_view stroke, double width, bool dashed) {
  out_ += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) +
          "\" stroke=\"" + escape_html(stroke) + "\" stroke-width=\"" + num(width) + "\"" +
          (dashed ? " stroke-dasharray=\"4 3\"" : "") + "/>";
}

void Svg::polyline(const std::vector<std::pair<double, double>>& points, std::string_view stroke, double width,
                   bool dashed, std::string_view tooltip) {
  if (points.empty()) return;
  out_ += "<polyline class=\"mark\" fill=\"none\" stroke-linejoin=\"round\" stroke=\"" + escape_html(stroke) +
          "\" stroke-width=\"" + num(width) + "\"" + (dashed ? " stroke-dasharray=\"6 3\"" : "") + " points=\"";
  for (const auto& [x, y] : points) out_ += num(x) + "," + num(y) + " ";
  out_ += "\">" + title_element(tooltip) + "</polyline>";
}

void Svg::path(std::string_view d, std::string_view fill, bool is_mark, std::string_view tooltip) {
  out_ += "<path" + std::string(is_mark ? " class=\"mark\"" : "") + " d=\"" + escape_html(d) + "\" fill=\"" +
          escape_html(fill) + "\">" + title_element(tooltip) + "</path>";
}

void Svg::text(double x, double y, std::string_view text, Anchor anchor, double size, std::string_view fill,
               bool bold, double rotate_deg) {
  const char* anchor_name = anchor == Anchor::kStart ? "start" : anchor == Anchor::kMiddle ? "middle" : "end";
  out_ += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" + num(size) + "\" text-anchor=\"" +
          anchor_name + "\" fill=\"" + escape_html(fill) + "\"" + (bold ? " font-weight=\"bold\"" : "");
  if (rotate_deg != 0) out_ += " transform=\"rotate(" + num(rotate_deg) + " " + num(x) + " " + num(y) + ")\"";
  out_ += ">" + escape_html(text) + "</text>";
}

std::string Svg::finish() { return out_ + "</svg>"; }

double Scale::operator()(double value) const {
  double a = lo, b = hi, v = value;
  if (log) {
    a = std::log10(std::max(lo, 1e-300));
    b = std::log10(std::max(hi, 1e-300));
    v = std::log10(std::max(value, lo));
  }
  const double fraction = b == a ? 0.5 : (v - a) / (b - a);
  return pixel_lo + fraction * (pixel_hi - pixel_lo);
}

}  // namespace ringsim::report
