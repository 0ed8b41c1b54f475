// Text in the SFML-drawn views (ring captions, node ids, legend). Uses sf::Text with the
// system DejaVu font; when that font is missing it falls back to ImGui's background draw
// list with ImGui's built-in font, so the view stays readable either way.
#pragma once

#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <string>
#include <vector>

#include "viz/palette.h"
#include "viz/ring_geometry.h"

namespace ringsim::viz {

enum class TextAlign { kLeft, kCentre, kRight };

class TextPainter {
 public:
  // font may be null (fallback). Sizes given to draw() are at ui_scale 1.
  TextPainter(const sf::Font* font, float ui_scale) : font_(font), ui_scale_(ui_scale) {}

  // Draws one line with its top edge at at.y, aligned on at.x; returns its width in px.
  float draw(sf::RenderTarget& target, const std::string& text, PointF at, float size_px, Rgba colour,
             TextAlign align = TextAlign::kLeft) const;
  float width(const std::string& text, float size_px) const;
  // The text, cut at a word boundary and ended with "..." when wider than max_width; a cut
  // is recorded in the layout dump under `owner` (record_shortened), so a check can fail on it.
  std::string fit(const std::string& text, float size_px, float max_width, const std::string& owner) const;
  // The text in at most max_lines lines, broken between its parts (at `separator`s) and,
  // inside a part wider than a line, at spaces (wrap_parts, caption_wrap.h); only a text
  // needing more lines ends in "..." on its last (recorded as fit() records a cut).
  std::vector<std::string> wrap(const std::string& text, const std::string& separator, float size_px, float max_width,
                                std::size_t max_lines, const std::string& owner) const;
  float line_height(float size_px) const;
  float ui_scale() const { return ui_scale_; }

 private:
  const sf::Font* font_;
  float ui_scale_;
};

}  // namespace ringsim::viz
