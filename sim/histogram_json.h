// A LatencyHistogram as JSON, lossless, so histograms saved by separate runs can be merged
// exactly later (pooled percentiles across seeds; see docs/sweeps.md).
//
// Shape: {"count": N, "min_ns": N, "max_ns": N, "sum_ns": "decimal string",
//         "buckets": [[lower_ns, count], ...]} with nonzero buckets in ascending order.
// sum_ns is a string because the exact sum can exceed 64 bits (JSON readers lose integers
// above 2^53). histogram_from_json(histogram_to_json(h)) == h; a malformed or inconsistent
// document throws ConfigError naming the file and the JSON pointer.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/histogram.h"

namespace ringsim {

nlohmann::ordered_json histogram_to_json(const LatencyHistogram& histogram);
LatencyHistogram histogram_from_json(const nlohmann::json& value, const std::string& file,
                                     const std::string& pointer);

std::string uint128_to_decimal(LatencyHistogram::Uint128 value);
// Returns false when `text` is not a decimal number below 2^128.
bool uint128_from_decimal(const std::string& text, LatencyHistogram::Uint128& value);

}  // namespace ringsim
