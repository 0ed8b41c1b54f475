// Timeline panel (ImGui): play/pause, step one event, run to the next change, restart,
// playback speed, a time scrubber that seeks, the scenario picker, and the run's clock,
// event count and trace hash. Also the keyboard shortcuts for the same commands.
#pragma once

#include <SFML/Window/Event.hpp>
#include <vector>

#include "viz/layout.h"
#include "viz/session.h"

namespace ringsim::viz {

void ShowTimelinePanel(Session& session, const RectF& rect);
// space play/pause, Right step, Shift+Right or N next change, +/- speed, R restart.
// Ignored while a text field has the keyboard. Takes the frame's key presses as events
// (not ImGui's polled key state), so a tap shorter than a slow frame is not lost.
void HandleTimelineShortcuts(Session& session, const std::vector<sf::Event::KeyEvent>& key_presses);

}  // namespace ringsim::viz
