#include "viz/options.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <iostream>

#include "run/option_values.h"

namespace ringsim::viz {
namespace {

constexpr double kFramesPerSMax = 240;
constexpr double kSpeedMin = 0.1;
constexpr double kSpeedMax = 1e6;
constexpr std::uint64_t kBenchFramesMax = 1'000'000;
constexpr std::uint32_t kBenchRoundsMax = 100;
constexpr unsigned kWindowSideMinPx = 320;
constexpr unsigned kWindowSideMaxPx = 8192;
constexpr float kUiScaleMin = 0.5f;
constexpr float kUiScaleMax = 4.0f;

double parse_number(const std::string& text, const std::string& what) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end || !std::isfinite(value)) {
    throw UsageError(what + ": \"" + text + "\" is not a number");
  }
  return value;
}

// "1600x1000" -> width, height.
void parse_size(const std::string& text, unsigned& width, unsigned& height) {
  const std::size_t x = text.find('x');
  if (x == std::string::npos) throw UsageError("--size: expected WIDTHxHEIGHT, e.g. 1600x1000, got \"" + text + "\"");
  const double w = parse_number(text.substr(0, x), "--size width");
  const double h = parse_number(text.substr(x + 1), "--size height");
  if (w < kWindowSideMinPx || h < kWindowSideMinPx || w > kWindowSideMaxPx || h > kWindowSideMaxPx ||
      w != std::floor(w) || h != std::floor(h)) {
    throw UsageError("--size: each side must be a whole number of pixels in [" + std::to_string(kWindowSideMinPx) +
                     ", " + std::to_string(kWindowSideMaxPx) + "], got \"" + text + "\"");
  }
  width = static_cast<unsigned>(w);
  height = static_cast<unsigned>(h);
}

}  // namespace

float auto_font_scale(unsigned height_px, float ui_scale) {
  constexpr float kReferenceHeightPx = 900;
  constexpr float kStep = 0.1f;
  const float raw = static_cast<float>(height_px) / ui_scale / kReferenceHeightPx;
  return std::clamp(std::floor(raw / kStep + 1e-4f) * kStep, 1.0f, 2.0f);
}

float ui_scale_cap(float height_px) { return std::max(1.0f, height_px / kLogicalHeightMinPx); }

TimeNs parse_duration_ns(const std::string& text, const std::string& option) {
  const std::optional<double> seconds = parse_virtual_time_s(text);
  if (!seconds || *seconds * kNsPerS > static_cast<double>(kTimeNsMax)) {
    throw UsageError(option + ": \"" + text + "\" must be a virtual time >= 0, e.g. 40s, 500ms or 12.5");
  }
  return seconds_to_ns(*seconds);
}

namespace {

// What CLI11 fills in before it is checked and turned into GuiOptions.
struct RawOptions {
  std::string until_text;
  std::string size_text;
  std::optional<double> fps;
  std::optional<double> speed;
  std::optional<float> ui_scale;
  std::optional<float> font_scale;
  std::string frames_from_text;
  std::string frames_to_text;
  std::string maximize_text;
  CLI::Option* screenshot = nullptr;
  CLI::Option* frames = nullptr;
  CLI::Option* bench = nullptr;
  std::string bench_seek_text;
  CLI::Option* bench_seek = nullptr;
  std::optional<std::uint32_t> bench_rounds;
};

// Declares every option; values land in `options` directly or in `raw` to be checked.
void add_gui_options(CLI::App& app, GuiOptions& options, RawOptions& raw) {
  app.add_option("scenario", options.scenario_path, "Scenario file (JSON); default " + std::string(kDefaultScenario));
  app.add_option("--seed", options.seed, "Override the scenario's seed")
      ->check(CLI::Validator([](std::string& text) { return seed_text_problem(text); }, "UINT64"));
  app.add_option("--set", options.set_texts,
                 "Override a scenario value by JSON pointer, e.g. --set /cluster/nodes=64 (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--inject", options.inject_texts,
                 "Add a timeline action: \"TIME ACTION [SUBJECT] [KEY=VALUE ...]\", e.g. \"20s fail_node 2\" "
                 "(repeatable; docs/gui.md)")
      ->allow_extra_args(false);
  app.add_option("--save-scenario", options.save_scenario_path,
                 "Write the scenario as run (with --set, --seed and --inject applied) to FILE; "
                 "`ringsim run FILE` gives the same trace hash");
  app.add_option("--until", raw.until_text,
                 "Virtual time to run to first: 40s, 500ms or plain seconds (default: the end for headless modes)");
  raw.screenshot = app.add_option("--screenshot", options.screenshot_path,
                                  "Render one frame at --until into this PNG, print the trace hash, exit");
  raw.frames = app.add_option("--frames", options.frames_dir,
                              "Write DIR/frame_00001.png... advancing 1/fps s of virtual time per frame up to --until");
  app.add_option("--fps", raw.fps, "Frames per virtual second for --frames (default 30)");
  app.add_option("--frames-from", raw.frames_from_text,
                 "With --frames/--frames-video: first frame's virtual time (the run before it is simulated "
                 "without drawing; default 0)");
  app.add_option("--frames-to", raw.frames_to_text,
                 "With --frames/--frames-video: last frame's virtual time (default --until, else the end)");
  app.add_option("--frames-video", options.frames_video_path,
                 "Encode the frames into FILE.mp4 or FILE.gif with ffmpeg (must be installed); frames go to "
                 "--frames DIR, else a temporary folder");
  app.add_option("--layout-json", options.layout_json_path,
                 "Headless: write where every plot and hand-placed text was drawn (for the screenshot checker)");
  app.add_option("--font-scale", raw.font_scale,
                 "Text and widget size on top of --ui-scale, e.g. 1.5 on a projector (default: from the window "
                 "height, 1 up to 1000 px, 1.2 at 1080; 1 when --ui-scale is given)");
  app.add_option("--maximize", raw.maximize_text, "Open with one view maximized: ring, log, cluster, latency or dag");
  raw.bench = app.add_option("--bench-frames", options.bench_frames,
                             "Render N frames at a fixed virtual step; print mean and p99 frame time");
  app.add_option("--speed", raw.speed, "Virtual seconds per wall second (default 1; also the bench step multiplier)");
  app.add_option("--size", raw.size_text, "Window size in pixels, WIDTHxHEIGHT (default 1600x1000)");
  app.add_option("--ui-scale", raw.ui_scale, "Scale of text and widgets for HiDPI screens (default: detected)");
  raw.bench_seek = app.add_option("--bench-seek", raw.bench_seek_text,
                                  "Seek from 0 to T as the window does (frames drawn, paced), and run the same span "
                                  "headless; print both wall times and their ratio");
  app.add_option("--bench-rounds", raw.bench_rounds, "Interleaved rounds of --bench-seek (default 3)");
  raw.screenshot->excludes(raw.frames)->excludes(raw.bench)->excludes(raw.bench_seek);
  raw.frames->excludes(raw.bench)->excludes(raw.bench_seek);
  raw.bench->excludes(raw.bench_seek);
}

// The headless mode asked for, and the options that only apply to one mode.
void apply_mode(const RawOptions& raw, GuiOptions& options) {
  if (raw.screenshot->count() > 0) {
    if (options.screenshot_path.empty()) throw UsageError("--screenshot: needs a file name, e.g. out.png");
    options.mode = GuiMode::kScreenshot;
  }
  if (raw.frames->count() > 0) {
    if (options.frames_dir.empty()) throw UsageError("--frames: needs a directory");
    options.mode = GuiMode::kFrames;
  }
  if (!options.frames_video_path.empty()) {
    if (options.mode != GuiMode::kInteractive && options.mode != GuiMode::kFrames) {
      throw UsageError("--frames-video cannot be combined with --screenshot or --bench-frames");
    }
    const std::string& video = options.frames_video_path;
    if (!video.ends_with(".mp4") && !video.ends_with(".gif")) {
      throw UsageError("--frames-video: the file must end in .mp4 or .gif, got \"" + video + "\"");
    }
    options.mode = GuiMode::kFrames;
  }
  if (!raw.frames_from_text.empty() || !raw.frames_to_text.empty()) {
    if (options.mode != GuiMode::kFrames) throw UsageError("--frames-from/--frames-to only apply with --frames or --frames-video");
    if (!raw.frames_from_text.empty()) options.frames_from_ns = parse_duration_ns(raw.frames_from_text, "--frames-from");
    if (!raw.frames_to_text.empty()) options.frames_to_ns = parse_duration_ns(raw.frames_to_text, "--frames-to");
    if (options.frames_from_ns && options.frames_to_ns && *options.frames_to_ns < *options.frames_from_ns) {
      throw UsageError("--frames-to must not be before --frames-from");
    }
  }
  if (raw.fps) {
    if (options.mode != GuiMode::kFrames) throw UsageError("--fps only applies with --frames DIR or --frames-video");
    if (!(*raw.fps > 0 && *raw.fps <= kFramesPerSMax)) {
      throw UsageError("--fps: must be in (0, " + std::to_string(static_cast<int>(kFramesPerSMax)) + "]");
    }
    options.frames_per_s = *raw.fps;
  }
  if (raw.bench->count() > 0) {
    if (options.bench_frames == 0 || options.bench_frames > kBenchFramesMax) {
      throw UsageError("--bench-frames: must be in [1, " + std::to_string(kBenchFramesMax) + "]");
    }
    options.mode = GuiMode::kBench;
  }
  if (raw.bench_seek->count() > 0) {
    options.bench_seek_ns = parse_duration_ns(raw.bench_seek_text, "--bench-seek");
    options.mode = GuiMode::kBenchSeek;
  }
  if (raw.bench_rounds) {
    if (options.mode != GuiMode::kBenchSeek) throw UsageError("--bench-rounds only applies with --bench-seek");
    if (*raw.bench_rounds < 1 || *raw.bench_rounds > kBenchRoundsMax) {
      throw UsageError("--bench-rounds: must be in [1, " + std::to_string(kBenchRoundsMax) + "]");
    }
    options.bench_rounds = *raw.bench_rounds;
  }
}

// Checks what CLI11 left as text or optional and stores it in `options`. Throws UsageError.
void apply_raw_options(const RawOptions& raw, GuiOptions& options) {
  if (!raw.until_text.empty()) options.until_ns = parse_duration_ns(raw.until_text);
  if (!raw.size_text.empty()) {
    parse_size(raw.size_text, options.width_px, options.height_px);
    options.size_given = true;
  }
  apply_mode(raw, options);
  if (raw.speed) {
    if (!(*raw.speed >= kSpeedMin && *raw.speed <= kSpeedMax)) {
      throw UsageError("--speed: must be in [0.1, 1e6] virtual seconds per wall second");
    }
    options.speed = *raw.speed;
  }
  if (raw.ui_scale) {
    if (!(*raw.ui_scale >= kUiScaleMin && *raw.ui_scale <= kUiScaleMax)) {
      throw UsageError("--ui-scale: must be in [0.5, 4]");
    }
    options.ui_scale = raw.ui_scale;
  }
  if (raw.font_scale) {
    if (!(*raw.font_scale >= kUiScaleMin && *raw.font_scale <= kUiScaleMax)) {
      throw UsageError("--font-scale: must be in [0.5, 4]");
    }
    options.font_scale = raw.font_scale;
  }
  if (!raw.maximize_text.empty() && !parse_panel(raw.maximize_text.c_str(), options.maximized)) {
    throw UsageError("--maximize: expected ring, log, cluster, latency, dag or none, got \"" + raw.maximize_text + "\"");
  }
}

}  // namespace

std::optional<GuiOptions> parse_gui_options(int argc, char** argv) {
  GuiOptions options;
  RawOptions raw;
  CLI::App app{"ringsim-gui: watch a ringsim scenario run (ring, timeline, cluster, latency)"};
  add_gui_options(app, options, raw);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    app.exit(help);
    return std::nullopt;
  } catch (const CLI::ParseError& error) {
    throw UsageError(error.what());
  }
  apply_raw_options(raw, options);
  return options;
}

}  // namespace ringsim::viz
