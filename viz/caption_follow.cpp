#include "viz/caption_follow.h"

namespace ringsim::viz {

bool pause_for_caption(CaptionFollow& follow, std::optional<std::size_t> active, std::uint64_t generation,
                       bool teacher_mode, bool playing) {
  const bool same_run = !follow.started || follow.generation == generation;
  const bool pause = same_run && active && active != follow.shown && teacher_mode && playing;
  follow.shown = active;
  follow.generation = generation;
  follow.started = true;
  return pause;
}

}  // namespace ringsim::viz
