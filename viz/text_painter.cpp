#include "viz/text_painter.h"

#include <imgui.h>

#include <SFML/Graphics/Text.hpp>
#include <cmath>

#include "viz/caption_wrap.h"
#include "viz/layout_dump.h"

namespace ringsim::viz {
namespace {

// Line spacing over the nominal character size, for DejaVu Sans and ImGui's font alike.
constexpr float kLineSpacing = 1.25f;

unsigned character_size(float size_px, float ui_scale) {
  return static_cast<unsigned>(std::lround(size_px * ui_scale));
}

}  // namespace

float TextPainter::width(const std::string& text, float size_px) const {
  const float size = static_cast<float>(character_size(size_px, ui_scale_));
  if (font_ != nullptr) {
    const sf::Text shape(sf::String::fromUtf8(text.begin(), text.end()), *font_, static_cast<unsigned>(size));
    return shape.getLocalBounds().left + shape.getLocalBounds().width;
  }
  return ImGui::GetFont()->CalcTextSizeA(size, FLT_MAX, 0, text.c_str()).x;
}

std::string TextPainter::fit(const std::string& text, float size_px, float max_width, const std::string& owner) const {
  const std::string shown = cut_to_width(text, max_width, [&](std::string_view piece) { return width(std::string(piece), size_px); });
  if (shown != text) record_shortened(owner, text, shown);
  return shown;
}

std::vector<std::string> TextPainter::wrap(const std::string& text, const std::string& separator, float size_px,
                                           float max_width, std::size_t max_lines, const std::string& owner) const {
  WrappedText wrapped = wrap_parts(text, separator, max_width, max_lines,
                                   [&](std::string_view piece) { return width(std::string(piece), size_px); });
  if (wrapped.shortened) record_shortened(owner, text, wrapped.lines.back());
  return std::move(wrapped.lines);
}

float TextPainter::line_height(float size_px) const { return size_px * ui_scale_ * kLineSpacing; }

float TextPainter::draw(sf::RenderTarget& target, const std::string& text, PointF at, float size_px, Rgba colour,
                        TextAlign align) const {
  const float text_width = width(text, size_px);
  float x = at.x;
  if (align == TextAlign::kCentre) x -= text_width / 2;
  if (align == TextAlign::kRight) x -= text_width;
  // Whole pixels keep glyphs crisp.
  x = std::round(x);
  const float y = std::round(at.y);
  const unsigned size = character_size(size_px, ui_scale_);
  record_text("ring", text, {x, y, text_width, static_cast<float>(size)});
  if (font_ != nullptr) {
    sf::Text shape(sf::String::fromUtf8(text.begin(), text.end()), *font_, size);
    shape.setFillColor({colour.r, colour.g, colour.b, colour.a});
    shape.setPosition(x, y);
    target.draw(shape);
  } else {
    ImGui::GetBackgroundDrawList()->AddText(ImGui::GetFont(), static_cast<float>(size), ImVec2(x, y),
                                            IM_COL32(colour.r, colour.g, colour.b, colour.a), text.c_str());
  }
  return text_width;
}

}  // namespace ringsim::viz
