#include <cmath>
#include <cstdio>

#include "cli/report/charts.h"

namespace ringsim::report {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kLegendWidthPx = 140;
constexpr double kRingLegendRowPx = 16;

std::string coordinate(double value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

// An annulus sector from turn a to turn b, clockwise from 12 o'clock.
std::string sector_path(double cx, double cy, double r_outer, double r_inner, double a, double b) {
  const auto point = [&](double radius, double turn) {
    const double angle = turn * 2 * kPi - kPi / 2;
    return coordinate(cx + radius * std::cos(angle)) + " " + coordinate(cy + radius * std::sin(angle));
  };
  const std::string large = (b - a) > 0.5 ? "1" : "0";
  return "M" + point(r_outer, a) + " A" + coordinate(r_outer) + " " + coordinate(r_outer) + " 0 " + large + " 1 " +
         point(r_outer, b) + " L" + point(r_inner, b) + " A" + coordinate(r_inner) + " " + coordinate(r_inner) +
         " 0 " + large + " 0 " + point(r_inner, a) + " Z";
}

}  // namespace

std::string render_ring(const RingChart& ring) {
  const double legend_rows_px = kRingLegendRowPx * ring.legend.size() + 30;
  const double height = std::max(ring.size + 24, legend_rows_px);
  Svg svg(ring.id, ring.size + kLegendWidthPx, height, ring.title);
  svg.text(ring.size / 2, 14, ring.caption, Anchor::kMiddle, 12, "#333", true);
  const double cx = ring.size / 2, cy = ring.size / 2 + 16;
  const double r_outer = ring.size / 2 - 10, r_inner = r_outer * 0.62;
  for (const RingArc& arc : ring.arcs) {
    // A full circle cannot be one arc: split it.
    if (arc.to_turn - arc.from_turn >= 0.999) {
      svg.path(sector_path(cx, cy, r_outer, r_inner, 0, 0.5), arc.colour, true, arc.tooltip);
      svg.path(sector_path(cx, cy, r_outer, r_inner, 0.5, 0.99999), arc.colour, true, arc.tooltip);
      continue;
    }
    svg.path(sector_path(cx, cy, r_outer, r_inner, arc.from_turn, arc.to_turn), arc.colour, true, arc.tooltip);
  }
  for (std::size_t row = 0; row < ring.legend.size(); ++row) {
    const double y = 30 + row * kRingLegendRowPx;
    svg.rect(ring.size + 4, y - 9, 12, 10, ring.legend[row].colour);
    svg.text(ring.size + 22, y, ring.legend[row].label, Anchor::kStart, 11, "#444");
  }
  return svg.finish();
}

}  // namespace ringsim::report
