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
constexpr double kTwoTo64 = 18446744073709551616.0;

}  // namespace

RingGeometry ring_geometry(const RectF& area, float ui_scale) {
  RingGeometry geometry;
  const float caption_h = kCaptionHeightPx * ui_scale;
  const float avail_w = area.w - 2 * kMarginPx * ui_scale;
  const float avail_h = area.h - caption_h - 2 * kMarginPx * ui_scale;
  const float radius = std::max(0.0f, std::min(avail_w, avail_h) / 2 / kExtentOverBand);
  geometry.centre = {area.x + area.w / 2, area.y + caption_h + kMarginPx * ui_scale + avail_h / 2};
  geometry.keys_inner = radius * kKeysInner;
  geometry.keys_outer = radius * kKeysOuter;
  geometry.band_inner = radius * kBandInner;
  geometry.band_outer = radius;
  geometry.highlight_inner = radius * kHighlightInner;
  geometry.highlight_outer = radius * kHighlightOuter;
  geometry.marker_orbit = radius * kMarkerOrbit;
  geometry.label_orbit = radius * kLabelOrbit;
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
