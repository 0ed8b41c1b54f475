// Teacher mode's rule: playback pauses whenever a new caption appears, the very first one
// included (a tour never plays past its introduction), but not when the run is rebuilt to
// the same place (an injection or a step back replays to where you were).
#pragma once

#include <cstdint>
#include <optional>

namespace ringsim::viz {

struct CaptionFollow {
  std::optional<std::size_t> shown;  // caption shown in the previous frame
  std::uint64_t generation = 0;      // of the run it was computed for
  bool started = false;              // a frame was seen
};

// Called once per frame with the caption now active; true: pause now.
bool pause_for_caption(CaptionFollow& follow, std::optional<std::size_t> active, std::uint64_t generation,
                       bool teacher_mode, bool playing);

}  // namespace ringsim::viz
