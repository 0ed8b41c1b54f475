// One frame of the interactive loop, shared by the window (app.cpp) and the benchmarks
// that must feel what a person feels (--bench-seek): build the picture, hand it to the
// renderer, advance the run while it rasterizes, present it, and tell the pacer what the
// drawing cost. The next frame shows the state the run reached.
//
// While the session is busy (a seek, a step back, Next change) the run gets
// FramePacer::kBusySimBudget per frame instead of what a 60 fps frame leaves after the
// drawing, so a seek runs at close to headless speed (docs/gui.md, Performance).
#pragma once

#include "viz/frame_pacer.h"
#include "viz/gui_window.h"
#include "viz/session.h"
#include "viz/views.h"

namespace ringsim::viz {

// interactive: hover, keys and the pointer (off in benchmarks, which must not depend on it).
void run_frame(GuiWindow& gui, Views& views, Session& session, FramePacer& pacer, float dt_s, bool interactive);

}  // namespace ringsim::viz
