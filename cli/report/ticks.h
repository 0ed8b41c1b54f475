// Axis ticks a reader expects: "nice" steps (1, 2, 2.5 or 5 times a power of ten) on linear
// axes, powers of ten (with 2 and 5 between them when few decades are shown) on log axes,
// and labels without float noise ("0.3", not "0.30000000000000004"; "1.5k", "2M").
//
// Nice-number choice after Heckbert, "Nice numbers for graph labels", Graphics Gems (1990).
#pragma once

#include <string>
#include <vector>

namespace ringsim::report {

struct TickSet {
  double lo = 0;  // The axis range, widened to whole steps (linear) or decades (log).
  double hi = 1;
  std::vector<double> ticks;
  double step = 1;  // Linear: the step; log: 0.
};

// About `target` ticks covering [lo, hi]. lo == hi gets a range around the value.
TickSet linear_ticks(double lo, double hi, int target = 5);
// lo, hi > 0. The range is widened to whole decades.
TickSet log_ticks(double lo, double hi);
// A tick label with the digits the step needs and SI suffixes (k, M, G) from 10^4 up.
std::string format_tick(double value, double step);
// A number for tables: integers without decimals, others with 4 significant digits
// (format_table_number, sim/number_text.h).
std::string format_number(double value);

}  // namespace ringsim::report
