// --bench-seek T (viz/headless.h): how much slower a seek is in the window than headless.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>
#include <vector>

#include "sim/trace.h"
#include "viz/format.h"
#include "viz/frame_loop.h"
#include "run/exit_codes.h"
#include "viz/headless.h"

namespace ringsim::viz {
namespace {

using Clock = std::chrono::steady_clock;

// ImGui sizes its tables from the previous frame and the ring builds its cached pictures
// once: a window's first frames, drawn before the seek starts and not timed.
constexpr int kSettleFrames = 3;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct SeekRound {
  double headless_s = 0;
  double gui_s = 0;
  std::uint64_t frames = 0;
};

// The run from 0 to target headless, as `ringsim run --until` advances it (without its
// setup: the run is built before the clock starts).
double time_headless(const Scenario& scenario, TimeNs target_ns, std::uint64_t& hash) {
  Run run(scenario);
  const Clock::time_point start = Clock::now();
  run.advance_to(target_ns);
  const double seconds = seconds_since(start);
  hash = run.simulator().trace_hash();
  return seconds;
}

// The same seek in the window: a fresh run, its first frames, then frames as the
// interactive loop draws them (60 fps cap included) until the seek is done.
double time_gui(GuiWindow& gui, Views& views, Session& session, TimeNs target_ns, std::uint64_t& frames) {
  session.restart();
  session.set_playing(false);
  FramePacer pacer;
  for (int frame = 0; frame < kSettleFrames; ++frame) run_frame(gui, views, session, pacer, 1.0f / 60, false);
  session.seek(target_ns);
  const Clock::time_point start = Clock::now();
  Clock::time_point frame_start = start;
  frames = 0;
  while (session.busy()) {
    const Clock::time_point now = Clock::now();
    const float dt_s = std::chrono::duration<float>(now - frame_start).count();
    frame_start = now;
    run_frame(gui, views, session, pacer, dt_s, false);
    frames += 1;
    std::this_thread::sleep_until(frame_start + FramePacer::kFramePeriod);
  }
  return seconds_since(start);
}

std::string spread(std::vector<double> values, int decimals) {
  std::sort(values.begin(), values.end());
  return format_fixed(values[values.size() / 2], decimals) + " [" + format_fixed(values.front(), decimals) + ", " +
         format_fixed(values.back(), decimals) + "]";
}

}  // namespace

int bench_seek(GuiWindow& gui, Views& views, Session& session, const GuiOptions& options) {
  const TimeNs target_ns = std::min(options.bench_seek_ns, session.run().end_ns());
  std::vector<double> headless_s, gui_s, ratio;
  for (std::uint32_t round = 0; round < options.bench_rounds; ++round) {
    SeekRound result;
    std::uint64_t headless_hash = 0;
    result.headless_s = time_headless(session.scenario(), target_ns, headless_hash);
    result.gui_s = time_gui(gui, views, session, target_ns, result.frames);
    if (session.run().simulator().trace_hash() != headless_hash || session.run().now_ns() != target_ns) {
      std::cerr << "ringsim-gui: the seek ended at another state than the headless run (a defect)\n";
      return kExitFailed;
    }
    std::cout << "round " << round + 1 << ": headless " << format_fixed(result.headless_s, 3) << " s, gui seek "
              << format_fixed(result.gui_s, 3) << " s in " << result.frames << " frames ("
              << format_fixed(result.gui_s / result.headless_s, 2) << "x)\n";
    headless_s.push_back(result.headless_s);
    gui_s.push_back(result.gui_s);
    ratio.push_back(result.gui_s / result.headless_s);
  }
  std::cout << "trace hash " << format_trace_hash(session.run().simulator().trace_hash()) << " at "
            << format_time_s(target_ns) << "\n"
            << "seek 0 -> " << format_time_s(target_ns) << ", median [min, max] of " << gui_s.size()
            << " rounds: headless " << spread(headless_s, 3) << " s, gui " << spread(gui_s, 3) << " s, gui/headless "
            << spread(ratio, 2) << "\n";
  return kExitOk;
}

}  // namespace ringsim::viz
