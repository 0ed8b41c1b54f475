// Frames into a video for slides: runs Debian's `ffmpeg` (package ffmpeg, optional: not in
// install-deps.sh, it pulls in ~90 packages) as a child process, never linked. MP4 is H.264
// in yuv420p (plays in browsers and presentation software; odd sizes are padded to even),
// GIF uses a palette computed from the frames (palettegen/paletteuse).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace ringsim::viz {

// A tool the user asked for is not installed: main() prints the message and exits 2.
class MissingToolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr const char* kFfmpegMissingMessage =
    "--frames-video needs ffmpeg, which is not installed (Debian: sudo apt-get install ffmpeg); "
    "or write PNG frames with --frames DIR and encode them elsewhere";

// The ffmpeg executable found on PATH, or "" when there is none.
std::string find_ffmpeg();

// Encodes folder/frame_%05d.png at fps frames per second into `output` (.mp4 or .gif).
// Throws OutputError (app.h) when ffmpeg fails, with its exit status.
void encode_video(const std::string& ffmpeg, const std::filesystem::path& folder, double fps,
                  const std::string& output);

}  // namespace ringsim::viz
