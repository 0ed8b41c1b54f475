// Narration (ImGui): the scenario's current caption (run/narration.h) across the top of the
// ring view, large enough to read on a projector, with the scenario's description one click
// away. Teacher mode pauses playback whenever a new caption appears, until Next.
// Before the first caption the band shows the scenario's name; its description is one
// click away. Scenarios without narration get no band (their ring keeps its full area).
// Captions follow the run (templates, premises, run/narration.h): a caption whose premise
// fails in this run is shown with a warning line naming it. While a caption's moment lasts
// (its "slow_motion") playback is capped to that speed. Below the caption, "what you should
// see": the scenario's expectations, ticked live (viz/checklist.h). The first caption pauses
// too, so a tour never starts playing past its introduction.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "viz/caption_follow.h"
#include "viz/checklist.h"

#include "viz/layout.h"
#include "viz/session.h"

namespace ringsim::viz {

struct NarrationState {
  bool teacher_mode = true;
  CaptionFollow follow;
  // The checklist, recomputed when virtual time or the run changed.
  std::vector<ChecklistItem> checklist;
  TimeNs checklist_ns = -1;
  std::uint64_t checklist_generation = 0;
  int checklist_frame = 0;
};

// The band at the top of the ring view that the narration takes (empty when the scenario
// has no narration); the ring is drawn below it.
RectF narration_band(const Session& session, const RectF& ring_rect);

// Draws the narration inside `band`.
void ShowNarrationPanel(Session& session, const RectF& band, NarrationState& state);

}  // namespace ringsim::viz
