#include "sim/file_check.h"

#include <filesystem>
#include <system_error>

namespace ringsim {

std::optional<std::string> regular_file_problem(const std::string& path) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) return "no such file";
  if (error) return error.message();
  if (status.type() == std::filesystem::file_type::directory) return "is a directory, expected a file";
  if (status.type() != std::filesystem::file_type::regular) return "is not a regular file";
  return std::nullopt;
}

std::optional<std::uintmax_t> regular_file_size(const std::string& path) {
  if (regular_file_problem(path)) return std::nullopt;
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) return std::nullopt;
  return size;
}

}  // namespace ringsim
