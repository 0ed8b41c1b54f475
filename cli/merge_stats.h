// Statistics of one metric across the seeds of a grid point: mean, sample standard
// deviation and the 95 % confidence interval of the mean from Student's t distribution,
//   mean +- t(0.975; n - 1) * sd / sqrt(n),
// which assumes the per-seed values are independent and roughly normal (true enough for
// means over long runs; see docs/sweeps.md). The t quantile comes from Boost.Math.
// Values are summed in the order given (callers pass them by ascending seed), so results
// are bit-identical however the runs were scheduled.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace ringsim {

struct SeedStats {
  std::size_t n = 0;
  double mean = 0;
  // Empty when n < 2 (no spread can be estimated from one seed).
  std::optional<double> sd;
  std::optional<double> ci95_low;
  std::optional<double> ci95_high;
};

SeedStats seed_stats(const std::vector<double>& values);
// t such that P(T <= t) = probability for Student's t with `degrees_of_freedom` (>= 1).
double student_t_quantile(double probability, std::size_t degrees_of_freedom);

}  // namespace ringsim
