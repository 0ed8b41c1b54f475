// Timeline panel (ImGui): play/pause, step one event, run to the next change, restart,
// playback speed, a time scrubber that seeks, the scenario picker, and the run's clock,
// event count and trace hash. Also the keyboard shortcuts for the same commands.
#pragma once

#include <SFML/Window/Event.hpp>
#include <string>
#include <vector>

#include "viz/layout.h"
#include "viz/session.h"
#include "viz/time_scrubber.h"

namespace ringsim::viz {

// How the views are shown, changed from the timeline (and keys): which view is maximized,
// and a text size asked for (applied by the caller before the next frame).
struct ViewSettings {
  Panel maximized = Panel::kNone;
  Panel tab = Panel::kCluster;  // the compact layout's right-column panel (layout.h)
  float ui_scale_request = 0;  // 0: no change asked
  bool fullscreen_request = false;  // F11: the caller toggles fullscreen before the next frame
  TimeScrubber scrubber;            // the time slider's handle while it is dragged
  std::string repro_command;        // the last "copy repro command", shown until dismissed
};

void ShowTimelinePanel(Session& session, const RectF& rect, float ui_scale, ViewSettings& view);
// space play/pause, Right step, Shift+Right or N next change, +/- speed, R restart.
// Ignored while a text field has the keyboard. Takes the frame's key presses as events
// (not ImGui's polled key state), so a tap shorter than a slow frame is not lost.
// Also Ctrl+= / Ctrl+- text size, 0 tiled views, 1-5 maximize ring, cluster, latency, DAG, log.
void HandleTimelineShortcuts(Session& session, const std::vector<sf::Event::KeyEvent>& key_presses, float ui_scale,
                             ViewSettings& view);

}  // namespace ringsim::viz
