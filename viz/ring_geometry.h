// Geometry of the ring view: where the hash circle, the key dots, the migration band and
// the node markers sit inside the view's rectangle, and the mapping between positions on
// the 64-bit hash circle and screen angles.
//
// Angle convention: position 0 at 12 o'clock, increasing clockwise (screen y points
// down), so the ring reads like a clock. No SFML or ImGui here: the screenshot checker
// uses it to know where the ring's pixels are.
#pragma once

#include <cstdint>

#include "viz/layout.h"

namespace ringsim::viz {

inline constexpr double kTwoPi = 6.283185307179586;

struct PointF {
  float x = 0;
  float y = 0;
};

// Radii in pixels, from the centre outwards.
struct RingGeometry {
  PointF centre;
  float keys_inner = 0;  // key dots are scattered between these two radii
  float keys_outer = 0;
  float band_inner = 0;  // owner arcs (vnode ranges or sampled primaries)
  float band_outer = 0;
  float highlight_inner = 0;  // ranges whose keys are being copied
  float highlight_outer = 0;
  float marker_orbit = 0;  // node markers
  float label_orbit = 0;   // node ids
  float caption_y = 0;     // top of the caption's first line
  bool usable() const { return band_outer > 1; }
};

// What the ring view draws beside the ring, in pixels: the caption block across the top
// and the legend box. The ring takes the largest disc left: beside the legend (legend at
// the bottom-left, ring to its right) or above it, whichever gives the larger radius.
// With caption_w > 0 the caption is instead a column of that width down the left side
// (the legend, if any, under it in that column), and the ring takes the strip to its right.
struct RingSurround {
  float caption_h = 0;
  float legend_w = 0;
  float legend_h = 0;
  float caption_w = 0;
};

// The default surround (a three-line caption at ui_scale, no legend).
RingGeometry ring_geometry(const RectF& area, float ui_scale);
RingGeometry ring_geometry(const RectF& area, float ui_scale, const RingSurround& surround);
// The geometry of a ring already placed (centre and owner band's outer radius), e.g. one
// read back from a layout dump; caption_y is left 0.
RingGeometry ring_geometry_at(PointF centre, float band_outer);
// The square the owner band's outer circle fills (what a layout dump records as "ring_disc").
RectF ring_disc(const RingGeometry& geometry);

// Position on the hash circle -> angle in radians [0, 2pi), and back.
double angle_of_position(std::uint64_t position);
std::uint64_t position_of_angle(double angle_rad);

PointF ring_point(const RingGeometry& geometry, double angle_rad, float radius);
// Angle of a screen point around the centre, and its distance from it.
double angle_of_point(const RingGeometry& geometry, PointF point);
float distance_from_centre(const RingGeometry& geometry, PointF point);

// Node markers are spread evenly by id around the ring.
double node_marker_angle(std::uint32_t node_id, std::uint32_t node_count);

}  // namespace ringsim::viz
