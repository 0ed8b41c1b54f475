#include "viz/headless.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <vector>

#include "sim/trace.h"
#include "viz/app.h"
#include "viz/dag_panel.h"
#include "viz/format.h"
#include "viz/frame_pacer.h"
#include "viz/layout_dump.h"
#include "viz/video.h"

namespace ringsim::viz {
namespace {

// ImGui sizes auto-fitted columns from the previous frame; a few frames at the same
// virtual time let tables settle before the picture is taken.
constexpr int kSettleFrames = 3;
// Frame period fed to ImGui in headless modes (its animations, not the simulation).
constexpr float kHeadlessFrameS = 1.0f / 60;
// The benchmark advances speed * this much virtual time per frame: real time at 60 fps.
constexpr double kBenchFramesPerS = 60;
constexpr double kPercentile99 = 0.99;
// The benchmark names this many of its slowest frames.
constexpr std::size_t kSlowestFramesShown = 5;

using Clock = std::chrono::steady_clock;

double elapsed_ms(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

TimeNs until_or_end(const Session& session, const GuiOptions& options) {
  const TimeNs end_ns = session.run().end_ns();
  if (options.until_ns && *options.until_ns > end_ns) {
    std::cerr << "ringsim-gui: --until is past the scenario's end; stopping at " << format_time_s(end_ns) << "\n";
  }
  return std::min(options.until_ns.value_or(end_ns), end_ns);
}

void draw_frame(GuiWindow& gui, Views& views, Session& session) {
  gui.begin_frame(kHeadlessFrameS, /*poll_mouse=*/false);
  views.draw(gui, session, /*interactive=*/false);
  gui.end_frame();
}

void save(const sf::Image& image, const std::string& path) {
  if (!image.saveToFile(path)) throw OutputError("cannot write " + path);
}

void print_run_position(const Session& session) {
  std::cout << "trace hash " << format_trace_hash(session.run().simulator().trace_hash()) << "\n"
            << "sim time " << format_fixed(ns_to_s(session.run().now_ns()), 3) << " s\n"
            << "events " << session.run().simulator().events_executed() << "\n";
}

// Draws the frame that is saved, recording what went where when --layout-json asks.
void draw_recorded_frame(GuiWindow& gui, Views& views, Session& session, const GuiOptions& options) {
  if (options.layout_json_path.empty()) {
    draw_frame(gui, views, session);
    return;
  }
  LayoutDump dump;
  dump.width = gui.width();
  dump.height = gui.height();
  dump.ui_scale = gui.ui_scale();
  // The layout depends on it; the screenshot checker reads it back (tests/gui_test.cmake).
  dump.dag_graph = has_dag_runs(session);
  dump.maximized = panel_name(views.maximized());
  set_active_layout_dump(&dump);
  draw_frame(gui, views, session);
  set_active_layout_dump(nullptr);
  try {
    write_layout_json(dump, options.layout_json_path);
  } catch (const std::runtime_error& error) {
    throw OutputError(error.what());
  }
}

}  // namespace

int render_screenshot(GuiWindow& gui, Views& views, Session& session, const GuiOptions& options) {
  session.advance_to(until_or_end(session, options));
  for (int frame = 1; frame < kSettleFrames; ++frame) {
    draw_frame(gui, views, session);
    gui.present();
  }
  draw_recorded_frame(gui, views, session, options);
  save(gui.capture(), options.screenshot_path);
  gui.present();
  print_run_position(session);
  std::cout << "screenshot " << options.screenshot_path << " (" << gui.window().getSize().x << "x"
            << gui.window().getSize().y << ")\n";
  return kExitOk;
}

namespace {

// Where the frames go: --frames DIR, else (a video alone) a folder next to the video that
// is removed once the video is written.
std::filesystem::path frames_folder(const GuiOptions& options) {
  if (!options.frames_dir.empty()) return options.frames_dir;
  return std::filesystem::path(options.frames_video_path + ".frames");
}

}  // namespace

int render_frames(GuiWindow& gui, Views& views, Session& session, const GuiOptions& options) {
  // Fail before rendering anything when the video cannot be made.
  std::string ffmpeg;
  if (!options.frames_video_path.empty()) {
    ffmpeg = find_ffmpeg();
    if (ffmpeg.empty()) throw MissingToolError(kFfmpegMissingMessage);
  }
  const TimeNs to_ns = std::min(options.frames_to_ns.value_or(until_or_end(session, options)), session.run().end_ns());
  const TimeNs from_ns = std::min(options.frames_from_ns.value_or(0), to_ns);
  const auto step_ns = static_cast<TimeNs>(std::llround(kNsPerS / options.frames_per_s));
  const std::filesystem::path folder = frames_folder(options);
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw OutputError("cannot create " + folder.string() + ": " + error.message());
  // The span before the first frame is simulated without drawing anything.
  session.advance_to(from_ns);
  for (int frame = 1; frame < kSettleFrames; ++frame) {
    draw_frame(gui, views, session);
    gui.present();
  }
  std::uint64_t written = 0;
  for (TimeNs at_ns = from_ns; at_ns <= to_ns; at_ns += step_ns) {
    session.advance_to(at_ns);
    draw_frame(gui, views, session);
    char name[32];
    std::snprintf(name, sizeof name, "frame_%05llu.png", static_cast<unsigned long long>(written + 1));
    save(gui.capture(), (folder / name).string());
    gui.present();
    if (written == 0) {
      std::cout << "first frame at " << format_fixed(ns_to_s(session.run().now_ns()), 3) << " s, trace hash "
                << format_trace_hash(session.run().simulator().trace_hash()) << "\n";
    }
    written += 1;
  }
  print_run_position(session);
  std::cout << "frames " << written << " in " << folder.string() << " (" << options.frames_per_s
            << " per virtual second, " << format_fixed(ns_to_s(from_ns), 3) << " s to " << format_fixed(ns_to_s(to_ns), 3)
            << " s)\n";
  if (!options.frames_video_path.empty()) {
    encode_video(ffmpeg, folder, options.frames_per_s, options.frames_video_path);
    if (options.frames_dir.empty()) std::filesystem::remove_all(folder, error);
    std::cout << "video " << options.frames_video_path << "\n";
  }
  return kExitOk;
}

namespace {

// What the benchmark measured, one entry per counted frame.
struct FrameTimes {
  std::vector<double> frame_ms;
  std::vector<double> sim_ms;
  std::vector<TimeNs> frame_at_ns;  // virtual time each frame showed
};

// The first frames build every cache (textures, glyphs, the ring's pictures) and let
// ImGui size its tables, as a window does once when it opens: drawn at the start time,
// timed apart, not counted. Returns their total time.
double draw_settle_frames(GuiWindow& gui, Views& views, Session& session, FramePacer& pacer) {
  double settle_ms = 0;
  for (int frame = 0; frame < kSettleFrames; ++frame) {
    const Clock::time_point begin = Clock::now();
    draw_frame(gui, views, session);
    gui.present();
    gui.finish_gpu();
    const Clock::time_point end = Clock::now();
    settle_ms += elapsed_ms(begin, end);
    pacer.record_draw(end - begin);
  }
  return settle_ms;
}

// At "max" speed (`paced`) a frame simulates for as long as the interactive loop would let
// it (FramePacer); slower, it advances exactly `step_ns`, whatever that costs.
FrameTimes time_frames(GuiWindow& gui, Views& views, Session& session, FramePacer& pacer, std::uint64_t frames,
                       bool paced, TimeNs step_ns) {
  FrameTimes times;
  times.frame_ms.reserve(frames);
  for (std::uint64_t frame = 0; frame < frames; ++frame) {
    // As the interactive loop does: the run advances while the picture of the state
    // before is being rendered.
    const Clock::time_point begin = Clock::now();
    times.frame_at_ns.push_back(session.run().now_ns());
    draw_frame(gui, views, session);
    gui.flush();
    const Clock::time_point sim_start = Clock::now();
    if (paced) {
      session.pump(1 / kBenchFramesPerS, pacer.sim_budget());
    } else {
      session.advance_to(session.run().now_ns() + step_ns);
    }
    const Clock::time_point sim_end = Clock::now();
    gui.finish_gpu();
    const Clock::time_point rendered = Clock::now();
    gui.present();
    gui.finish_gpu();
    const Clock::time_point end = Clock::now();
    times.frame_ms.push_back(elapsed_ms(begin, end));
    times.sim_ms.push_back(elapsed_ms(sim_start, sim_end));
    pacer.record_draw((sim_start - begin) + (end - rendered));
  }
  return times;
}

double mean_of(const std::vector<double>& values) {
  double sum = 0;
  for (const double value : values) sum += value;
  return values.empty() ? 0 : sum / static_cast<double>(values.size());
}

// Where the time went in the slowest frames (a membership change or a node's new state
// redraws the ring's cached pictures).
void print_slowest_frames(const FrameTimes& times) {
  std::vector<std::size_t> slowest(times.frame_ms.size());
  for (std::size_t frame = 0; frame < slowest.size(); ++frame) slowest[frame] = frame;
  const std::size_t shown = std::min(kSlowestFramesShown, slowest.size());
  std::partial_sort(slowest.begin(), slowest.begin() + static_cast<std::ptrdiff_t>(shown), slowest.end(),
                    [&](std::size_t a, std::size_t b) { return times.frame_ms[a] > times.frame_ms[b]; });
  std::cout << "slowest frames:";
  for (std::size_t i = 0; i < shown; ++i) {
    const std::size_t frame = slowest[i];
    std::cout << (i == 0 ? " " : ", ") << "#" << frame << " at " << format_time_s(times.frame_at_ns[frame]) << " "
              << format_fixed(times.frame_ms[frame], 1) << " ms (sim " << format_fixed(times.sim_ms[frame], 1)
              << ")";
  }
  std::cout << "\n";
}

}  // namespace

int bench_frames(GuiWindow& gui, Views& views, Session& session, const GuiOptions& options) {
  session.advance_to(std::min(options.until_ns.value_or(0), session.run().end_ns()));
  const TimeNs start_ns = session.run().now_ns();
  const auto step_ns = static_cast<TimeNs>(std::llround(options.speed * kNsPerS / kBenchFramesPerS));
  const bool paced = options.speed >= kSpeedUnlimited;
  session.set_speed(options.speed);
  session.set_playing(paced);
  FramePacer pacer;
  const double settle_ms = draw_settle_frames(gui, views, session, pacer);
  const FrameTimes times = time_frames(gui, views, session, pacer, options.bench_frames, paced, step_ns);
  std::vector<double> sorted = times.frame_ms;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t p99_index = static_cast<std::size_t>(std::ceil(kPercentile99 * sorted.size())) - 1;
  print_run_position(session);
  const std::string per_frame = paced ? "max speed: simulating within the interactive budget"
                                     : format_fixed(ns_to_s(step_ns) * 1e3, 2) + " ms virtual per frame";
  std::cout << "bench frames " << times.frame_ms.size() << " from " << format_time_s(start_ns) << " to "
            << format_time_s(session.run().now_ns()) << " (" << per_frame << ")\n"
            << "frame time mean " << format_fixed(mean_of(times.frame_ms), 2) << " ms, p99 "
            << format_fixed(sorted[p99_index], 2) << " ms, max " << format_fixed(sorted.back(), 2)
            << " ms (of which simulation mean " << format_fixed(mean_of(times.sim_ms), 2) << " ms), after "
            << kSettleFrames << " frames at the start time, not counted, taking " << format_fixed(settle_ms, 1)
            << " ms\n"
            << "vertices per frame: ring " << views.ring_vertex_count() << ", imgui "
            << ImGui::GetIO().MetricsRenderVertices << "\n";
  print_slowest_frames(times);
  return kExitOk;
}

}  // namespace ringsim::viz
