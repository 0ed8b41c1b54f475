#include "viz/shape_batch.h"

#include <algorithm>
#include <cmath>

#include "sim/assert.h"

namespace ringsim::viz {
namespace {

sf::Vertex vertex(PointF point, sf::Color colour) { return sf::Vertex({point.x, point.y}, colour); }

}  // namespace

void ShapeBatch::add_triangle(PointF a, PointF b, PointF c, sf::Color colour) {
  RINGSIM_ASSERT(vertices_.getPrimitiveType() == sf::Triangles);
  vertices_.append(vertex(a, colour));
  vertices_.append(vertex(b, colour));
  vertices_.append(vertex(c, colour));
}

void ShapeBatch::add_quad(PointF a, PointF b, PointF c, PointF d, sf::Color colour) {
  add_triangle(a, b, c, colour);
  add_triangle(a, c, d, colour);
}

void ShapeBatch::add_rect(float x, float y, float w, float h, sf::Color colour) {
  if (vertices_.getPrimitiveType() == sf::Quads) {
    for (const PointF corner : {PointF{x, y}, PointF{x + w, y}, PointF{x + w, y + h}, PointF{x, y + h}}) {
      vertices_.append(vertex(corner, colour));
    }
    return;
  }
  add_quad({x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}, colour);
}

void ShapeBatch::add_sector(const RingGeometry& geometry, double from_rad, double to_rad, float inner, float outer,
                            sf::Color colour, double max_step_rad) {
  if (to_rad <= from_rad) return;
  const int steps = std::max(1, static_cast<int>(std::ceil((to_rad - from_rad) / max_step_rad)));
  const double step = (to_rad - from_rad) / steps;
  PointF previous_inner = ring_point(geometry, from_rad, inner);
  PointF previous_outer = ring_point(geometry, from_rad, outer);
  for (int i = 1; i <= steps; ++i) {
    const double angle = i == steps ? to_rad : from_rad + step * i;
    const PointF next_inner = ring_point(geometry, angle, inner);
    const PointF next_outer = ring_point(geometry, angle, outer);
    add_quad(previous_inner, previous_outer, next_outer, next_inner, colour);
    previous_inner = next_inner;
    previous_outer = next_outer;
  }
}

void ShapeBatch::add_disc(PointF centre, float radius, sf::Color colour, int segments) {
  PointF previous{centre.x, centre.y - radius};
  for (int i = 1; i <= segments; ++i) {
    const double angle = kTwoPi * i / segments;
    const PointF next{centre.x + radius * static_cast<float>(std::sin(angle)),
                      centre.y - radius * static_cast<float>(std::cos(angle))};
    add_triangle(centre, previous, next, colour);
    previous = next;
  }
}

void ShapeBatch::add_circle_outline(PointF centre, float radius, float thickness, sf::Color colour, int segments) {
  const float inner = std::max(0.0f, radius - thickness / 2);
  const float outer = radius + thickness / 2;
  for (int i = 0; i < segments; ++i) {
    const double a0 = kTwoPi * i / segments;
    const double a1 = kTwoPi * (i + 1) / segments;
    const auto at = [&](double angle, float r) {
      return PointF{centre.x + r * static_cast<float>(std::sin(angle)),
                    centre.y - r * static_cast<float>(std::cos(angle))};
    };
    add_quad(at(a0, inner), at(a0, outer), at(a1, outer), at(a1, inner), colour);
  }
}

void ShapeBatch::add_line(PointF from, PointF to, float thickness, sf::Color colour) {
  const float dx = to.x - from.x;
  const float dy = to.y - from.y;
  const float length = std::hypot(dx, dy);
  if (length <= 0) return;
  const float nx = -dy / length * thickness / 2;
  const float ny = dx / length * thickness / 2;
  add_quad({from.x + nx, from.y + ny}, {to.x + nx, to.y + ny}, {to.x - nx, to.y - ny}, {from.x - nx, from.y - ny},
           colour);
}

}  // namespace ringsim::viz
