#include "cli/merge_stats.h"

#include <cmath>

#include <boost/math/distributions/students_t.hpp>

namespace ringsim {

double student_t_quantile(double probability, std::size_t degrees_of_freedom) {
  const boost::math::students_t distribution(static_cast<double>(degrees_of_freedom));
  return boost::math::quantile(distribution, probability);
}

SeedStats seed_stats(const std::vector<double>& values) {
  SeedStats stats;
  stats.n = values.size();
  if (values.empty()) return stats;
  double sum = 0;
  for (const double value : values) sum += value;
  stats.mean = sum / static_cast<double>(values.size());
  if (values.size() < 2) return stats;
  // Two passes: the textbook one-pass formula cancels catastrophically for large means.
  double squares = 0;
  for (const double value : values) squares += (value - stats.mean) * (value - stats.mean);
  const double sd = std::sqrt(squares / static_cast<double>(values.size() - 1));
  const double half_width = student_t_quantile(0.975, values.size() - 1) * sd /
                            std::sqrt(static_cast<double>(values.size()));
  stats.sd = sd;
  stats.ci95_low = stats.mean - half_width;
  stats.ci95_high = stats.mean + half_width;
  return stats;
}

}  // namespace ringsim
