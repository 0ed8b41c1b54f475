// How numbers are shown to people (console tables) and written to JSON.
//
// - A whole number (a count: events, keys, requests) prints as an integer with thousands
//   separators: 1,080,158. Never in exponent form.
// - Other values print with 4 significant digits below 1000 (0.7996, 23.04) and with one
//   decimal and separators above (66,666.7), so a large mean is never in exponent form.
// - In JSON a whole number within ±2^53 is written as an integer (1080158, not 1080158.0);
//   anything else stays a double.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/number_text.h"

namespace ringsim {

// is_whole_number, format_count and format_number (the rules above) live with every other
// number-to-text rule in sim/number_text.h.
nlohmann::ordered_json json_number(double value);

}  // namespace ringsim
