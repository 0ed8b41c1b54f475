#include "viz/text_painter.h"

#include <imgui.h>

#include <SFML/Graphics/Text.hpp>
#include <cmath>

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

std::string TextPainter::fit(const std::string& text, float size_px, float max_width) const {
  if (width(text, size_px) <= max_width) return text;
  // ASCII dots: ImGui's fallback font has no ellipsis glyph.
  constexpr const char* kEllipsis = "...";
  std::size_t end = text.size();
  std::string candidate;
  while (end > 0) {
    const std::size_t space = text.rfind(' ', end - 1);
    end = space == std::string::npos ? 0 : space;
    candidate.assign(text, 0, end);
    candidate.append(kEllipsis);
    if (width(candidate, size_px) <= max_width) return candidate;
  }
  return kEllipsis;
}

std::vector<std::string> TextPainter::wrap(const std::string& text, const std::string& separator, float size_px,
                                           float max_width, std::size_t max_lines) const {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size() && lines.size() + 1 < max_lines) {
    if (width(text.substr(start), size_px) <= max_width) break;
    // The longest run of whole parts that fits (at least one part).
    std::size_t cut = std::string::npos;
    for (std::size_t at = text.find(separator, start); at != std::string::npos; at = text.find(separator, at + 1)) {
      if (cut != std::string::npos && width(text.substr(start, at - start), size_px) > max_width) break;
      cut = at;
    }
    if (cut == std::string::npos) break;
    lines.push_back(text.substr(start, cut - start));
    start = cut + separator.size();
  }
  lines.push_back(fit(text.substr(start), size_px, max_width));
  return lines;
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
