// Statistics of one metric across the seeds of a grid point: mean, sample standard
// deviation and the 95 % confidence interval of the mean from Student's t distribution,
//   mean +- t(0.975; n - 1) * sd / sqrt(n),
// which assumes the per-seed values are independent and roughly normal (true enough for
// means over long runs; see docs/sweeps.md), cut at 0 when every value is >= 0. The t quantile comes from Boost.Math.
// Values are summed in the order given (callers pass them by ascending seed), so results
// are bit-identical however the runs were scheduled.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ringsim {

// For percentile-type metrics (p99_ms of a run is itself a tail statistic; across seeds it is
// often skewed or bimodal, e.g. when a failure hits a node holding nothing in one seed) the
// t interval can leave the range of the data. Those get a distribution-free interval for
// the median: the order statistics [x_(k), x_(n+1-k)] with the largest k such that
// P(Binomial(n, 1/2) < k) <= 0.025 (Hollander, Wolfe & Chicco, Nonparametric Statistical
// Methods, 3rd ed., sec. 3.6); its confidence is at least 95 %, exactly
// 1 - 2 P(Binomial(n, 1/2) < k). With n < 6 no such k >= 1 exists: the interval is
// [min, max] with confidence 1 - 2^(1-n) (75 % for 3 seeds), which `level` states.
struct OrderStatInterval {
  double median = 0;
  double low = 0;
  double high = 0;
  double level = 0;  // Its exact confidence.
};
std::optional<OrderStatInterval> median_interval(std::vector<double> values);

// Per-seed shape checks, so a mean over a bimodal set is not read as typical.
// - outliers: values farther than 3 scaled MADs (1.4826 × median absolute deviation) from
//   the median (Leys et al. 2013); none when MAD is 0;
// - bimodal: the sorted values split at their largest gap into two groups of >= 2 each,
//   and that gap exceeds half the range (a deliberately coarse rule for 4-30 seeds).
// The flags exclude each other: a bimodal set has no outliers (its smaller group is a second
// population, not outliers of the first).
// Neither flags a spread below kShapeMinRelativeSpread of |median| (an outlier must depart
// that far, a bimodal set must span that far): seeds 1 % apart are not two populations.
inline constexpr double kShapeMinRelativeSpread = 0.05;
// With fewer seeds the MAD rests on one or two values and flags ordinary spread (three
// seeds 1.51, 1.53, 1.66): outliers are looked for from this many seeds on.
inline constexpr std::size_t kOutlierSeedsMin = 5;
struct ShapeFlags {
  std::vector<std::size_t> outliers;  // Indices into the values given.
  bool bimodal = false;
};
ShapeFlags shape_flags(const std::vector<double>& values);

// True for metrics that are quantiles or extremes of a run (p50_ms ... max_ms): these get
// median_interval in the merged output.
bool is_percentile_metric(const std::string& name);

struct SeedStats {
  std::size_t n = 0;
  double mean = 0;
  // Empty when n < 2 (no spread can be estimated from one seed).
  std::optional<double> sd;
  std::optional<double> ci95_low;
  std::optional<double> ci95_high;
  // The t interval reached below 0 although every value is >= 0: ci95_low was cut to 0
  // (the mean of a non-negative metric cannot be negative; the cut keeps the coverage).
  bool ci95_cut_at_zero = false;
  // A metric bounded to [0, 1] (is_unit_interval_metric: recall, shares, ratios) whose t
  // interval reached above 1: ci95_high was cut to 1, as the mean cannot exceed it.
  bool ci95_cut_at_one = false;
};

SeedStats seed_stats(const std::vector<double>& values);
// Metrics that cannot leave [0, 1]: recall_at_k, *_share, *_ratio, *_ratio_max, utilization.
bool is_unit_interval_metric(const std::string& name);
// Cuts a unit-interval metric's t interval to [0, 1] (ci95_cut_at_zero / ci95_cut_at_one):
// cutting an interval to the possible values keeps its coverage.
void clip_to_unit_interval(SeedStats& stats);
// t such that P(T <= t) = probability for Student's t with `degrees_of_freedom` (>= 1).
double student_t_quantile(double probability, std::size_t degrees_of_freedom);

}  // namespace ringsim
