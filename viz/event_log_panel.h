// Event log (ImGui): the model's change records (joins, removals, crashes, declarations,
// timeline actions) as a table with a text filter. Clicking a time seeks there.
#pragma once

#include <imgui.h>

#include "viz/layout.h"
#include "viz/session.h"

namespace ringsim::viz {

struct EventLogState {
  ImGuiTextFilter filter;
};

void ShowEventLogPanel(Session& session, const RectF& rect, EventLogState& state);

}  // namespace ringsim::viz
