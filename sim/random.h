// Seeded randomness. Every random number in a run comes from a stream derived from the
// scenario's master seed and a stream name ("arrivals", "service", ...). Streams are
// independent: adding a consumer with a new name does not shift any other stream.
//
// The generator is xoshiro256** seeded through SplitMix64; all distributions are
// implemented here (not the standard library's, whose algorithms differ between
// implementations), so a run depends only on the seed and the binary.
#pragma once

#include <cstdint>
#include <string_view>

namespace ringsim {

std::uint64_t splitmix64(std::uint64_t& state);

// Seed of the stream `name` under `master_seed`.
std::uint64_t derive_stream_seed(std::uint64_t master_seed, std::string_view name);

class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  Rng(std::uint64_t master_seed, std::string_view stream_name)
      : Rng(derive_stream_seed(master_seed, stream_name)) {}

  std::uint64_t next_u64();
  // Uniform in [0, 1), 53 random bits.
  double next_unit();
  // Uniform in (0, 1): safe to take the logarithm of.
  double next_open_unit();
  // Uniform integer in [0, bound), unbiased. bound > 0.
  std::uint64_t next_below(std::uint64_t bound);
  double next_exponential(double mean);
  double next_standard_normal();

 private:
  std::uint64_t state_[4];
};

// Zipf-distributed ranks in [1, n] with P(k) proportional to k^-exponent, by rejection
// inversion (Hörmann and Derflinger 1996): O(1) time and memory for any n.
class ZipfGenerator {
 public:
  ZipfGenerator(std::uint64_t n, double exponent);
  std::uint64_t sample(Rng& rng) const;
  std::uint64_t n() const { return n_; }
  double exponent() const { return exponent_; }

 private:
  double h(double x) const;
  double h_integral(double x) const;
  double h_integral_inverse(double x) const;

  std::uint64_t n_;
  double exponent_;
  double h_integral_x1_;
  double h_integral_n_;
  double squeeze_;
};

}  // namespace ringsim
