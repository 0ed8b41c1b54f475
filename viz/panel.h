// Shared helpers for the ImGui panels: a fixed, tiled window at a layout rectangle, and
// colour conversions.
#pragma once

#include <imgui.h>

#include "viz/layout.h"
#include "viz/palette.h"

namespace ringsim::viz {

// Begin() at rect with no moving/resizing (the layout tiles the window). Always pair with
// ImGui::End(), whatever this returns (ImGui's rule for Begin).
inline bool begin_panel(const char* title, const RectF& rect) {
  ImGui::SetNextWindowPos(ImVec2(rect.x, rect.y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(rect.w, rect.h), ImGuiCond_Always);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus;
  return ImGui::Begin(title, nullptr, kFlags);
}

inline ImVec4 to_imvec4(Rgba colour) {
  return ImVec4(colour.r / 255.0f, colour.g / 255.0f, colour.b / 255.0f, colour.a / 255.0f);
}
inline ImU32 to_imu32(Rgba colour) { return IM_COL32(colour.r, colour.g, colour.b, colour.a); }

}  // namespace ringsim::viz
