// The command line of ringsim-gui: which scenario to show and, for headless use, what to
// render (one screenshot, a PNG sequence, or a frame-time benchmark).
//
//   ringsim-gui [SCENARIO.json] [--seed N] [--set /ptr=value ...] [--until 40s]
//               [--screenshot out.png | --frames DIR [--fps N] | --bench-frames N |
//                --bench-seek T [--bench-rounds N]]
//               [--frames-from T] [--frames-to T] [--frames-video out.mp4|out.gif]
//               [--speed X] [--size 1600x1000] [--ui-scale X] [--font-scale X]
//               [--maximize PANEL] [--layout-json FILE]
//               [--inject "20s fail_node 2" ...] [--save-scenario FILE]
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/time.h"
#include "viz/layout.h"

namespace ringsim::viz {

// Shown when no scenario is given; resolved against the source tree when the working
// directory has no scenarios/ folder.
inline constexpr const char* kDefaultScenario = "scenarios/node_join.json";

// The window size of headless renders (what the tests and docs screenshots use); an
// interactive window also shrinks to fit the desktop.
inline constexpr unsigned kDefaultWidthPx = 1600;
inline constexpr unsigned kDefaultHeightPx = 1000;

enum class GuiMode { kInteractive, kScreenshot, kFrames, kBench, kBenchSeek };

struct GuiOptions {
  std::string scenario_path = kDefaultScenario;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> set_texts;
  std::optional<TimeNs> until_ns;  // virtual time to run to before rendering
  std::vector<std::string> inject_texts;  // timeline actions to add (run/injection.h)
  std::string save_scenario_path;         // write the scenario as run here
  GuiMode mode = GuiMode::kInteractive;
  std::string screenshot_path;
  std::string frames_dir;  // empty with --frames-video alone: a temporary folder
  double frames_per_s = 30;
  std::optional<TimeNs> frames_from_ns;  // first frame's virtual time (default 0)
  std::optional<TimeNs> frames_to_ns;    // last frame's (default --until, else the end)
  std::string frames_video_path;         // .mp4 or .gif, encoded by ffmpeg
  std::string layout_json_path;          // headless: what was drawn where (layout_dump.h)
  Panel maximized = Panel::kNone;
  std::uint64_t bench_frames = 0;
  TimeNs bench_seek_ns = 0;        // --bench-seek T: seek from 0 to T as the window does
  std::uint32_t bench_rounds = 3;  // --bench-rounds: interleaved rounds of --bench-seek
  double speed = 1;  // virtual seconds per wall second
  unsigned width_px = kDefaultWidthPx;
  unsigned height_px = kDefaultHeightPx;
  bool size_given = false;        // --size was on the command line
  std::optional<float> ui_scale;  // HiDPI factor; detected when absent
  // Text and widget size on top of ui_scale, for projectors; absent (and no --ui-scale):
  // auto_font_scale() of the window's size.
  std::optional<float> font_scale;
};

// The font scale a window gets by default: its height over 900 px (at ui_scale 1),
// between 1 and 2, in steps of 0.1: 1 up to 1000 px tall, 1.2 at 1080, 1.6 at 1440.
float auto_font_scale(unsigned height_px, float ui_scale);
// The largest UI scale a window `height_px` high takes: it keeps kLogicalHeightMinPx
// points of height (below that the views hold a few lines each: 1280x720 at scale 2 is
// 640x360 points, smaller than a phone). Never below 1.
inline constexpr float kLogicalHeightMinPx = 480;
float ui_scale_cap(float height_px);

// Bad command line: the message says what is wrong; main() prints it and exits 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "40s", "500ms", "2.5" (seconds) -> nanoseconds. Throws UsageError.
// `option` names the option in the message.
TimeNs parse_duration_ns(const std::string& text, const std::string& option = "--until");

// Returns nullopt when --help was printed (exit 0). Throws UsageError.
std::optional<GuiOptions> parse_gui_options(int argc, char** argv);

}  // namespace ringsim::viz
