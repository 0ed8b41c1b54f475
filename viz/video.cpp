#include "viz/video.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <vector>

#include "viz/app.h"

extern char** environ;

namespace ringsim::viz {

std::string find_ffmpeg() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  std::stringstream folders(path);
  std::string folder;
  while (std::getline(folders, folder, ':')) {
    if (folder.empty()) continue;
    const std::filesystem::path candidate = std::filesystem::path(folder) / "ffmpeg";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

void encode_video(const std::string& ffmpeg, const std::filesystem::path& folder, double fps,
                  const std::string& output) {
  std::ostringstream rate;
  rate << fps;
  std::vector<std::string> args = {ffmpeg, "-y", "-loglevel", "error", "-framerate", rate.str(),
                                   "-i", (folder / "frame_%05d.png").string()};
  if (output.ends_with(".gif")) {
    args.insert(args.end(), {"-vf", "split[a][b];[a]palettegen[p];[b][p]paletteuse"});
  } else {
    args.insert(args.end(), {"-c:v", "libx264", "-pix_fmt", "yuv420p", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2"});
  }
  args.push_back(output);
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, ffmpeg.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
    throw OutputError("cannot start " + ffmpeg);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw OutputError("ffmpeg could not write " + output + " (exit status " +
                      std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
  }
}

}  // namespace ringsim::viz
