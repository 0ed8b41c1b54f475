#include "viz/ring_geometry.h"

#include <algorithm>
#include <cmath>

namespace ringsim::viz {
namespace {

// Caption lines above the ring (a headline and up to two detail lines plus padding, at
// ui_scale 1).
constexpr float kCaptionHeightPx = 72;
constexpr float kCaptionTopPx = 8;
// Everything is sized from the outer radius of the owner band (1.0); labels end at
// kExtentOverBand, which must fit the rectangle.
constexpr float kKeysInner = 0.50f;
constexpr float kKeysOuter = 0.84f;
constexpr float kBandInner = 0.88f;
constexpr float kHighlightInner = 1.025f;
constexpr float kHighlightOuter = 1.085f;
constexpr float kMarkerOrbit = 1.19f;
constexpr float kLabelOrbit = 1.32f;
constexpr float kExtentOverBand = 1.38f;
constexpr float kMarginPx = 6;
// Beyond the marker orbit: a marker's radius and a node label (13 px) set outside it.
constexpr float kLabelReservePx = 26;
constexpr double kTwoTo64 = 18446744073709551616.0;

}  // namespace

RingGeometry ring_geometry_at(PointF centre, float band_outer) {
  RingGeometry geometry;
  const float radius = std::max(0.0f, band_outer);
  geometry.centre = centre;
  geometry.keys_inner = radius * kKeysInner;
  geometry.keys_outer = radius * kKeysOuter;
  geometry.band_inner = radius * kBandInner;
  geometry.band_outer = radius;
  geometry.highlight_inner = radius * kHighlightInner;
  geometry.highlight_outer = radius * kHighlightOuter;
  geometry.marker_orbit = radius * kMarkerOrbit;
  geometry.label_orbit = radius * kLabelOrbit;
  return geometry;
}

RectF ring_disc(const RingGeometry& geometry) {
  return {geometry.centre.x - geometry.band_outer, geometry.centre.y - geometry.band_outer, 2 * geometry.band_outer,
          2 * geometry.band_outer};
}

RingGeometry ring_geometry(const RectF& area, float ui_scale) {
  return ring_geometry(area, ui_scale, RingSurround{kCaptionHeightPx * ui_scale, 0, 0});
}

RingGeometry ring_geometry(const RectF& area, float ui_scale, const RingSurround& surround) {
  const float margin = kMarginPx * ui_scale;
  if (surround.caption_w > 0) {
    // The caption column on the left; the ring in the middle of the strip right of it.
    const float left = area.x + surround.caption_w + margin;
    const float right = area.x + area.w - margin;
    const float top = area.y + margin;
    const float bottom = area.y + area.h - margin;
    const float extent = std::max(0.0f, std::min(right - left, bottom - top) / 2);
    const float radius = std::min(extent / kExtentOverBand, (extent - kLabelReservePx * ui_scale) / kMarkerOrbit);
    RingGeometry geometry = ring_geometry_at({(left + right) / 2, (top + bottom) / 2}, std::max(0.0f, radius));
    geometry.caption_y = area.y + kCaptionTopPx * ui_scale;
    return geometry;
  }
  const float top = area.y + surround.caption_h + margin;
  const float bottom = area.y + area.h - margin;
  const float left = area.x + margin;
  const float right = area.x + area.w - margin;
  // Beside the legend: the strip right of it, full height below the caption.
  const float beside_w = right - (left + surround.legend_w);
  const float beside_extent = std::min(beside_w, bottom - top) / 2;
  // Above the legend: the full width, down to the legend's top.
  const float above_h = bottom - top - surround.legend_h;
  const float above_extent = std::min(right - left, above_h) / 2;
  PointF centre;
  float extent = 0;
  if (surround.legend_w <= 0 || beside_extent >= above_extent) {
    extent = surround.legend_w <= 0 ? std::min(right - left, bottom - top) / 2 : beside_extent;
    const float strip_left = left + surround.legend_w;
    centre = {(strip_left + right) / 2, (top + bottom) / 2};
    // Without a legend the ring sits in the middle of the view, as before.
    if (surround.legend_w <= 0) centre.x = area.x + area.w / 2;
  } else {
    extent = above_extent;
    centre = {area.x + area.w / 2, top + above_h / 2};
  }
  // On a small ring the node labels keep a fixed pixel distance outside the markers
  // (ring_markers.cpp): reserve that, so a label at 6 o'clock is not cut off.
  const float radius = std::min(extent / kExtentOverBand, (extent - kLabelReservePx * ui_scale) / kMarkerOrbit);
  RingGeometry geometry = ring_geometry_at(centre, std::max(0.0f, radius));
  geometry.caption_y = area.y + kCaptionTopPx * ui_scale;
  return geometry;
}

double angle_of_position(std::uint64_t position) { return static_cast<double>(position) / kTwoTo64 * kTwoPi; }

std::uint64_t position_of_angle(double angle_rad) {
  double turns = std::fmod(angle_rad / kTwoPi, 1.0);
  if (turns < 0) turns += 1.0;
  const double scaled = turns * kTwoTo64;
  // 2^64 itself is not representable; the last double below it is.
  return scaled >= kTwoTo64 ? ~std::uint64_t{0} : static_cast<std::uint64_t>(scaled);
}

PointF ring_point(const RingGeometry& geometry, double angle_rad, float radius) {
  return {geometry.centre.x + radius * static_cast<float>(std::sin(angle_rad)),
          geometry.centre.y - radius * static_cast<float>(std::cos(angle_rad))};
}

double angle_of_point(const RingGeometry& geometry, PointF point) {
  const double angle = std::atan2(point.x - geometry.centre.x, geometry.centre.y - point.y);
  return angle < 0 ? angle + kTwoPi : angle;
}

float distance_from_centre(const RingGeometry& geometry, PointF point) {
  return std::hypot(point.x - geometry.centre.x, point.y - geometry.centre.y);
}

double node_marker_angle(std::uint32_t node_id, std::uint32_t node_count) {
  if (node_count == 0) return 0;
  return kTwoPi * static_cast<double>(node_id) / static_cast<double>(node_count);
}

}  // namespace ringsim::viz
