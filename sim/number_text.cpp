#include "sim/number_text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>

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

std::string format_significant(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  return buffer;
}

bool is_whole_number(double value) {
  return std::isfinite(value) && std::abs(value) <= kExactIntegerMax && value == std::floor(value);
}

std::string format_count(long long value) { return group_thousands(std::to_string(value)); }

std::string format_number(double value) {
  if (is_whole_number(value)) return format_count(static_cast<long long>(value));
  if (!std::isfinite(value)) return std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
  if (std::abs(value) >= 1000 && std::abs(value) < kExactIntegerMax) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    const std::string text = buffer;
    const std::size_t dot = text.find('.');
    return group_thousands(text.substr(0, dot)) + text.substr(dot);
  }
  return format_significant(value, 4);
}

std::string format_table_number(double value) {
  if (!std::isfinite(value)) return "-";
  // Counts and large amounts read best whole ("22222", not "2.222e+04").
  if ((value == std::round(value) || std::abs(value) >= 1000) && std::abs(value) < 1e15) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    // Thousands separators, as the console prints counts: 1,236,289, not 1236289.
    const std::string text = buffer;
    return text[0] == '-' ? "-" + group_thousands(text.substr(1)) : group_thousands(text);
  }
  return format_significant(value, 4);
}

std::string format_bytes(double bytes) {
  if (!std::isfinite(bytes)) return "-";
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double value = bytes;
  std::size_t unit = 0;
  while (std::abs(value) >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    unit += 1;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return std::string(buffer);
}

double round_significant(double value, int digits) {
  if (!std::isfinite(value) || value == 0) return value;
  // Through the decimal text, so the result is the double nearest the rounded decimal
  // (52.3, not 52.300000000000004 from a scale-and-divide).
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*e", digits - 1, value);
  return std::strtod(buffer, nullptr);
}

std::string format_quantile(double value) {
  if (!std::isfinite(value)) return "-";
  const double rounded = round_quantile(value);
  const int magnitude = rounded == 0 ? 0 : static_cast<int>(std::floor(std::log10(std::abs(rounded))));
  const int decimals = std::max(0, kQuantileSignificantDigits - 1 - magnitude);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, rounded);
  return buffer;
}

bool is_bucketed_quantile(const std::string& name) {
  if (name.size() < 5 || name.compare(name.size() - 3, 3, "_ms") != 0) return false;
  std::size_t start = name.size() - 3;  // One past the digits.
  while (start > 0 && std::isdigit(static_cast<unsigned char>(name[start - 1]))) start -= 1;
  if (start == name.size() - 3 || start == 0 || name[start - 1] != 'p') return false;
  return start == 1 || name[start - 2] == '.' || name[start - 2] == '_';
}

}  // namespace ringsim
