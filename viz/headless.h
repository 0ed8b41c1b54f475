// The headless modes: render without a person watching, as fast as the machine allows.
// Each prints the trace hash and the virtual time reached, so a render can be checked
// against `ringsim run` of the same scenario.
#pragma once

#include "viz/gui_window.h"
#include "viz/options.h"
#include "viz/session.h"
#include "viz/views.h"

namespace ringsim::viz {

// Runs to --until (default: the end), renders all views once, saves the PNG.
int render_screenshot(GuiWindow& gui, Views& views, Session& session, const GuiOptions& options);
// DIR/frame_00001.png...: one frame every 1/fps s of virtual time from 0 to --until.
int render_frames(GuiWindow& gui, Views& views, Session& session, const GuiOptions& options);
// Renders --bench-frames frames from --until (default 0), advancing speed/60 s of virtual
// time per frame; prints mean and p99 frame time.
int bench_frames(GuiWindow& gui, Views& views, Session& session, const GuiOptions& options);
// --bench-seek T: per round (interleaved), the run from 0 to T headless (Run::advance_to,
// the run built beforehand and not timed, as `ringsim run --until T` minus its setup), then
// the same seek in the GUI the way the window runs it (frames drawn, run_frame, 60 fps
// cap), from a fresh run; prints each round, then median [min, max] of both and the ratio.
int bench_seek(GuiWindow& gui, Views& views, Session& session, const GuiOptions& options);

}  // namespace ringsim::viz
