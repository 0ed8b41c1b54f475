// Fonts and HiDPI scale. Both SFML text and ImGui use the system DejaVu Sans (Debian
// package fonts-dejavu-core); when it is missing, each falls back to what it has (ImGui's
// built-in font, ImGui-drawn ring text) with a warning, and the GUI keeps working.
#pragma once

#include <SFML/Graphics/Font.hpp>

namespace ringsim::viz {

inline constexpr const char* kDejaVuSansPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
// ImGui text size at ui_scale 1.
inline constexpr float kUiFontSizePx = 15;

// Adds DejaVu (or the built-in font) to ImGui's atlas at kUiFontSizePx * ui_scale.
void load_imgui_font(float ui_scale);
// false (after a warning on stderr) when DejaVu cannot be loaded.
bool load_sfml_font(sf::Font& font);
// RINGSIM_UI_SCALE, else GDK_SCALE, else 2 on desktops at least kHiDpiDesktopHeightPx
// tall, else 1.
float detect_ui_scale();

}  // namespace ringsim::viz
