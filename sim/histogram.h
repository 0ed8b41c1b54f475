// LatencyHistogram: a log-linear histogram (HdrHistogram style) of non-negative integer
// latencies in nanoseconds, covering the whole uint64 range.
//
// Contract:
//   - Values below kExactLimitNs get one bucket each, so they are reported exactly.
//   - Above, each power-of-two range [2^k, 2^(k+1)) is split into kSubBucketCount equal
//     buckets, so bucket width / bucket lower bound <= 1 / kSubBucketCount.
//   - value_at_quantile_ns returns the midpoint of the bucket holding the rank-th smallest
//     value (rank = max(1, ceil(quantile * count))), clamped to [min_ns, max_ns]; the
//     result is within 1/256 (< 1 %) of that exact value.
//   - count, min_ns, max_ns and mean_ns are exact (the sum is kept in 128 bits).
//   - merge(a, b) is equal (==) to recording both streams into one histogram.
//   - from_parts(buckets, min, max, sum) rebuilds a histogram equal (==) to the one whose
//     for_each_bucket / min_ns / max_ns / sum_ns gave those parts (saved runs are pooled
//     exactly this way); inconsistent parts throw std::invalid_argument.
//   - All memory is allocated in the constructor; recording never allocates.
// Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace ringsim {

class LatencyHistogram {
 public:
  __extension__ typedef unsigned __int128 Uint128;
  static constexpr int kSubBucketBits = 7;
  static constexpr std::uint64_t kSubBucketCount = std::uint64_t{1} << kSubBucketBits;
  // Below 2^(kSubBucketBits + 1) a sub-bucket would be at most one unit wide anyway.
  static constexpr int kExactBits = kSubBucketBits + 1;
  static constexpr std::uint64_t kExactLimitNs = std::uint64_t{1} << kExactBits;
  static constexpr int kValueBits = 64;
  // One bucket per exact value, then kSubBucketCount per power of two in [2^8, 2^64).
  static constexpr std::size_t kBucketCount =
      kExactLimitNs + static_cast<std::size_t>(kValueBits - kExactBits) * kSubBucketCount;

  // Bucket geometry, public so tests and the GUI can probe it. Bounds are inclusive.
  static std::size_t bucket_index(std::uint64_t value_ns);
  static std::uint64_t bucket_lower_ns(std::size_t index);
  static std::uint64_t bucket_upper_ns(std::size_t index);

  LatencyHistogram();

  // One nonzero bucket: its lower bound (any value inside it selects it) and its count.
  struct BucketCount {
    std::uint64_t lower_ns;
    std::uint64_t count;
  };
  static LatencyHistogram from_parts(const std::vector<BucketCount>& buckets, std::uint64_t min_ns,
                                     std::uint64_t max_ns, Uint128 sum_ns);

  void record(std::uint64_t value_ns) { record_n(value_ns, 1); }
  // Records `count` copies of value_ns; count == 0 is a no-op.
  void record_n(std::uint64_t value_ns, std::uint64_t count);
  void merge(const LatencyHistogram& other);
  void reset();

  std::uint64_t count() const { return count_; }
  std::uint64_t min_ns() const { return count_ == 0 ? 0 : min_ns_; }  // 0 when empty.
  std::uint64_t max_ns() const { return max_ns_; }                    // 0 when empty.
  double mean_ns() const;                                              // 0 when empty.
  Uint128 sum_ns() const { return sum_ns_; }                           // Exact.
  // quantile must be in [0, 1]. Returns 0 when empty.
  std::uint64_t value_at_quantile_ns(double quantile) const;

  bool operator==(const LatencyHistogram& other) const;

  // Calls f(lower_ns, upper_ns_inclusive, count) for each nonzero bucket, ascending.
  template <typename F>
  void for_each_bucket(F f) const {
    for (std::size_t index = 0; index < kBucketCount; index++) {
      if (counts_[index] != 0) f(bucket_lower_ns(index), bucket_upper_ns(index), counts_[index]);
    }
  }

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  // Sentinel so min() needs no emptiness branch when recording or merging.
  std::uint64_t min_ns_ = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t max_ns_ = 0;
  // count_ <= 2^64 - 1 and each value <= 2^64 - 1, so the sum fits in 128 bits.
  Uint128 sum_ns_ = 0;
};

}  // namespace ringsim
