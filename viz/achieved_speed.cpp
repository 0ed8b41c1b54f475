#include "viz/achieved_speed.h"

#include <cstdio>

namespace ringsim::viz {

std::optional<std::string> achieved_speed_note(double requested, bool unlimited, std::optional<double> achieved) {
  if (!achieved) return std::nullopt;
  if (!unlimited && *achieved >= requested * kAchievedShortfallShare) return std::nullopt;
  char text[48];
  std::snprintf(text, sizeof text, "achieved x%.3g", *achieved);
  return std::string(text);
}

}  // namespace ringsim::viz
