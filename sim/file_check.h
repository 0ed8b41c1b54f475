// Whether a path named by an input (a scenario key, a command-line argument) can be read as
// a regular file, asked without exceptions: std::filesystem's throwing calls raise
// filesystem_error on a name over NAME_MAX, a symlink loop or a missing permission, which
// reached users as a crash (issue #24). Also the size of such a file, so a reader can
// check sizes its header claims against the bytes really there before allocating.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ringsim {

// nullopt when `path` names a regular file (after symlinks); otherwise what is wrong,
// e.g. "no such file", "is a directory", "File name too long".
std::optional<std::string> regular_file_problem(const std::string& path);

// The file's size in bytes, or nullopt when it cannot be read (see regular_file_problem).
std::optional<std::uintmax_t> regular_file_size(const std::string& path);

}  // namespace ringsim
