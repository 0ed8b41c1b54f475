// Command-line values shared by ringsim and ringsim-gui, parsed strictly: a seed is a
// decimal integer 0..2^64-1 (no sign, no wrap-around: "-1" and "18446744073709551616" are
// errors, not 2^64-1), a memory size is a positive number of bytes with an optional
// binary suffix (K, M, G, T = 2^10 .. 2^40; "8G", "512M", "1e9"), a virtual time is a
// number of seconds >= 0 with an optional unit s or ms ("40", "40s", "500ms", "12.5").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ringsim {

// What is wrong with `text` as a seed, or "" when it is one (for CLI11 validators).
std::string seed_text_problem(const std::string& text);

// Bytes `text` names, or nullopt when it is not a size as described above.
std::optional<double> parse_byte_size(const std::string& text);

// Seconds of virtual time `text` names, or nullopt when it is not a time as described above
// (no sign, no inf/nan, nothing after the unit). One parser for `ringsim run --until`,
// `ringsim-gui --until` and `--inject`, so the same text is the same nanosecond everywhere:
// a GUI screenshot's trace hash must equal the headless run's at the same time.
std::optional<double> parse_virtual_time_s(const std::string& text);

}  // namespace ringsim
