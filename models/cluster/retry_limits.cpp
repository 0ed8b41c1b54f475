#include "models/cluster/retry_limits.h"

#include <algorithm>
#include <cmath>

#include "sim/assert.h"

namespace ringsim {

GrpcRetryThrottle::GrpcRetryThrottle(const RetryThrottlingConfig& config)
    : enabled_(config.enabled),
      max_milli_(std::llround(config.max_tokens * 1000)),
      ratio_milli_(std::llround(config.token_ratio * 1000)),
      milli_tokens_(max_milli_) {}

void GrpcRetryThrottle::on_failure() { milli_tokens_ = std::max<std::int64_t>(0, milli_tokens_ - 1000); }

void GrpcRetryThrottle::on_success() { milli_tokens_ = std::min(max_milli_, milli_tokens_ + ratio_milli_); }

// A6: "If token_count is less than or equal to the threshold [max_tokens / 2], retries will
// be throttled." Compared doubled to stay in integers.
bool GrpcRetryThrottle::allows() const { return !enabled_ || 2 * milli_tokens_ > max_milli_; }

FinagleRetryBudget::FinagleRetryBudget(const FinagleBudgetConfig& config)
    : enabled_(config.enabled),
      empty_(config.min_retries_per_s == 0 && config.percent_can_retry == 0),
      slice_ns_(std::max<TimeNs>(1, config.ttl_s * kNsPerS / kSlices)),
      // RetryBudget.scala: ScaleFactor 1000 lets percentCanRetry exceed 1 in integers.
      deposit_amount_(config.percent_can_retry == 0 ? 0 : 1000),
      withdrawal_amount_(config.percent_can_retry == 0
                             ? 1
                             : static_cast<std::int64_t>(1000.0 / config.percent_can_retry)),
      reserve_(std::int64_t{config.min_retries_per_s} * config.ttl_s * withdrawal_amount_) {
  RINGSIM_ASSERT(!enabled_ || withdrawal_amount_ >= 1);
}

void FinagleRetryBudget::add(TimeNs now_ns, std::int64_t amount) {
  const std::int64_t epoch = now_ns / slice_ns_;
  Slice& slice = slices_[static_cast<std::size_t>(epoch % kSlices)];
  if (slice.epoch != epoch) slice = Slice{epoch, 0};
  slice.sum += amount;
}

std::int64_t FinagleRetryBudget::count(TimeNs now_ns) const {
  const std::int64_t epoch = now_ns / slice_ns_;
  std::int64_t sum = reserve_;
  for (const Slice& slice : slices_) {
    if (slice.epoch > epoch - kSlices && slice.epoch <= epoch) sum += slice.sum;
  }
  return sum;
}

void FinagleRetryBudget::deposit(TimeNs now_ns) {
  if (enabled_ && deposit_amount_ > 0) add(now_ns, deposit_amount_);
}

bool FinagleRetryBudget::try_withdraw(TimeNs now_ns) {
  if (!enabled_) return true;
  if (empty_ || count(now_ns) < withdrawal_amount_) return false;
  add(now_ns, -withdrawal_amount_);
  return true;
}

std::int64_t FinagleRetryBudget::balance(TimeNs now_ns) const {
  if (!enabled_ || empty_) return enabled_ ? 0 : 1;
  return std::max<std::int64_t>(0, count(now_ns) / withdrawal_amount_);
}

}  // namespace ringsim
