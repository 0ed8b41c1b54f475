// For fuzz targets whose reader takes a path, not bytes: the input is written to a file of
// this process's own (under $TMPDIR, named by pid, so -fork workers do not share one) and
// the path is handed to the reader. Every target must end in a ConfigError or succeed.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

namespace ringsim::fuzz {

inline std::string temp_dir() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

// Writes `bytes` to TMPDIR/ringsim-fuzz-PID<suffix> and returns the path.
inline std::string write_input(std::string_view bytes, const std::string& suffix) {
  const std::string path = temp_dir() + "/ringsim-fuzz-" + std::to_string(::getpid()) + suffix;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace ringsim::fuzz
