#include "sim/random.h"

#include <cmath>
#include <numbers>

#include "sim/assert.h"

namespace ringsim {

std::uint64_t splitmix64(std::uint64_t& state) {
  state += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t derive_stream_seed(std::uint64_t master_seed, std::string_view name) {
  // FNV-1a of the name, then SplitMix64 rounds so nearby seeds and similar names still
  // give unrelated streams.
  std::uint64_t name_hash = 0xcbf29ce484222325ULL;
  for (const char c : name) {
    name_hash = (name_hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  std::uint64_t state = master_seed;
  const std::uint64_t mixed_seed = splitmix64(state);
  state = mixed_seed ^ name_hash;
  splitmix64(state);
  return splitmix64(state);
}

Rng::Rng(std::uint64_t seed) {
  std::uint64_t state = seed;
  for (std::uint64_t& word : state_) word = splitmix64(state);
}

namespace {
inline std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

std::uint64_t Rng::next_u64() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

double Rng::next_unit() {
  constexpr double kTwoPowMinus53 = 1.0 / 9007199254740992.0;
  return static_cast<double>(next_u64() >> 11) * kTwoPowMinus53;
}

double Rng::next_open_unit() {
  constexpr double kTwoPowMinus53 = 1.0 / 9007199254740992.0;
  return (static_cast<double>(next_u64() >> 11) + 0.5) * kTwoPowMinus53;
}

std::uint64_t Rng::next_below(std::uint64_t bound) {
  RINGSIM_ASSERT(bound > 0);
  // Lemire's multiply-shift with rejection of the biased low region.
  unsigned __int128 product = static_cast<unsigned __int128>(next_u64()) * bound;
  std::uint64_t low = static_cast<std::uint64_t>(product);
  if (low < bound) {
    const std::uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      product = static_cast<unsigned __int128>(next_u64()) * bound;
      low = static_cast<std::uint64_t>(product);
    }
  }
  return static_cast<std::uint64_t>(product >> 64);
}

double Rng::next_exponential(double mean) {
  RINGSIM_ASSERT(mean > 0);
  return -std::log(next_open_unit()) * mean;
}

double Rng::next_standard_normal() {
  // Box-Muller, one variate per call: no cached state, so the stream position is simply
  // "two uniforms per normal".
  const double radius = std::sqrt(-2.0 * std::log(next_open_unit()));
  return radius * std::cos(2.0 * std::numbers::pi * next_unit());
}

namespace {
// log1p(x)/x, continuous at 0.
double log1p_over_x(double x) {
  return std::abs(x) > 1e-8 ? std::log1p(x) / x : 1.0 - x * (0.5 - x / 3.0);
}
// expm1(x)/x, continuous at 0.
double expm1_over_x(double x) {
  return std::abs(x) > 1e-8 ? std::expm1(x) / x : 1.0 + x * 0.5 * (1.0 + x / 3.0);
}
}  // namespace

ZipfGenerator::ZipfGenerator(std::uint64_t n, double exponent) : n_(n), exponent_(exponent) {
  RINGSIM_ASSERT(n >= 1);
  RINGSIM_ASSERT(exponent >= 0);
  h_integral_x1_ = h_integral(1.5) - 1.0;
  h_integral_n_ = h_integral(static_cast<double>(n) + 0.5);
  squeeze_ = 2.0 - h_integral_inverse(h_integral(2.5) - h(2.0));
}

double ZipfGenerator::h(double x) const { return std::exp(-exponent_ * std::log(x)); }

double ZipfGenerator::h_integral(double x) const {
  const double log_x = std::log(x);
  return expm1_over_x((1.0 - exponent_) * log_x) * log_x;
}

double ZipfGenerator::h_integral_inverse(double x) const {
  double t = x * (1.0 - exponent_);
  if (t < -1.0) t = -1.0;  // Guards rounding at the upper end of the domain.
  return std::exp(log1p_over_x(t) * x);
}

std::uint64_t ZipfGenerator::sample(Rng& rng) const {
  for (;;) {
    const double u = h_integral_n_ + rng.next_unit() * (h_integral_x1_ - h_integral_n_);
    const double x = h_integral_inverse(u);
    double k = std::floor(x + 0.5);
    if (k < 1.0) k = 1.0;
    if (k > static_cast<double>(n_)) k = static_cast<double>(n_);
    if (k - x <= squeeze_ || u >= h_integral(k + 0.5) - h(k)) {
      return static_cast<std::uint64_t>(k);
    }
  }
}

}  // namespace ringsim
