// The two checks the vector-file readers share (workloads/vector_files.cpp for .fvecs/.bvecs/
// .ivecs, workloads/hdf5_reader.cpp for HDF5): a refusal is a ConfigError naming the file
// (no JSON pointer: the file itself is the input), and a file's size is asked with an
// error code, so a missing or unreadable file is the user's error, never a filesystem_error.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "sim/config_error.h"

namespace ringsim::file_refusal {

[[noreturn]] inline void refuse(const std::string& path, const std::string& message) {
  throw ConfigError(path, "", message);
}

// The file's size in bytes; refuses with the system's reason when it cannot be read.
inline std::uint64_t file_size(const std::string& path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) refuse(path, "cannot read the file: " + error.message());
  return size;
}

}  // namespace ringsim::file_refusal
