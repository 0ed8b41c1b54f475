// [SECTION] index
//   helpers        scenario listing, speed text
//   controls row   play/pause, step, next change, restart, speed, scenario picker
//   clock row      time scrubber (seek)
//   status row     events, trace hash, next event, busy/finished, load errors
//   shortcuts      keyboard
#include "viz/timeline_panel.h"

#include <SFML/Window/Keyboard.hpp>
#include <imgui.h>
#include <imgui_internal.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/trace.h"
#include "viz/format.h"
#include "viz/key_routing.h"
#include "viz/panel.h"
#include "viz/repro_command.h"

namespace ringsim::viz {
namespace {

// +/- and the slider move the speed by this factor per step.
constexpr double kSpeedStepFactor = 2.0;
constexpr float kSpeedSliderWidthEm = 11;
constexpr float kScenarioComboWidthEm = 14;
constexpr Rgba kErrorColour{255, 100, 100};
constexpr Rgba kBusyColour{255, 200, 90};
// A- / A+ and Ctrl+- / Ctrl+= change the text size by this factor.
constexpr float kTextScaleStep = 1.15f;
constexpr float kViewComboWidthEm = 8;
// Keys 1-5 maximize these views.
constexpr Panel kPanelKeys[] = {Panel::kRing, Panel::kCluster, Panel::kLatency, Panel::kDag, Panel::kEventLog};

//------------------------------------------------------------------------------
// [SECTION] helpers
//------------------------------------------------------------------------------

// Scenario files next to the current one, sorted by name.
std::vector<std::filesystem::path> sibling_scenarios(const std::string& current) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  const std::filesystem::path folder = std::filesystem::path(current).parent_path();
  for (const auto& entry : std::filesystem::directory_iterator(folder.empty() ? "." : folder, error)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string speed_text(const Session& session) {
  if (session.unlimited_speed()) return "max";
  return format_fixed(session.speed(), session.speed() < 1 ? 2 : 1) + "x";
}

//------------------------------------------------------------------------------
// [SECTION] controls row
//------------------------------------------------------------------------------

void show_speed_slider(Session& session) {
  // The slider runs on log2(speed) so each notch doubles or halves it; the top is "max".
  float log_speed = static_cast<float>(std::log2(session.speed()));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * kSpeedSliderWidthEm);
  const std::string label = "speed " + speed_text(session);
  if (ImGui::SliderFloat("##speed", &log_speed, static_cast<float>(std::log2(kSpeedSlowest)),
                         static_cast<float>(std::log2(kSpeedUnlimited)), label.c_str(), ImGuiSliderFlags_NoInput)) {
    session.set_speed(std::pow(2.0, static_cast<double>(log_speed)));
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("virtual seconds per wall second (+/- keys); far right = max");
  // What the run reaches when it cannot keep up (achieved_speed.h).
  const std::optional<std::string> achieved =
      session.playing() ? achieved_speed_note(session.playing_speed(), session.unlimited_speed() && !session.speed_cap(),
                                              session.achieved_speed().speed())
                        : std::nullopt;
  if (achieved) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.35f, 1.0f), "%s", achieved->c_str());
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("virtual seconds per wall second over the last second: the simulation cannot keep up "
                        "with the speed asked for");
    }
  }
}

void show_scenario_picker(Session& session) {
  const std::string current = std::filesystem::path(session.source().path).filename().string();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * kScenarioComboWidthEm);
  if (!ImGui::BeginCombo("##scenario", current.c_str())) return;
  for (const std::filesystem::path& file : sibling_scenarios(session.source().path)) {
    const bool selected = file.filename().string() == current;
    if (ImGui::Selectable(file.filename().string().c_str(), selected)) session.load(file.string());
  }
  ImGui::EndCombo();
}

void show_controls(Session& session) {
  const Run& run = session.run();
  if (session.busy()) {
    // Seeking or running to the next change: the button stops it where it is.
    if (ImGui::Button("Stop ")) session.set_playing(false);
  } else {
    ImGui::BeginDisabled(run.finished());
    if (ImGui::Button(session.playing() ? "Pause" : "Play ")) session.set_playing(!session.playing());
    ImGui::EndDisabled();
  }
  ImGui::SameLine();
  if (ImGui::Button("< Prev change")) session.run_to_previous_change();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("back to the previous change (P, Shift+Left)");
  ImGui::SameLine();
  if (ImGui::Button("< Step")) session.step_back_event();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("back one event (Left)");
  ImGui::BeginDisabled(run.finished());
  ImGui::SameLine();
  if (ImGui::Button("Step event")) session.step_event();
  ImGui::SameLine();
  ImGui::BeginDisabled(session.cluster() == nullptr);
  if (ImGui::Button("Next change")) session.run_to_next_change();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip("run until the next membership change, failure or timeline action (N, Shift+Right)");
  }
  ImGui::EndDisabled();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Restart")) session.restart();
  ImGui::SameLine();
  show_speed_slider(session);
  ImGui::SameLine();
  ImGui::TextUnformatted("  scenario");
  ImGui::SameLine();
  show_scenario_picker(session);
  ImGui::SameLine();
  const Scenario& scenario = session.run().scenario();
  ImGui::TextDisabled("%s, seed %llu", scenario.name.c_str(), static_cast<unsigned long long>(scenario.seed));
}

//------------------------------------------------------------------------------
// [SECTION] clock row
//------------------------------------------------------------------------------

void show_clock(Session& session, TimeScrubber& scrubber) {
  const Run& run = session.run();
  // While dragged the handle shows the dragged time, not the run's: resetting it from the
  // run every frame made the release seek to where the run already was (issue #25).
  double shown_s = scrubber.value_s(run.now_ns());
  const double end_s = ns_to_s(run.end_ns());
  const std::string label = (scrubber.holding() ? "seek to " + format_time_exact(seconds_to_ns(shown_s))
                                                : format_time_exact(run.now_ns())) +
                            " / " + format_time_s(run.end_ns());
  constexpr double kStart = 0;
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderScalar("##time", ImGuiDataType_Double, &shown_s, &kStart, &end_s, label.c_str(),
                      ImGuiSliderFlags_NoInput);
  if (ImGui::IsItemActive()) scrubber.hold(shown_s);
  // Seek once the drag ends: every intermediate value would restart the run.
  if (ImGui::IsItemDeactivated()) {
    if (const std::optional<TimeNs> target = scrubber.release()) session.seek(*target);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("drag to seek (a seek back restarts the run and replays it)");
}

//------------------------------------------------------------------------------
// [SECTION] status row
//------------------------------------------------------------------------------

// "copy repro": the `ringsim run` command giving this hash, copied to the clipboard and
// printed on stdout (a terminal keeps it when the clipboard has no owner, as under Xvfb).
void show_repro_button(Session& session, ViewSettings& view) {
  ImGui::SameLine();
  if (ImGui::SmallButton("copy repro")) {
    view.repro_command = repro_command(session);
    ImGui::SetClipboardText(view.repro_command.c_str());
    std::printf("%s\n", view.repro_command.c_str());
    std::fflush(stdout);
  }
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("copy the `ringsim run ... --until %s` command that prints this trace hash\n"
                      "(scenario, --seed, --set and every fault injected so far; --until-events N too\n"
                      "when the run stopped inside an instant, with events at this time still pending)",
                      format_seconds_exact(session.run().now_ns()).c_str());
  }
  if (view.repro_command.empty()) return;
  ImGui::SameLine();
  ImGui::TextDisabled("copied");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", view.repro_command.c_str());
  if (session.busy()) view.repro_command.clear();
}

void show_status(Session& session, ViewSettings& view) {
  const Run& run = session.run();
  ImGui::Text("events %s", format_count(run.simulator().events_executed()).c_str());
  ImGui::SameLine();
  ImGui::Text("   trace hash %s", format_trace_hash(run.simulator().trace_hash()).c_str());
  show_repro_button(session, view);
  ImGui::SameLine();
  const std::optional<TimeNs> next = session.next_event_ns();
  ImGui::Text("   next event %s", next && !run.finished() ? format_time_exact(*next).c_str() : "-");
  if (mid_instant(next, run.now_ns()) && !run.finished() && ImGui::IsItemHovered()) {
    ImGui::SetTooltip("more events at this instant are pending: `ringsim run --until` this time runs them all,\n"
                      "so copy repro adds --until-events %s to stop where the GUI stopped",
                      std::to_string(run.simulator().events_executed()).c_str());
  }
  ImGui::SameLine();
  if (session.busy()) {
    ImGui::TextColored(to_imvec4(kBusyColour), "   %s", session.progress_text().c_str());
  } else if (run.finished()) {
    ImGui::TextColored(to_imvec4(kBusyColour), "   finished (R restarts)");
  } else {
    ImGui::TextDisabled("   %s", session.playing() ? "playing" : "paused");
  }
}

// Text size and the maximized view, at the end of the status row.
void show_view_controls(float ui_scale, ViewSettings& view) {
  ImGui::SameLine();
  ImGui::TextDisabled("   text");
  ImGui::SameLine();
  if (ImGui::SmallButton("A-")) view.ui_scale_request = ui_scale / kTextScaleStep;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("smaller text (Ctrl+-)");
  ImGui::SameLine();
  if (ImGui::SmallButton("A+")) view.ui_scale_request = ui_scale * kTextScaleStep;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("larger text, e.g. on a projector (Ctrl+=)");
  ImGui::SameLine();
  ImGui::TextDisabled("  maximize");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * kViewComboWidthEm);
  if (ImGui::BeginCombo("##maximize", view.maximized == Panel::kNone ? "no view" : panel_name(view.maximized))) {
    for (const Panel panel : kPanels) {
      if (ImGui::Selectable(panel == Panel::kNone ? "no view" : panel_name(panel), panel == view.maximized)) {
        view.maximized = panel;
      }
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("one view over the whole window (keys 1-5; 0 shows all)");
}

// A scenario the picker could not load: its error (file, JSON pointer, what was expected)
// in a modal dialog over the views until dismissed; the current run goes on behind it. A
// modal, not a window: a plain window sat under the panels drawn after it (seen on screen).
void show_load_error(Session& session) {
  if (session.error().empty()) return;
  constexpr const char* kTitle = "Scenario error";
  if (!ImGui::IsPopupOpen(kTitle)) ImGui::OpenPopup(kTitle);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f, viewport->WorkPos.y + viewport->WorkSize.y * 0.3f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x * 0.5f, 0), ImGuiCond_Always);
  if (ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::PushStyleColor(ImGuiCol_Text, to_imvec4(kErrorColour));
    ImGui::TextWrapped("%s", session.error().c_str());
    ImGui::PopStyleColor();
    ImGui::TextDisabled("The current scenario keeps running.");
    if (ImGui::Button("Dismiss")) {
      session.clear_error();
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

// Anything that takes longer than this gets the indicator in the middle of the window.
constexpr auto kBusyIndicatorAfter = std::chrono::milliseconds(100);

// A step back, seek or rebuild under way: what it does and how far it got, over the views
// (a rebuild of a RAG scenario's indexes takes seconds; the frame shown meanwhile says so).
void show_busy_overlay(const Session& session) {
  if (!session.busy() || (!session.rebuild_pending() && session.busy_for() < kBusyIndicatorAfter)) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
                                 viewport->WorkPos.y + viewport->WorkSize.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(0.92f);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                      ImGuiWindowFlags_NoNav;
  if (ImGui::Begin("##busy", nullptr, kFlags)) {
    ImGui::TextColored(to_imvec4(kBusyColour), "%s", session.progress_text().c_str());
    ImGui::ProgressBar(static_cast<float>(session.progress()), ImVec2(ImGui::GetFontSize() * 24, 0));
    ImGui::TextDisabled("Stop (or Space) ends it where it is");
  }
  ImGui::End();
}

}  // namespace

void ShowTimelinePanel(Session& session, const RectF& rect, float ui_scale, ViewSettings& view) {
  if (rect.empty()) return;
  if (begin_panel("Timeline", rect)) {
    show_controls(session);
    show_clock(session, view.scrubber);
    show_status(session, view);
    show_view_controls(ui_scale, view);
  }
  ImGui::End();
  show_busy_overlay(session);
  show_load_error(session);
}

//------------------------------------------------------------------------------
// [SECTION] shortcuts
//------------------------------------------------------------------------------

namespace {

// Ctrl+= / Ctrl+- and the digit keys; true when `key` was one of them.
bool handle_view_key(const sf::Event::KeyEvent& key, float ui_scale, ViewSettings& view) {
  if (key.control && (key.code == sf::Keyboard::Equal || key.code == sf::Keyboard::Add)) {
    view.ui_scale_request = ui_scale * kTextScaleStep;
    return true;
  }
  if (key.control && (key.code == sf::Keyboard::Hyphen || key.code == sf::Keyboard::Subtract)) {
    view.ui_scale_request = ui_scale / kTextScaleStep;
    return true;
  }
  if (key.code == sf::Keyboard::F11 || (key.alt && key.code == sf::Keyboard::Enter)) {
    view.fullscreen_request = true;
    return true;
  }
  if (key.code == sf::Keyboard::Num0) {
    view.maximized = Panel::kNone;
    return true;
  }
  for (int i = 0; i < static_cast<int>(std::size(kPanelKeys)); ++i) {
    if (key.code != sf::Keyboard::Num1 + i) continue;
    view.maximized = view.maximized == kPanelKeys[i] ? Panel::kNone : kPanelKeys[i];
    return true;
  }
  return false;
}

}  // namespace

void HandleTimelineShortcuts(Session& session, const std::vector<sf::Event::KeyEvent>& key_presses, float ui_scale,
                             ViewSettings& view) {
  // Keys typed into a text field are the field's; otherwise every shortcut works, even
  // while ImGui holds the keyboard for something else (key_routing.h).
  const ImGuiContext& context = *ImGui::GetCurrentContext();
  const KeyFocus focus{ImGui::GetIO().WantTextInput,
                       context.ActiveId != 0 && context.ActiveId == context.InputTextState.ID,
                       ImGui::GetIO().WantCaptureKeyboard};
  if (route_key(focus) == KeyRoute::kTextField) return;
  for (const sf::Event::KeyEvent& key : key_presses) {
    if (handle_view_key(key, ui_scale, view)) continue;
    switch (key.code) {
      case sf::Keyboard::Space:
        session.set_playing(!session.playing());
        break;
      case sf::Keyboard::Right:
        if (key.shift) {
          session.run_to_next_change();
        } else {
          session.step_event();
        }
        break;
      case sf::Keyboard::Left:
        if (key.shift) {
          session.run_to_previous_change();
        } else {
          session.step_back_event();
        }
        break;
      case sf::Keyboard::P:
        session.run_to_previous_change();
        break;
      case sf::Keyboard::N:
        session.run_to_next_change();
        break;
      case sf::Keyboard::Add:
      case sf::Keyboard::Equal:
        session.set_speed(session.speed() * kSpeedStepFactor);
        break;
      case sf::Keyboard::Subtract:
      case sf::Keyboard::Hyphen:
        session.set_speed(session.speed() / kSpeedStepFactor);
        break;
      case sf::Keyboard::R:
        session.restart();
        break;
      default:
        break;
    }
  }
}

}  // namespace ringsim::viz
