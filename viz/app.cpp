#include "viz/app.h"

#include <SFML/System/Clock.hpp>
#include <SFML/Window/VideoMode.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "run/injection.h"
#include "viz/fonts.h"
#include "viz/frame_loop.h"
#include "viz/frame_pacer.h"
#include "viz/gui_window.h"
#include "viz/headless.h"
#include "viz/session.h"
#include "viz/video.h"
#include "viz/views.h"
#include "viz/options.h"

#ifndef RINGSIM_SOURCE_DIR
#define RINGSIM_SOURCE_DIR "."
#endif

namespace ringsim::viz {
namespace {

// Share of the desktop an interactive window may take by default (room for panels and
// window decorations).
constexpr double kDesktopShareMax = 0.92;

// The default scenario from a build directory or elsewhere: fall back to the source tree.
std::string resolve_scenario(const std::string& path) {
  if (path != kDefaultScenario || std::filesystem::exists(path)) return path;
  const std::filesystem::path in_source = std::filesystem::path(RINGSIM_SOURCE_DIR) / path;
  return std::filesystem::exists(in_source) ? in_source.string() : path;
}

ScenarioSource source_from(const GuiOptions& options) {
  ScenarioSource source;
  source.path = resolve_scenario(options.scenario_path);
  for (const std::string& text : options.set_texts) source.overrides.push_back(parse_override(text));
  source.seed = options.seed;
  for (const std::string& text : options.inject_texts) {
    try {
      source.injections.push_back(parse_injection(text));
    } catch (const std::invalid_argument& error) {
      throw UsageError("--inject \"" + text + "\": " + error.what());
    }
  }
  return source;
}

// The default window shrinks to fit small desktops; an explicit --size is kept.
sf::Vector2u window_size(const GuiOptions& options, bool interactive) {
  if (!interactive || options.size_given) return {options.width_px, options.height_px};
  const sf::VideoMode desktop = sf::VideoMode::getDesktopMode();
  const auto fit = [](unsigned wanted, unsigned available) {
    return std::min(wanted, static_cast<unsigned>(available * kDesktopShareMax));
  };
  return {fit(options.width_px, desktop.width), fit(options.height_px, desktop.height)};
}

int run_interactive(GuiWindow& gui, Views& views, Session& session, const GuiOptions& options) {
  session.set_speed(options.speed);
  if (options.until_ns) {
    session.seek(*options.until_ns);
  } else {
    session.set_playing(true);
  }
  sf::Clock clock;
  FramePacer pacer;
  using Clock = std::chrono::steady_clock;
  while (gui.process_events()) {
    const Clock::time_point frame_start = Clock::now();
    run_frame(gui, views, session, pacer, clock.restart().asSeconds(), /*interactive=*/true);
    // At most 60 frames per second (the window has no frame limit of its own, so the
    // times measured above are the frame's alone).
    std::this_thread::sleep_until(frame_start + FramePacer::kFramePeriod);
  }
  return kExitOk;
}

}  // namespace

int run_app(const GuiOptions& options) {
  // The scenario is checked before a window opens, so bad input fails fast (exit 2).
  Session session(source_from(options));
  if (!options.save_scenario_path.empty()) {
    try {
      session.save_scenario(options.save_scenario_path);
    } catch (const std::runtime_error& error) {
      throw OutputError(error.what());
    }
  }
  // A video needs ffmpeg: say so before any window opens or any frame is rendered.
  if (!options.frames_video_path.empty() && find_ffmpeg().empty()) throw MissingToolError(kFfmpegMissingMessage);
  require_display();
  const bool interactive = options.mode == GuiMode::kInteractive;
  const float ui_scale = options.ui_scale.value_or(interactive ? detect_ui_scale() : 1.0f);
  const sf::Vector2u size = window_size(options, interactive);
  // A projector's 1920x1080 gets larger text than a 1600x1000 desktop window; an explicit
  // --ui-scale is taken as it is.
  const float font_scale = options.font_scale.value_or(options.ui_scale ? 1.0f : auto_font_scale(size.y, ui_scale));
  float scale = ui_scale * font_scale;
  if (const float cap = ui_scale_cap(static_cast<float>(size.y)); scale > cap) {
    std::fprintf(stderr,
                 "ringsim-gui: text scale %.2f is capped at %.2f for a window %u px high (the views need %.0f points "
                 "of height; a larger window takes a larger scale)\n",
                 scale, cap, size.y, kLogicalHeightMinPx);
    scale = cap;
  }
  GuiWindow gui(size.x, size.y, scale, interactive);
  Views views(gui.font());
  views.set_maximized(options.maximized);
  switch (options.mode) {
    case GuiMode::kInteractive:
      return run_interactive(gui, views, session, options);
    case GuiMode::kScreenshot:
      return render_screenshot(gui, views, session, options);
    case GuiMode::kFrames:
      return render_frames(gui, views, session, options);
    case GuiMode::kBench:
      return bench_frames(gui, views, session, options);
    case GuiMode::kBenchSeek:
      return bench_seek(gui, views, session, options);
  }
  return kExitOk;
}

}  // namespace ringsim::viz
