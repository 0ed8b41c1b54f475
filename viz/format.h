// Human-readable numbers for the views: bytes, virtual times, counts, percentages.
#pragma once

#include <cstdint>
#include <string>

#include "sim/time.h"

namespace ringsim::viz {

std::string format_bytes(double bytes);         // "273.4 MB" (decimal units)
std::string format_time_s(TimeNs time_ns);      // "12.345 s"
// A span of virtual time in the unit that reads best: "0.123 ms", "123.4 ms", "4.200 s".
std::string format_duration(TimeNs duration_ns);
std::string format_count(std::uint64_t count);  // "200 000" (thin groups of three)
std::string format_percent(double fraction);    // 0.1116 -> "11.2 %"
std::string format_fixed(double value, int digits);

}  // namespace ringsim::viz
