#include "models/cluster/retry_policy.h"

#include <algorithm>
#include <cmath>

#include "sim/assert.h"

namespace ringsim {

TimeNs backoff_delay_ns(const ClientConfig& config, std::uint32_t retry, Rng& rng) {
  RINGSIM_ASSERT(retry >= 1);
  if (config.backoff_base_ns == 0) return 0;
  // In double: 2^(n-1) overflows an integer long before the cap stops mattering.
  const double ceiling_ns = std::min(static_cast<double>(config.backoff_max_ns),
                                     static_cast<double>(config.backoff_base_ns) *
                                         std::pow(config.backoff_multiplier, static_cast<int>(retry) - 1));
  double delay_ns = ceiling_ns;
  switch (config.jitter) {
    case ClientConfig::Jitter::kNone:
      break;
    case ClientConfig::Jitter::kFull:
      delay_ns = ceiling_ns * rng.next_unit();
      break;
    case ClientConfig::Jitter::kEqual:
      delay_ns = ceiling_ns / 2 + ceiling_ns / 2 * rng.next_unit();
      break;
  }
  return static_cast<TimeNs>(std::llround(delay_ns));
}

RetryBudget::RetryBudget(double ratio, double max_tokens)
    : ratio_(ratio), max_tokens_(max_tokens), balance_(max_tokens) {
  RINGSIM_ASSERT(max_tokens >= 1);
}

void RetryBudget::on_request() {
  if (ratio_ < 0) return;
  balance_ = std::min(max_tokens_, balance_ + ratio_);
}

bool RetryBudget::try_withdraw() {
  if (ratio_ < 0) return true;
  // A small tolerance: ten deposits of 0.1 make one token despite rounding.
  if (balance_ < 1 - 1e-9) return false;
  balance_ = std::max(0.0, balance_ - 1);
  return true;
}

CircuitBreaker::CircuitBreaker(const CircuitBreakerConfig& config)
    : config_(config), bucket_ns_(std::max<TimeNs>(1, config.window_ns / kBuckets)) {}

CircuitBreaker::Bucket& CircuitBreaker::bucket_at(TimeNs now_ns) {
  const std::int64_t epoch = now_ns / bucket_ns_;
  Bucket& bucket = buckets_[static_cast<std::size_t>(epoch % kBuckets)];
  if (bucket.epoch != epoch) bucket = Bucket{epoch, 0, 0};
  return bucket;
}

void CircuitBreaker::clear_window() { buckets_.fill(Bucket{}); }

void CircuitBreaker::open(TimeNs now_ns) {
  state_ = State::kOpen;
  opened_at_ns_ = now_ns;
  probe_out_ = false;
  opens_ += 1;
}

bool CircuitBreaker::allow(TimeNs now_ns) {
  if (!config_.enabled) return true;
  if (state_ == State::kOpen && now_ns - opened_at_ns_ >= config_.open_ns) state_ = State::kHalfOpen;
  switch (state_) {
    case State::kClosed:
      return true;
    case State::kOpen:
      return false;
    case State::kHalfOpen:
      // One probe at a time; a probe whose outcome never came back (its request ended
      // another way) is given up after open_ns.
      if (probe_out_ && now_ns - probe_sent_ns_ < config_.open_ns) return false;
      probe_out_ = true;
      probe_sent_ns_ = now_ns;
      return true;
  }
  return true;
}

void CircuitBreaker::on_success(TimeNs now_ns) {
  if (!config_.enabled) return;
  if (state_ == State::kHalfOpen && probe_out_) {
    state_ = State::kClosed;
    probe_out_ = false;
    clear_window();
    return;
  }
  if (state_ == State::kClosed) bucket_at(now_ns).successes += 1;
}

void CircuitBreaker::on_failure(TimeNs now_ns) {
  if (!config_.enabled) return;
  if (state_ == State::kHalfOpen && probe_out_) {
    open(now_ns);
    return;
  }
  if (state_ != State::kClosed) return;  // Outcomes of attempts sent before it opened.
  bucket_at(now_ns).failures += 1;
  const std::int64_t oldest_epoch = now_ns / bucket_ns_ - (kBuckets - 1);
  std::uint64_t successes = 0;
  std::uint64_t failures = 0;
  for (const Bucket& bucket : buckets_) {
    if (bucket.epoch < oldest_epoch) continue;
    successes += bucket.successes;
    failures += bucket.failures;
  }
  const std::uint64_t total = successes + failures;
  if (total >= config_.min_requests &&
      static_cast<double>(failures) >= config_.failure_ratio * static_cast<double>(total)) {
    open(now_ns);
    clear_window();
  }
}

}  // namespace ringsim
