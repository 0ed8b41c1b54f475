#include "viz/narration_panel.h"

#include <cmath>
#include <cstdio>

#include <algorithm>
#include <string>

#include "run/narration.h"
#include "viz/caption_count.h"
#include "viz/caption_injections.h"
#include "viz/caption_wrap.h"
#include "viz/format.h"
#include "viz/layout_dump.h"
#include "viz/panel.h"

namespace ringsim::viz {
namespace {

// Lines of caption text the band has room for at least, and lines of controls.
constexpr float kCaptionLines = 3;
constexpr float kBandShareMax = 0.5f;
constexpr float kControlLines = 2.4f;
// Captions are read from the back of a room: larger than the panels' text.
constexpr float kCaptionFontScale = 1.35f;
constexpr Rgba kCaptionColour{255, 236, 170};
constexpr Rgba kPremiseColour{255, 150, 90};
constexpr Rgba kHoldsColour{130, 220, 140};
// The checklist costs a summary: at most every this many frames while time moves.
constexpr int kChecklistFrames = 10;

// The caption in kCaptionColour, wrapped at spaces only (numbers such as 4,444 stay whole).
void draw_caption_text(const std::string& text) {
  const float width = ImGui::GetContentRegionAvail().x;
  const auto width_of = [](std::string_view piece) {
    return ImGui::CalcTextSize(piece.data(), piece.data() + piece.size()).x;
  };
  for (const std::string& line : wrap_caption(text, width, width_of)) {
    ImGui::TextColored(to_imvec4(kCaptionColour), "%s", line.c_str());
  }
}

// Records the last item (text) for the layout dump when it is in view, clipped to the
// band's width: a line that runs past the band's right edge is cut. (The band scrolls, so
// a line below its bottom is out of view, not cut.)
void record_item(const char* owner, const std::string& text) {
  if (!layout_dump_active()) return;
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  const ImVec2 window = ImGui::GetWindowPos();
  const float top = window.y;
  const float bottom = window.y + ImGui::GetWindowSize().y;
  if (min.y < top || max.y > bottom) return;
  const float left = window.x + ImGui::GetWindowContentRegionMin().x;
  const float right = window.x + ImGui::GetWindowContentRegionMax().x;
  record_text(owner, text, {min.x, min.y, max.x - min.x, max.y - min.y}, RectF{left, top, right - left, bottom - top});
}

// SameLine when `text` still fits on the current line, else the next line.
void same_line_if_fits(const char* text) {
  ImGui::SameLine();
  if (ImGui::CalcTextSize(text).x > ImGui::GetContentRegionAvail().x) ImGui::NewLine();
}

void refresh_checklist(const Session& session, NarrationState& state) {
  const TimeNs now_ns = session.run().now_ns();
  const bool stale = state.checklist_generation != session.generation() || state.checklist_ns != now_ns;
  const int frame = ImGui::GetFrameCount();
  if (!stale) return;
  if (state.checklist_ns >= 0 && state.checklist_generation == session.generation() &&
      frame - state.checklist_frame < kChecklistFrames && !session.run().finished()) {
    return;
  }
  state.checklist = lesson_checklist(session.run());
  state.checklist_ns = now_ns;
  state.checklist_generation = session.generation();
  state.checklist_frame = frame;
}

// "What you should see": one tick per expectation of the scenario.
void draw_checklist(const Session& session, NarrationState& state) {
  refresh_checklist(session, state);
  if (state.checklist.empty()) return;
  ImGui::TextDisabled("what you should see:");
  for (const ChecklistItem& item : state.checklist) {
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(item.text.c_str()).x + 40) ImGui::NewLine();
    ImGui::TextColored(to_imvec4(item.holds ? kHoldsColour : kTextDimColour), "[%s] %s", item.holds ? "x" : " ",
                       item.text.c_str());
  }
}

}  // namespace

RectF narration_band(const Session& session, const RectF& ring_rect) {
  const Scenario& scenario = session.scenario();
  if (ring_rect.empty() || scenario.narration.empty()) return {};
  const float line = ImGui::GetTextLineHeightWithSpacing();
  // As tall as the shown caption wraps to (a projector's large font wraps it to more
  // lines), so its end, Next and the checklist stay in view; at most kBandShareMax of the
  // ring's column, past which the band scrolls.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = ring_rect.w - 2 * style.WindowPadding.x - style.ScrollbarSize;
  const auto width_of = [](std::string_view piece) {
    return ImGui::CalcTextSize(piece.data(), piece.data() + piece.size()).x * kCaptionFontScale;
  };
  const std::optional<ShownCaption> shown = shown_caption(scenario.narration, session.cluster(),
                                                          &session.run().metrics(), session.run().now_ns());
  const float caption_lines = static_cast<float>(
      std::max<std::size_t>(static_cast<std::size_t>(kCaptionLines), wrap_caption(shown ? shown->text : scenario.name, width, width_of).size()));
  const float premise_lines =
      (shown && !shown->failed.empty() ? 1.0f : 0.0f) +
      (shown ? static_cast<float>(
                   injected_since(shown->fired_ns, session.source().injections, session.run().now_ns()).size())
             : 0.0f);
  // The checklist wraps its items ("[x] lost_keys == 0 (now 0)", about 28 characters each).
  const float item_px = 28 * ImGui::CalcTextSize("x").x;
  const float checklist_lines =
      scenario.expectations.empty()
          ? 0
          : std::ceil((1 + static_cast<float>(scenario.expectations.size())) * item_px / std::max(width, item_px));
  const float height = line * (caption_lines * kCaptionFontScale + premise_lines + kControlLines + checklist_lines);
  return RectF{ring_rect.x, ring_rect.y, ring_rect.w, std::min(height, ring_rect.h * kBandShareMax)};
}

void ShowNarrationPanel(Session& session, const RectF& band, NarrationState& state) {
  if (band.empty()) return;
  const Scenario& scenario = session.scenario();
  const std::vector<Caption>& captions = scenario.narration;
  const std::optional<ShownCaption> shown =
      shown_caption(captions, session.cluster(), &session.run().metrics(), session.run().now_ns());
  const std::optional<std::size_t> active = shown ? std::optional<std::size_t>(shown->index) : std::nullopt;
  if (pause_for_caption(state.follow, active, session.generation(), state.teacher_mode, session.playing())) {
    session.set_playing(false);
  }
  session.set_speed_cap(shown ? shown->slow_motion : std::nullopt);

  ImGui::SetNextWindowPos(ImVec2(band.x, band.y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(band.w, band.h), ImGuiCond_Always);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (ImGui::Begin("Narration", nullptr, kFlags)) {
    ImGui::PushTextWrapPos(0);
    ImGui::SetWindowFontScale(kCaptionFontScale);
    draw_caption_text(shown ? shown->text : scenario.name);
    if (shown && !shown->failed.empty()) {
      ImGui::SetWindowFontScale(1.0f);
      ImGui::TextColored(to_imvec4(kPremiseColour), "[!] This caption's premise no longer holds in this run: %s",
                         shown->failed.front().c_str());
    }
    // A fault injected after this caption appeared changed what it talks about, while the
    // ring already shows it (caption_injections.h).
    if (shown) {
      ImGui::SetWindowFontScale(1.0f);
      for (const std::string& phrase :
           injected_since(shown->fired_ns, session.source().injections, session.run().now_ns())) {
        const std::string line = "[!] since this caption: " + phrase;
        ImGui::TextColored(to_imvec4(kPremiseColour), "%s", line.c_str());
        record_item("narration/since", line);
      }
    }
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopTextWrapPos();
    {
      ImGui::Checkbox("teacher mode (pause at each caption)", &state.teacher_mode);
      ImGui::SameLine();
      if (ImGui::Button(session.playing() ? "playing" : "Next >")) session.set_playing(true);
      // Variants of one moment count once (caption_count.h). Each note goes on the next
      // line when it does not fit (a projector's font cut "caption 3 of 4" to "caption 3").
      const CaptionCount count = count_captions(captions, active);
      const std::string counted = "caption " + std::to_string(count.shown) + " of " + std::to_string(count.total);
      same_line_if_fits(counted.c_str());
      ImGui::TextDisabled("%s", counted.c_str());
      record_item("narration/count", counted);
      if (session.speed_cap() && *session.speed_cap() < session.speed()) {
        char slow[64];
        std::snprintf(slow, sizeof slow, "slow motion x%.3g while this lasts", *session.speed_cap());
        same_line_if_fits(slow);
        ImGui::TextColored(to_imvec4(kCaptionColour), "%s", slow);
        record_item("narration/slow_motion", slow);
      }
    }
    draw_checklist(session, state);
    if (!scenario.description.empty() && ImGui::CollapsingHeader("about this scenario")) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextUnformatted(scenario.description.c_str());
      ImGui::PopTextWrapPos();
    }
  }
  ImGui::End();
}

}  // namespace ringsim::viz
