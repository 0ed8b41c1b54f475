// Virtual time. The simulator never reads a wall clock: time is an integer count of
// nanoseconds since the start of the run, advanced only by the event queue.
#pragma once

#include <cmath>
#include <cstdint>

namespace ringsim {

using TimeNs = std::int64_t;

inline constexpr TimeNs kNsPerUs = 1'000;
inline constexpr TimeNs kNsPerMs = 1'000'000;
inline constexpr TimeNs kNsPerS = 1'000'000'000;

// The engine's horizon, 10^18 ns (about 31.7 years). A run lasts at most 10^6 s
// (kDurationSMax, run/scenario.h), so what a run schedules at its very end (a window tick, a
// heartbeat) still fits before the horizon, and "never" (no further arrival) is placed at
// it: nothing there is ever executed. Twice the horizon is still far below INT64_MAX, so
// `now + delay` never overflows for any delay up to the horizon.
inline constexpr TimeNs kTimeNsMax = TimeNs{1'000'000'000} * kNsPerS;

inline constexpr double ns_to_ms(TimeNs ns) { return static_cast<double>(ns) / kNsPerMs; }
inline constexpr double ns_to_s(TimeNs ns) { return static_cast<double>(ns) / kNsPerS; }
// Scenario values (seconds, milliseconds) to virtual time, rounded to the nearest ns. The
// caller bounds the value (every scenario number has a documented range).
inline TimeNs seconds_to_ns(double seconds) { return static_cast<TimeNs>(std::llround(seconds * kNsPerS)); }
inline TimeNs ms_to_ns(double ms) { return static_cast<TimeNs>(std::llround(ms * kNsPerMs)); }

}  // namespace ringsim
