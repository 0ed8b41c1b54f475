// Benchmarks on a shared, noisy machine: each side of a comparison is timed several
// times, interleaved (A, B, A, B ...), so a burst of load from a neighbour hits both sides
// alike; the figures printed are the median with the min and max over the rounds. A
// ratio is taken per round (A and B timed back to back) and then summarized the same way.
//
// Header-only; used by bench/engine_bench.cpp and bench/rag_bench.cpp. Reads no clock.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringsim {

// Rounds per comparison when --rounds is not given; the median of 5 shrugs off two bad rounds.
inline constexpr std::uint32_t kDefaultRounds = 5;
inline constexpr std::uint32_t kRoundsMax = 1000;

struct Spread {
  double median = 0;
  double min = 0;
  double max = 0;
};

// Median (the mean of the two middle values for an even count), min and max; all 0 when empty.
inline Spread spread_of(std::vector<double> values) {
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  const double median =
      values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  return {median, values.front(), values.back()};
}

// "1.23 [1.10, 1.41]": median [min, max] with `decimals` digits.
inline std::string format_spread(const Spread& spread, int decimals) {
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%.*f [%.*f, %.*f]", decimals, spread.median, decimals, spread.min,
                decimals, spread.max);
  return buffer;
}

// "--rounds N": a whole number in [1, kRoundsMax], else nullopt.
inline std::optional<std::uint32_t> parse_rounds(std::string_view text) {
  std::uint32_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value == 0 || value > kRoundsMax) {
    return std::nullopt;
  }
  return value;
}

}  // namespace ringsim
