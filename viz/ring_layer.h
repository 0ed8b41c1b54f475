// A picture of slowly changing shapes kept in an off-screen texture: the ring's owner arcs,
// key dots, node markers and legend change only when ownership, a transfer's handoff or a
// node's state changes, yet would cost tens of thousands of vertices every frame (the
// slowest part of a frame under Mesa's software renderer). The layer is redrawn when the
// caller's signature of its content changes and otherwise copied to the window as one quad;
// small changes the caller can confine (a few key dots) are patched in instead.
//
// When no off-screen texture can be created, available() is false and the caller draws
// the shapes directly.
#pragma once

#include <SFML/Graphics/Drawable.hpp>
#include <SFML/Graphics/RenderTexture.hpp>
#include <cstdint>
#include <initializer_list>
#include <utility>

#include "viz/layout.h"
#include "viz/palette.h"
#include "viz/ring_geometry.h"

namespace ringsim::viz {

class ShapeLayer final : public sf::Drawable {
 public:
  bool available() const { return available_; }
  bool up_to_date(const RectF& area, std::uint64_t signature) const;
  // Clears the texture to `background` and draws `drawables` in window coordinates.
  void redraw(const RectF& area, std::uint64_t signature, Rgba background,
              std::initializer_list<const sf::Drawable*> drawables);
  // Draws over the picture without clearing it (small repairs), keeping its signature.
  void patch(std::initializer_list<std::pair<const sf::Drawable*, sf::RenderStates>> items);
  // The picture, and where its top-left pixel goes in the window.
  const sf::Texture& texture() const { return texture_.getTexture(); }
  PointF origin() const { return {static_cast<float>(x_), static_cast<float>(y_)}; }
  // Copies the picture (opaque, no blending) to its place.
  void draw(sf::RenderTarget& target, sf::RenderStates states) const override;

 private:
  sf::RenderTexture texture_;
  bool available_ = true;
  bool valid_ = false;
  int x_ = 0;
  int y_ = 0;
  unsigned width_ = 0;
  unsigned height_ = 0;
  std::uint64_t signature_ = 0;
};

// Folds a value into a 64-bit signature (multiply-xorshift, as the trace hash does).
inline std::uint64_t fold_signature(std::uint64_t signature, std::uint64_t value) {
  signature = (signature ^ value) * 0xff51afd7ed558ccdULL;
  return signature ^ (signature >> 32);
}

}  // namespace ringsim::viz
