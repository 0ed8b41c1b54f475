// Narration (ImGui): the scenario's current caption (run/narration.h) across the top of the
// ring view, large enough to read on a projector, with the scenario's description one click
// away. Teacher mode pauses playback whenever a new caption appears, until Next.
// Before the first caption the band shows the scenario's name; its description is one
// click away. Scenarios without narration get no band (their ring keeps its full area).
#pragma once

#include <cstdint>
#include <optional>

#include "viz/layout.h"
#include "viz/session.h"

namespace ringsim::viz {

struct NarrationState {
  bool teacher_mode = true;
  std::optional<std::size_t> shown;  // caption shown in the previous frame
  std::uint64_t generation = 0;      // of the run it was computed for
};

// The band at the top of the ring view that the narration takes (empty when the scenario
// has no narration); the ring is drawn below it.
RectF narration_band(const Session& session, const RectF& ring_rect);

// Draws the narration inside `band`.
void ShowNarrationPanel(Session& session, const RectF& band, NarrationState& state);

}  // namespace ringsim::viz
