#include "sim/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/assert.h"

namespace ringsim {

std::size_t LatencyHistogram::bucket_index(std::uint64_t value_ns) {
  if (value_ns < kExactLimitNs) return static_cast<std::size_t>(value_ns);
  // value_ns lies in [2^k, 2^(k+1)) with k >= kExactBits; its top kSubBucketBits bits
  // below the leading one select the sub-bucket.
  const int k = std::bit_width(value_ns) - 1;
  const std::uint64_t sub = (value_ns >> (k - kSubBucketBits)) - kSubBucketCount;
  return static_cast<std::size_t>(kExactLimitNs +
                                  static_cast<std::uint64_t>(k - kExactBits) * kSubBucketCount +
                                  sub);
}

std::uint64_t LatencyHistogram::bucket_lower_ns(std::size_t index) {
  RINGSIM_ASSERT(index < kBucketCount);
  if (index < kExactLimitNs) return index;
  const std::uint64_t offset = index - kExactLimitNs;
  const int k = kExactBits + static_cast<int>(offset / kSubBucketCount);
  const std::uint64_t sub = offset % kSubBucketCount;
  return (kSubBucketCount + sub) << (k - kSubBucketBits);
}

std::uint64_t LatencyHistogram::bucket_upper_ns(std::size_t index) {
  RINGSIM_ASSERT(index < kBucketCount);
  if (index < kExactLimitNs) return index;
  const int k = kExactBits + static_cast<int>((index - kExactLimitNs) / kSubBucketCount);
  // Written as lower + (width - 1) so the last bucket ends at 2^64 - 1 without overflow.
  return bucket_lower_ns(index) + ((std::uint64_t{1} << (k - kSubBucketBits)) - 1);
}

LatencyHistogram::LatencyHistogram() : counts_(kBucketCount, 0) {}

LatencyHistogram LatencyHistogram::from_parts(const std::vector<BucketCount>& buckets,
                                              std::uint64_t min_ns, std::uint64_t max_ns,
                                              Uint128 sum_ns) {
  LatencyHistogram histogram;
  for (const BucketCount& bucket : buckets) {
    if (bucket.count == 0) continue;
    if (bucket.count > std::numeric_limits<std::uint64_t>::max() - histogram.count_) {
      throw std::invalid_argument("histogram bucket counts overflow 64 bits");
    }
    histogram.counts_[bucket_index(bucket.lower_ns)] += bucket.count;
    histogram.count_ += bucket.count;
  }
  if (histogram.count_ == 0) {
    if (sum_ns != 0 || max_ns != 0) throw std::invalid_argument("empty histogram with a nonzero sum or max");
    return histogram;
  }
  // min and max must fall in the lowest and highest nonzero buckets, and the sum between
  // count * min and count * max, or the parts describe no real stream of values.
  std::size_t first = 0;
  while (histogram.counts_[first] == 0) first++;
  std::size_t last = kBucketCount - 1;
  while (histogram.counts_[last] == 0) last--;
  if (bucket_index(min_ns) != first || bucket_index(max_ns) != last || min_ns > max_ns) {
    throw std::invalid_argument("histogram min_ns " + std::to_string(min_ns) + " / max_ns " +
                                std::to_string(max_ns) + " outside the first / last nonzero bucket");
  }
  if (sum_ns < static_cast<Uint128>(min_ns) * histogram.count_ ||
      sum_ns > static_cast<Uint128>(max_ns) * histogram.count_) {
    throw std::invalid_argument("histogram sum_ns outside [count * min_ns, count * max_ns]");
  }
  histogram.min_ns_ = min_ns;
  histogram.max_ns_ = max_ns;
  histogram.sum_ns_ = sum_ns;
  return histogram;
}

void LatencyHistogram::record_n(std::uint64_t value_ns, std::uint64_t count) {
  if (count == 0) return;
  RINGSIM_ASSERT(count <= std::numeric_limits<std::uint64_t>::max() - count_);
  counts_[bucket_index(value_ns)] += count;
  count_ += count;
  min_ns_ = std::min(min_ns_, value_ns);
  max_ns_ = std::max(max_ns_, value_ns);
  sum_ns_ += static_cast<Uint128>(value_ns) * count;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  RINGSIM_ASSERT(other.count_ <= std::numeric_limits<std::uint64_t>::max() - count_);
  for (std::size_t index = 0; index < kBucketCount; index++) counts_[index] += other.counts_[index];
  count_ += other.count_;
  min_ns_ = std::min(min_ns_, other.min_ns_);
  max_ns_ = std::max(max_ns_, other.max_ns_);
  sum_ns_ += other.sum_ns_;
}

void LatencyHistogram::reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = 0;
  min_ns_ = std::numeric_limits<std::uint64_t>::max();
  max_ns_ = 0;
  sum_ns_ = 0;
}

double LatencyHistogram::mean_ns() const {
  if (count_ == 0) return 0.0;
  return static_cast<double>(sum_ns_) / static_cast<double>(count_);
}

std::uint64_t LatencyHistogram::value_at_quantile_ns(double quantile) const {
  RINGSIM_ASSERT(quantile >= 0.0 && quantile <= 1.0);  // Also rejects NaN.
  if (count_ == 0) return 0;
  // Above 2^53 the double product can round past count_; clamp before converting back.
  const double rank_real = std::ceil(quantile * static_cast<double>(count_));
  const std::uint64_t rank =
      rank_real >= static_cast<double>(count_)
          ? count_
          : std::max<std::uint64_t>(1, static_cast<std::uint64_t>(rank_real));
  std::uint64_t seen = 0;
  for (std::size_t index = 0; index < kBucketCount; index++) {
    seen += counts_[index];
    if (seen >= rank) {
      const std::uint64_t lower = bucket_lower_ns(index);
      const std::uint64_t mid = lower + (bucket_upper_ns(index) - lower) / 2;
      // The true value lies in [min, max], so clamping only moves the answer closer.
      return std::clamp(mid, min_ns_, max_ns_);
    }
  }
  RINGSIM_ASSERT(false);  // The counts sum to count_ >= rank.
  return 0;
}

bool LatencyHistogram::operator==(const LatencyHistogram& other) const {
  return count_ == other.count_ && min_ns_ == other.min_ns_ && max_ns_ == other.max_ns_ &&
         sum_ns_ == other.sum_ns_ && counts_ == other.counts_;
}

}  // namespace ringsim
