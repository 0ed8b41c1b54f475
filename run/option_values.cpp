#include "run/option_values.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace ringsim {

std::string seed_text_problem(const std::string& text) {
  const std::string expected = "expected an integer from 0 to 18446744073709551615, got \"" + text + "\"";
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return expected;
  }
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return expected;
  return {};
}

std::optional<double> parse_byte_size(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::string number = text;
  double multiplier = 1;
  const char suffix = static_cast<char>(std::toupper(static_cast<unsigned char>(text.back())));
  const std::string suffixes = "KMGT";
  if (const std::size_t position = suffixes.find(suffix); position != std::string::npos) {
    number.pop_back();
    multiplier = std::ldexp(1.0, 10 * static_cast<int>(position + 1));
  }
  double value = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (error != std::errc() || end != number.data() + number.size() || !std::isfinite(value) || value <= 0) {
    return std::nullopt;
  }
  return value * multiplier;
}

std::optional<double> parse_virtual_time_s(const std::string& text) {
  std::string number = text;
  double scale = 1.0;
  if (number.ends_with("ms")) {
    number.resize(number.size() - 2);
    scale = 1e-3;
  } else if (number.ends_with("s")) {
    number.pop_back();
  }
  double value = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || error != std::errc() || end != number.data() + number.size() || !std::isfinite(value) ||
      value < 0) {
    return std::nullopt;
  }
  return value * scale;
}

}  // namespace ringsim
