#include "cli/merge_stats.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <boost/math/distributions/students_t.hpp>

#include "sim/number_text.h"

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
  // Identical seeds: exactly no spread (the rounded mean would leave an sd of 1e-15).
  if (std::all_of(values.begin(), values.end(), [&](double value) { return value == values.front(); })) {
    stats.mean = values.front();
    stats.sd = 0.0;
    stats.ci95_low = stats.mean;
    stats.ci95_high = stats.mean;
    return stats;
  }
  // Two passes: the textbook one-pass formula cancels catastrophically for large means.
  double squares = 0;
  for (const double value : values) squares += (value - stats.mean) * (value - stats.mean);
  const double sd = std::sqrt(squares / static_cast<double>(values.size() - 1));
  const double half_width = student_t_quantile(0.975, values.size() - 1) * sd /
                            std::sqrt(static_cast<double>(values.size()));
  stats.sd = sd;
  stats.ci95_low = stats.mean - half_width;
  stats.ci95_high = stats.mean + half_width;
  // A metric every seed has >= 0 (a count, bytes, a latency) has a mean >= 0: cutting the
  // interval to the possible values keeps its coverage and drops a meaningless [-3.7, ...].
  if (*std::min_element(values.begin(), values.end()) >= 0 && *stats.ci95_low < 0) {
    stats.ci95_low = 0.0;
    stats.ci95_cut_at_zero = true;
  }
  return stats;
}

bool is_unit_interval_metric(const std::string& name) {
  const std::size_t dot = name.rfind('.');
  const std::string stat = dot == std::string::npos ? name : name.substr(dot + 1);
  const auto ends_with = [&](const std::string& suffix) {
    return stat.size() >= suffix.size() && stat.compare(stat.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return stat == "recall_at_k" || stat == "utilization" || ends_with("_share") || ends_with("_ratio") ||
         ends_with("_ratio_max");
}

void clip_to_unit_interval(SeedStats& stats) {
  if (stats.ci95_low && *stats.ci95_low < 0) {
    stats.ci95_low = 0.0;
    stats.ci95_cut_at_zero = true;
  }
  if (stats.ci95_high && *stats.ci95_high > 1) {
    stats.ci95_high = 1.0;
    stats.ci95_cut_at_one = true;
  }
}

std::optional<OrderStatInterval> median_interval(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  OrderStatInterval interval;
  interval.median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  // cdf[j] = P(B < j+1) = P(B <= j) for B ~ Binomial(n, 1/2), by the pmf recurrence.
  std::size_t k = 0;  // Largest k >= 1 with P(B < k) <= 0.025; 0: none.
  double pmf = std::pow(0.5, static_cast<double>(n));
  double below = 0;  // P(B < j)
  for (std::size_t j = 1; j <= n / 2; ++j) {
    below += pmf;  // Now P(B < j) = P(B <= j - 1).
    pmf = pmf * static_cast<double>(n - (j - 1)) / static_cast<double>(j);
    if (below <= 0.025) k = j;
  }
  if (k == 0) {
    interval.low = values.front();
    interval.high = values.back();
    interval.level = n >= 2 ? 1 - std::pow(0.5, static_cast<double>(n - 1)) : 0;
    return interval;
  }
  double p_below_k = 0;
  double term = std::pow(0.5, static_cast<double>(n));
  for (std::size_t j = 0; j < k; ++j) {
    p_below_k += term;
    term = term * static_cast<double>(n - j) / static_cast<double>(j + 1);
  }
  interval.low = values[k - 1];
  interval.high = values[n - k];
  interval.level = 1 - 2 * p_below_k;
  return interval;
}

ShapeFlags shape_flags(const std::vector<double>& values) {
  ShapeFlags flags;
  if (values.size() < 3) return flags;
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const auto median_of = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  };
  const double median = median_of(values);
  std::vector<double> deviations;
  for (const double value : values) deviations.push_back(std::abs(value - median));
  const double mad = 1.4826 * median_of(deviations);
  // Seeds a few percent apart are one population however the MAD scales: a flag needs a
  // departure of at least kShapeMinRelativeSpread of the median as well.
  const double floor = kShapeMinRelativeSpread * std::abs(median);
  if (mad > 0 && values.size() >= kOutlierSeedsMin) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      const double departure = std::abs(values[i] - median);
      if (departure > 3 * mad && departure > floor) flags.outliers.push_back(i);
    }
  }
  const double range = sorted.back() - sorted.front();
  std::size_t split = 0;
  double gap = 0;
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i] - sorted[i - 1] > gap) {
      gap = sorted[i] - sorted[i - 1];
      split = i;
    }
  }
  flags.bimodal = range > floor && gap > range / 2 && split >= 2 && sorted.size() - split >= 2;
  // One explanation per point: seeds that split into two groups of >= 2 each are two
  // populations, and the MAD of the larger group then calls the whole smaller group
  // "outliers" (1.8, 3.5 | 50.7, 51.0, 51.5). Bimodal is the better-supported reading (it
  // needs two seeds on each side; an outlier needs only one), so it wins.
  if (flags.bimodal) flags.outliers.clear();
  return flags;
}

bool is_percentile_metric(const std::string& name) {
  const std::size_t dot = name.rfind('.');
  const std::string stat = dot == std::string::npos ? name : name.substr(dot + 1);
  if (stat == "max_ms" || stat == "min_ms") return true;
  // p50_ms ... p999_ms, also inside a result's name (hot_node_p99_ms).
  return is_bucketed_quantile(name);
}

}  // namespace ringsim
