// Many flat shapes in one sf::VertexArray of triangles, drawn with a single draw call.
// The ring view puts tens of thousands of arcs, dots and lines on screen every frame;
// one draw per shape would cost more than the whole simulation step.
#pragma once

#include <SFML/Graphics/Color.hpp>
#include <SFML/Graphics/Drawable.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <SFML/Graphics/VertexArray.hpp>

#include "viz/palette.h"
#include "viz/ring_geometry.h"

namespace ringsim::viz {

inline sf::Color to_sf(Rgba colour) { return {colour.r, colour.g, colour.b, colour.a}; }
inline sf::Color with_alpha(Rgba colour, std::uint8_t alpha) { return {colour.r, colour.g, colour.b, alpha}; }

class ShapeBatch final : public sf::Drawable {
 public:
  ShapeBatch() : vertices_(sf::Triangles) {}
  // rects_only: a batch of axis-aligned rectangles as quads, four vertices each instead of
  // six (only add_rect may be used). The key dots are thousands of them.
  explicit ShapeBatch(bool rects_only) : vertices_(rects_only ? sf::Quads : sf::Triangles) {}

  void clear() { vertices_.clear(); }
  std::size_t vertex_count() const { return vertices_.getVertexCount(); }
  void draw(sf::RenderTarget& target, sf::RenderStates states) const override { target.draw(vertices_, states); }

  void add_triangle(PointF a, PointF b, PointF c, sf::Color colour);
  void add_quad(PointF a, PointF b, PointF c, PointF d, sf::Color colour);
  void add_rect(float x, float y, float w, float h, sf::Color colour);
  // Part of an annulus between two angles (clockwise from 12 o'clock, radians),
  // subdivided so no straight edge spans more than max_step_rad.
  void add_sector(const RingGeometry& geometry, double from_rad, double to_rad, float inner, float outer,
                  sf::Color colour, double max_step_rad);
  void add_disc(PointF centre, float radius, sf::Color colour, int segments);
  void add_circle_outline(PointF centre, float radius, float thickness, sf::Color colour, int segments);
  void add_line(PointF from, PointF to, float thickness, sf::Color colour);

 private:
  sf::VertexArray vertices_;
};

}  // namespace ringsim::viz
