#include "viz/fonts.h"

#include <imgui.h>

#include <SFML/Window/VideoMode.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

namespace ringsim::viz {
namespace {

// Desktops this tall are almost always HiDPI panels (4K, Retina-class laptops).
constexpr unsigned kHiDpiDesktopHeightPx = 2000;
constexpr float kHiDpiScale = 2;
constexpr float kScaleMin = 0.5f;
constexpr float kScaleMax = 4;
// ImGui's built-in font is drawn for 13 px.
constexpr float kBuiltinFontSizePx = 13;

std::optional<float> scale_from_env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  char* end = nullptr;
  const float scale = std::strtof(value, &end);
  if (end == value || *end != '\0' || !(scale >= kScaleMin && scale <= kScaleMax)) return std::nullopt;
  return scale;
}

}  // namespace

void load_imgui_font(float ui_scale) {
  ImGuiIO& io = ImGui::GetIO();
  if (std::filesystem::exists(kDejaVuSansPath) &&
      io.Fonts->AddFontFromFileTTF(kDejaVuSansPath, kUiFontSizePx * ui_scale) != nullptr) {
    return;
  }
  std::cerr << "ringsim-gui: warning: " << kDejaVuSansPath
            << " not found (install fonts-dejavu-core); using ImGui's built-in font\n";
  ImFontConfig config;
  config.SizePixels = kBuiltinFontSizePx * ui_scale;
  io.Fonts->AddFontDefault(&config);
}

bool load_sfml_font(sf::Font& font) {
  if (std::filesystem::exists(kDejaVuSansPath) && font.loadFromFile(kDejaVuSansPath)) return true;
  std::cerr << "ringsim-gui: warning: cannot load " << kDejaVuSansPath << "; ring labels use ImGui's font\n";
  return false;
}

float detect_ui_scale() {
  if (const auto scale = scale_from_env("RINGSIM_UI_SCALE")) return *scale;
  if (const auto scale = scale_from_env("GDK_SCALE")) return *scale;
  return sf::VideoMode::getDesktopMode().height >= kHiDpiDesktopHeightPx ? kHiDpiScale : 1.0f;
}

}  // namespace ringsim::viz
