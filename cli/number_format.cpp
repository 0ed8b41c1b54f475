#include "cli/number_format.h"

#include <cmath>
#include <cstdio>

namespace ringsim {

namespace {
// Doubles hold every integer up to 2^53 exactly; beyond, "whole" says nothing.
constexpr double kExactIntegerMax = 9007199254740992.0;

std::string group_thousands(const std::string& digits) {
  std::string out;
  const std::size_t sign = (!digits.empty() && digits[0] == '-') ? 1 : 0;
  const std::size_t count = digits.size() - sign;
  out += digits.substr(0, sign);
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0 && (count - i) % 3 == 0) out += ',';
    out += digits[sign + i];
  }
  return out;
}
}  // namespace

bool is_whole_number(double value) {
  return std::isfinite(value) && std::abs(value) <= kExactIntegerMax && value == std::floor(value);
}

std::string format_count(long long value) { return group_thousands(std::to_string(value)); }

std::string format_number(double value) {
  if (is_whole_number(value)) return format_count(static_cast<long long>(value));
  if (!std::isfinite(value)) return std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
  char buffer[64];
  if (std::abs(value) >= 1000 && std::abs(value) < kExactIntegerMax) {
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    const std::string text = buffer;
    const std::size_t dot = text.find('.');
    return group_thousands(text.substr(0, dot)) + text.substr(dot);
  }
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

nlohmann::ordered_json json_number(double value) {
  if (is_whole_number(value)) return static_cast<std::int64_t>(value);
  return value;
}

}  // namespace ringsim
