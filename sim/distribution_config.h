// Reads a Distribution from a scenario object such as
//   {"type": "exponential", "mean_ms": 1.0}
//   {"type": "lognormal", "median_ms": 0.25, "p99_ms": 1.5}
// The unit suffix of the keys ("ms", "bytes") is chosen by the caller, and values are
// returned in that unit. Keys per type (with unit u):
//   constant: value_u · exponential: mean_u · uniform: min_u, max_u ·
//   lognormal: median_u and p99_u, or mu and sigma (of the natural log of the value in u).
#pragma once

#include <string_view>

#include "sim/distribution.h"
#include "sim/json_reader.h"

namespace ringsim {

// value_max bounds every parameter (and the mean), so absurd values are refused early.
Distribution read_distribution(ObjectReader reader, std::string_view unit, double value_max);

}  // namespace ringsim
