// One distinct colour per node id, shared by every front end: the GUI's ring and legends
// (viz/) and the headless HTML report (cli/report/) draw node N in the same colour.
//
// Plain RGBA values with no SFML, ImGui or SVG type. Pure function of the id: no state,
// no randomness. Lives in the kernel only because both front ends may include it.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

namespace ringsim {

struct Rgba {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;
  std::uint8_t a = 255;
  bool operator==(const Rgba&) const = default;
};


namespace node_palette_detail {

// Tableau-like qualitative colours without red and grey: readable on the dark background
// and far apart from each other.
constexpr std::array<Rgba, 16> kHandPicked = {{
    {31, 119, 180},
    {255, 127, 14},
    {44, 160, 44},
    {148, 103, 189},
    {23, 190, 207},
    {188, 189, 34},
    {227, 119, 194},
    {140, 86, 75},
    {174, 199, 232},
    {255, 187, 120},
    {152, 223, 138},
    {197, 176, 213},
    {158, 218, 229},
    {219, 219, 141},
    {247, 182, 210},
    {196, 156, 148},
}};

// Golden angle in turns: consecutive ids land far apart on the hue circle.
constexpr double kGoldenTurn = 0.381966011250105;
// Hues within this distance (turns) of pure red are nudged away from it.
constexpr double kRedExclusionTurn = 0.03;
constexpr double kSaturation = 0.65;
constexpr double kValueEven = 0.95;
constexpr double kValueOdd = 0.72;

inline Rgba from_hsv(double hue_turns, double saturation, double value) {
  const double h6 = hue_turns * 6.0;
  const int sector = static_cast<int>(std::floor(h6)) % 6;
  const double f = h6 - std::floor(h6);
  const double p = value * (1 - saturation);
  const double q = value * (1 - saturation * f);
  const double t = value * (1 - saturation * (1 - f));
  double r = 0, g = 0, b = 0;
  switch (sector) {
    case 0:
      r = value, g = t, b = p;
      break;
    case 1:
      r = q, g = value, b = p;
      break;
    case 2:
      r = p, g = value, b = t;
      break;
    case 3:
      r = p, g = q, b = value;
      break;
    case 4:
      r = t, g = p, b = value;
      break;
    default:
      r = value, g = p, b = q;
      break;
  }
  const auto to_byte = [](double x) { return static_cast<std::uint8_t>(std::lround(x * 255.0)); };
  return {to_byte(r), to_byte(g), to_byte(b), 255};
}

}  // namespace node_palette_detail

// A colour per node id, distinct for every id below kNodesMax (128): sixteen hand-picked
// hues first (the common small clusters), then golden-angle hues at alternating
// lightness. Never red (lost keys) nor grey (left nodes).
// Header-only, so targets without the core (the GUI screenshot checker) can use it.
inline Rgba node_colour(std::uint32_t node_id) {
  using namespace node_palette_detail;
  if (node_id < kHandPicked.size()) return kHandPicked[node_id];
  const std::uint32_t n = node_id - static_cast<std::uint32_t>(kHandPicked.size());
  double hue = std::fmod(0.1 + n * kGoldenTurn, 1.0);
  if (hue < kRedExclusionTurn) hue += 2 * kRedExclusionTurn;
  if (hue > 1.0 - kRedExclusionTurn) hue -= 2 * kRedExclusionTurn;
  return from_hsv(hue, kSaturation, n % 2 == 0 ? kValueEven : kValueOdd);
}

}  // namespace ringsim
