#include "viz/frame_loop.h"

#include <algorithm>
#include <chrono>

namespace ringsim::viz {
namespace {

// A stall (window dragged, machine busy) must not turn into a jump of virtual time.
constexpr double kFrameDtMaxS = 0.1;

}  // namespace

void run_frame(GuiWindow& gui, Views& views, Session& session, FramePacer& pacer, float dt_s, bool interactive) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point frame_start = Clock::now();
  gui.begin_frame(dt_s, /*poll_mouse=*/interactive);
  views.draw(gui, session, interactive);
  gui.end_frame();
  // The run advances while the renderer rasterizes this picture (on its own threads or
  // the GPU); the next frame shows the result. Every draw call has copied what it read,
  // so the run may change now.
  gui.flush();
  const Clock::time_point sim_start = Clock::now();
  // The speed reached while playing: this frame's wall time against the virtual time it
  // advanced (a frame that plays from a new run, or not at all, starts the figure afresh).
  const bool playing = session.playing() && !session.busy();
  const std::uint64_t generation = session.generation();
  const TimeNs before_ns = session.run().now_ns();
  session.pump(std::min<double>(dt_s, kFrameDtMaxS), pacer.sim_budget(session.busy()));
  if (playing && session.generation() == generation) {
    session.achieved_speed().add(dt_s, ns_to_s(session.run().now_ns() - before_ns));
  } else {
    session.achieved_speed().reset();
  }
  gui.finish_gpu();
  const Clock::time_point rendered = Clock::now();
  gui.present();
  // What the simulation cannot overlap: building the picture, and presenting it.
  pacer.record_draw((sim_start - frame_start) + (Clock::now() - rendered));
}

}  // namespace ringsim::viz
