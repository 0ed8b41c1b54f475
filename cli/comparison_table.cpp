#include "cli/comparison_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cli/escape.h"
#include "sim/number_text.h"

namespace ringsim {

namespace {

constexpr int kSignificant = 4;  // format_number's digits for values that are not percentiles
constexpr int kDecimalsMax = 17;

// Decimals that show `value` with `significant` significant digits in fixed notation.
int decimals_for(double value, int significant) {
  if (value == 0 || !std::isfinite(value)) return 0;
  const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(value))));
  return std::clamp(significant - 1 - magnitude, 0, kDecimalsMax);
}

// Fixed notation with thousands separators in the integer part: "66,666.7", "-1,234".
std::string fixed_text(double value, int decimals) {
  if (std::isnan(value)) return "-";
  char buffer[400];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string text = buffer;
  const std::size_t start = text[0] == '-' ? 1 : 0;
  std::size_t end = text.find('.');
  if (end == std::string::npos) end = text.size();
  for (std::size_t at = end; at > start + 3; at -= 3) text.insert(at - 3, ",");
  return text;
}

}  // namespace

std::pair<std::string, std::string> comparison_values(const std::string& metric, double expected, double actual) {
  const bool quantile = is_bucketed_quantile(metric);
  if (!quantile && is_whole_number(expected) && is_whole_number(actual)) {
    return {format_count(static_cast<long long>(expected)), format_count(static_cast<long long>(actual))};
  }
  // Percentiles as summary.json writes them: to the histogram's 3 real digits.
  const double shown_expected = quantile ? round_quantile(expected) : expected;
  const double shown_actual = quantile ? round_quantile(actual) : actual;
  const int significant = quantile ? kQuantileSignificantDigits : kSignificant;
  int decimals = std::max(decimals_for(shown_expected, significant), decimals_for(shown_actual, significant));
  // format_number's rule above 1000: one decimal ("66,666.7"), for both sides.
  const bool large = std::max(std::abs(shown_expected), std::abs(shown_actual)) >= 1000;
  if (!quantile && large) decimals = std::max(decimals, 1);
  std::pair<std::string, std::string> text{fixed_text(shown_expected, decimals), fixed_text(shown_actual, decimals)};
  const bool differ = expected != actual && !(std::isnan(expected) && std::isnan(actual));
  // Two values that differ read differently: more decimals of the exact values, on both sides.
  for (int more = decimals + 1; differ && text.first == text.second && more <= kDecimalsMax; ++more) {
    text = {fixed_text(expected, more), fixed_text(actual, more)};
  }
  return text;
}

void ComparisonTable::add_header() {
  header_added_ = true;
  Entry entry;
  entry.cells = {"metric", "golden", "", "this run", "change"};
  if (with_limit_) entry.cells.insert(entry.cells.end(), {"limit", "result"});
  entries_.push_back(std::move(entry));
}

void ComparisonTable::add_row(const std::string& metric, double expected, double actual, const std::string& change,
                              const std::string& limit, const std::string& result) {
  if (!header_added_) add_header();
  const auto [golden, now] = comparison_values(metric, expected, actual);
  Entry entry;
  entry.cells = {console_text(metric), golden, "->", now, change};
  if (with_limit_) entry.cells.insert(entry.cells.end(), {limit, result});
  entries_.push_back(std::move(entry));
}

void ComparisonTable::add_line(const std::string& line) { entries_.push_back({{}, line}); }

std::string ComparisonTable::render(const std::string& indent) const {
  std::vector<std::size_t> widths;
  for (const Entry& entry : entries_) {
    if (widths.size() < entry.cells.size()) widths.resize(entry.cells.size(), 0);
    for (std::size_t column = 0; column < entry.cells.size(); ++column) {
      widths[column] = std::max(widths[column], entry.cells[column].size());
    }
  }
  // Right-aligned: golden, this run, change (numbers); the others left.
  const auto right = [](std::size_t column) { return column == 1 || column == 3 || column == 4; };
  std::string out;
  for (const Entry& entry : entries_) {
    std::string line = entry.cells.empty() ? entry.line : indent;
    for (std::size_t column = 0; column < entry.cells.size(); ++column) {
      const std::string& cell = entry.cells[column];
      const std::string pad(widths[column] - cell.size(), ' ');
      if (column > 0) line += "  ";
      line += right(column) ? pad + cell : cell + pad;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace ringsim
