// The browser player's inline script, in two parts (player_page.h puts them in the page):
// the state, controls and text panels (player_script.cpp), and the drawings: ring, latency
// chart, node lanes (player_charts.cpp). Plain ES2017, no library.
#pragma once

namespace ringsim::player {

const char* player_script_core();
const char* player_script_charts();

}  // namespace ringsim::player
