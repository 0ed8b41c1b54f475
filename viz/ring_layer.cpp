#include "viz/ring_layer.h"

#include <SFML/Graphics/Sprite.hpp>
#include <cmath>

namespace ringsim::viz {
namespace {

struct PixelRect {
  int x;
  int y;
  unsigned width;
  unsigned height;
};

// Whole pixels, so the copied layer lines up with the window's pixel grid.
PixelRect pixel_rect(const RectF& area) {
  const int x = static_cast<int>(std::lround(area.x));
  const int y = static_cast<int>(std::lround(area.y));
  const int right = static_cast<int>(std::lround(area.x + area.w));
  const int bottom = static_cast<int>(std::lround(area.y + area.h));
  return {x, y, static_cast<unsigned>(std::max(right - x, 1)), static_cast<unsigned>(std::max(bottom - y, 1))};
}

}  // namespace

bool ShapeLayer::up_to_date(const RectF& area, std::uint64_t signature) const {
  const PixelRect rect = pixel_rect(area);
  return valid_ && signature == signature_ && rect.x == x_ && rect.y == y_ && rect.width == width_ &&
         rect.height == height_;
}

void ShapeLayer::redraw(const RectF& area, std::uint64_t signature, Rgba background,
                        std::initializer_list<const sf::Drawable*> drawables) {
  const PixelRect rect = pixel_rect(area);
  if (rect.width != width_ || rect.height != height_ || !valid_) {
    if (!texture_.create(rect.width, rect.height)) {
      available_ = false;
      return;
    }
  }
  x_ = rect.x;
  y_ = rect.y;
  width_ = rect.width;
  height_ = rect.height;
  texture_.setView(sf::View(sf::FloatRect(static_cast<float>(x_), static_cast<float>(y_), static_cast<float>(width_),
                                          static_cast<float>(height_))));
  texture_.clear(sf::Color(background.r, background.g, background.b, background.a));
  for (const sf::Drawable* drawable : drawables) texture_.draw(*drawable);
  texture_.display();
  signature_ = signature;
  valid_ = true;
}

void ShapeLayer::patch(std::initializer_list<std::pair<const sf::Drawable*, sf::RenderStates>> items) {
  if (!valid_) return;
  for (const auto& [drawable, states] : items) texture_.draw(*drawable, states);
  texture_.display();
}

void ShapeLayer::draw(sf::RenderTarget& target, sf::RenderStates states) const {
  if (!valid_) return;
  sf::Sprite sprite(texture_.getTexture());
  sprite.setPosition(static_cast<float>(x_), static_cast<float>(y_));
  // The layer is opaque: copying without blending is cheaper for a software renderer.
  states.blendMode = sf::BlendNone;
  target.draw(sprite, states);
}

}  // namespace ringsim::viz
