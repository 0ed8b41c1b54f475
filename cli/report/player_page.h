// The browser player: `ringsim run S --player FILE.html` and `ringsim player RUN_DIR -o
// FILE.html` write one self-contained HTML page that replays a run: the ring (tokens,
// owners, the arcs a membership change moves), latency percentiles over time with the
// run's action markers, node states over time, the narration's captions at their times,
// and a timeline to scrub, play, pause and speed up.
//
// Self-contained: the run's data (player_data.h) is inlined as JSON, the script and styles
// are inline; nothing loads from the network or another file (no src=, href=, url(),
// import or fetch). Unlike the report (report_page.h), this page runs a script.
//
// For tests and links: FILE.html#t=12.5 opens at 12.5 s; window.ringsimPlayer has
// seek(t), play(), pause(), setSpeed(x) and state() (time, window, caption, values shown).
#pragma once

#include <string>

#include "cli/report/run_data.h"

namespace ringsim::player {

std::string build_player_html(const report::RunData& run);

}  // namespace ringsim::player
