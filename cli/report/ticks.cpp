#include "cli/report/ticks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim/number_text.h"

namespace ringsim::report {
namespace {

double nice_step(double raw_step) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw_step)));
  const double fraction = raw_step / magnitude;
  double nice = 10;
  if (fraction <= 1) {
    nice = 1;
  } else if (fraction <= 2) {
    nice = 2;
  } else if (fraction <= 2.5) {
    nice = 2.5;
  } else if (fraction <= 5) {
    nice = 5;
  }
  return nice * magnitude;
}

}  // namespace

TickSet linear_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (hi < lo) std::swap(lo, hi);
  if (hi - lo < 1e-12 * std::max(1.0, std::abs(hi))) {
    const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    const bool non_negative = lo >= 0;
    lo -= pad;
    hi += pad;
    if (non_negative) lo = std::max(lo, 0.0);  // A constant >= 0 keeps a zero baseline.
  }
  TickSet set;
  set.step = nice_step((hi - lo) / std::max(1, target));
  set.lo = std::floor(lo / set.step + 1e-9) * set.step;
  set.hi = std::ceil(hi / set.step - 1e-9) * set.step;
  const int count = static_cast<int>(std::lround((set.hi - set.lo) / set.step));
  for (int i = 0; i <= count; ++i) set.ticks.push_back(set.lo + i * set.step);
  return set;
}

TickSet log_ticks(double lo, double hi) {
  lo = std::max(lo, 1e-12);
  hi = std::max(hi, lo * 10);
  TickSet set;
  set.step = 0;
  const int first = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
  const int last = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
  set.lo = std::pow(10.0, first);
  set.hi = std::pow(10.0, std::max(last, first + 1));
  const bool few_decades = last - first <= 2;
  for (int decade = first; decade <= std::max(last, first + 1); ++decade) {
    const double base = std::pow(10.0, decade);
    set.ticks.push_back(base);
    if (few_decades && decade < last) {
      set.ticks.push_back(2 * base);
      set.ticks.push_back(5 * base);
    }
  }
  return set;
}

std::string format_tick(double value, double step) {
  char buffer[48];
  const double magnitude = std::abs(value);
  if (magnitude >= 1e4) {
    const char* suffix = magnitude >= 1e9 ? "G" : magnitude >= 1e6 ? "M" : "k";
    const double scale = magnitude >= 1e9 ? 1e9 : magnitude >= 1e6 ? 1e6 : 1e3;
    std::snprintf(buffer, sizeof buffer, "%.4g%s", value / scale, suffix);
    return buffer;
  }
  if (std::abs(value) < 1e-12) return "0";
  int decimals = 0;
  if (step > 0) {
    decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
    // 2.5-steps need one digit more than their power of ten.
    if (std::abs(std::round(step * std::pow(10.0, decimals)) - step * std::pow(10.0, decimals)) > 1e-6) decimals += 1;
    std::snprintf(buffer, sizeof buffer, "%.*f", std::min(decimals, 9), value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%g", value);
  }
  return buffer;
}

std::string format_number(double value) { return format_table_number(value); }

}  // namespace ringsim::report
