#include "viz/narration_panel.h"

#include <algorithm>
#include <string>

#include "run/narration.h"
#include "viz/format.h"
#include "viz/panel.h"

namespace ringsim::viz {
namespace {

// Lines of caption text the band has room for before it scrolls, and lines of controls.
constexpr float kCaptionLines = 3;
constexpr float kControlLines = 2.4f;
// Captions are read from the back of a room: larger than the panels' text.
constexpr float kCaptionFontScale = 1.35f;
constexpr Rgba kCaptionColour{255, 236, 170};

// Pauses when a new caption appears while playing in teacher mode.
void follow_caption(Session& session, std::optional<std::size_t> active, NarrationState& state) {
  const bool same_run = state.generation == session.generation();
  if (same_run && active != state.shown && active && state.teacher_mode && session.playing()) {
    session.set_playing(false);
  }
  state.shown = active;
  state.generation = session.generation();
}

}  // namespace

RectF narration_band(const Session& session, const RectF& ring_rect) {
  const Scenario& scenario = session.scenario();
  if (ring_rect.empty() || scenario.narration.empty()) return {};
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float height = line * (kCaptionLines * kCaptionFontScale + kControlLines);
  return RectF{ring_rect.x, ring_rect.y, ring_rect.w, std::min(height, ring_rect.h / 2)};
}

void ShowNarrationPanel(Session& session, const RectF& band, NarrationState& state) {
  if (band.empty()) return;
  const Scenario& scenario = session.scenario();
  const std::vector<Caption>& captions = scenario.narration;
  const std::optional<std::size_t> active = active_caption(captions, session.cluster(), session.run().now_ns());
  follow_caption(session, active, state);

  ImGui::SetNextWindowPos(ImVec2(band.x, band.y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(band.w, band.h), ImGuiCond_Always);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (ImGui::Begin("Narration", nullptr, kFlags)) {
    ImGui::PushTextWrapPos(0);
    ImGui::SetWindowFontScale(kCaptionFontScale);
    if (active) {
      ImGui::TextColored(to_imvec4(kCaptionColour), "%s", captions[*active].text.c_str());
    } else {
      ImGui::TextColored(to_imvec4(kCaptionColour), "%s", scenario.name.c_str());
    }
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopTextWrapPos();
    {
      ImGui::Checkbox("teacher mode (pause at each caption)", &state.teacher_mode);
      ImGui::SameLine();
      if (ImGui::Button(session.playing() ? "playing" : "Next >")) session.set_playing(true);
      ImGui::SameLine();
      ImGui::TextDisabled("caption %zu of %zu", active ? *active + 1 : 0, captions.size());
    }
    if (!scenario.description.empty() && ImGui::CollapsingHeader("about this scenario")) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextUnformatted(scenario.description.c_str());
      ImGui::PopTextWrapPos();
    }
  }
  ImGui::End();
}

}  // namespace ringsim::viz
