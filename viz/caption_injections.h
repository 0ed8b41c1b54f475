// What the viewer changed since the shown caption appeared: a fault injected from the GUI
// (or --inject) after a caption was shown changes the cluster that caption talks about,
// while the ring already shows the new state. Tour 3's "node 3 will crash at 5 s", shown
// at 4.5 s, stays on screen after failing node 1 at 4.6 s and pausing; the band then marks
// it "[!] since this caption: node 1 was failed by you (at 4.600 s)", so band and ring agree
// on what happened. Pure: the caption's time, the injections (run/injection.h entries) and
// now.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/time.h"

namespace ringsim::viz {

// One phrase per injection after caption_ns and at or before now_ns, in order:
// "node 1 was failed by you (at 4.600 s)". Empty when nothing was injected since.
std::vector<std::string> injected_since(TimeNs caption_ns, const std::vector<nlohmann::json>& injections,
                                        TimeNs now_ns);

}  // namespace ringsim::viz
