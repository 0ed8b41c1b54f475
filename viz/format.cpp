#include "viz/format.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace ringsim::viz {
namespace {

constexpr double kKilo = 1000;

}  // namespace

std::string format_fixed(double value, int digits) {
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.*f", digits, value);
  return buffer.data();
}

std::string format_bytes(double bytes) {
  static constexpr std::array<const char*, 6> kUnits = {"B", "kB", "MB", "GB", "TB", "PB"};
  std::size_t unit = 0;
  while (std::fabs(bytes) >= kKilo && unit + 1 < kUnits.size()) {
    bytes /= kKilo;
    unit += 1;
  }
  return format_fixed(bytes, unit == 0 ? 0 : 1) + " " + kUnits[unit];
}

std::string format_time_s(TimeNs time_ns) { return format_fixed(ns_to_s(time_ns), 3) + " s"; }

std::string format_duration(TimeNs duration_ns) {
  // Below a millisecond three decimals keep tiny tasks (0.1 ms searches) apart from 0.
  if (duration_ns < kNsPerMs) return format_fixed(ns_to_ms(duration_ns), 3) + " ms";
  if (duration_ns < kNsPerS) return format_fixed(ns_to_ms(duration_ns), 1) + " ms";
  return format_fixed(ns_to_s(duration_ns), 3) + " s";
}

std::string format_count(std::uint64_t count) {
  std::string digits = std::to_string(count);
  std::string out;
  const std::size_t lead = digits.size() % 3;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (i % 3) == lead) out += ' ';
    out += digits[i];
  }
  return out;
}

std::string format_percent(double fraction) { return format_fixed(100.0 * fraction, 1) + " %"; }

}  // namespace ringsim::viz
