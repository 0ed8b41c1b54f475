// Two retry limits named for the systems they come from, beside ringsim's own non-expiring
// bucket (RetryBudget, retry_policy.h). Pure state, no events; units: ns of virtual time.
//
//   GrpcRetryThrottle   gRPC retry throttling (gRFC A6 "Client Retries", retryThrottling):
//                       token_count starts at max_tokens; every failed attempt subtracts 1
//                       (floor 0), every successful one adds token_ratio (cap max_tokens);
//                       retries and hedges go out only while token_count > max_tokens / 2.
//                       Kept in thousandths of a token: A6 allows token_ratio 3 decimals.
//                       Example: max_tokens 10, ratio 0.1, every attempt failing: 10 -> 9,
//                       8, 7, 6 allow 4 retries; at 5 every retry is throttled until
//                       successes lift the count above 5.
//   FinagleRetryBudget  Finagle's RetryBudget (twitter/finagle RetryBudget.scala over
//                       twitter/util TokenBucket.newLeakyBucket): each request deposits
//                       1000 units, a retry withdraws 1000 / percent_can_retry (1 when the
//                       percent is 0) and is allowed when the count >= that; the count is
//                       the sum of the deposits and withdrawals of the last ttl (a windowed
//                       adder of 10 slices, so each expires after about ttl) plus a reserve
//                       of min_retries_per_s x ttl_s withdrawals, renewed since it never
//                       leaves the count. Defaults (Finagle's): ttl 10 s, 10 retries/s, 20 %.
//                       So in any ttl: retries <= min_retries_per_s x ttl_s + 20 % of requests.
#pragma once

#include <array>
#include <cstdint>

#include "cluster/cluster_config.h"
#include "sim/time.h"

namespace ringsim {

class GrpcRetryThrottle {
 public:
  explicit GrpcRetryThrottle(const RetryThrottlingConfig& config);
  void on_failure();
  void on_success();
  // Whether a retry or hedge may go out now (always true when disabled).
  bool allows() const;
  double token_count() const { return static_cast<double>(milli_tokens_) / 1000; }
  bool enabled() const { return enabled_; }

 private:
  bool enabled_;
  std::int64_t max_milli_;
  std::int64_t ratio_milli_;
  std::int64_t milli_tokens_;
};

class FinagleRetryBudget {
 public:
  static constexpr int kSlices = 10;  // twitter/util WindowedAdder's slices per window.
  explicit FinagleRetryBudget(const FinagleBudgetConfig& config);
  void deposit(TimeNs now_ns);
  // A retry asks to go out: true (and the withdrawal made) or false (balance untouched).
  bool try_withdraw(TimeNs now_ns);
  // Retries that could go out now.
  std::int64_t balance(TimeNs now_ns) const;
  bool enabled() const { return enabled_; }

 private:
  struct Slice {
    std::int64_t epoch = -1;
    std::int64_t sum = 0;
  };
  std::int64_t count(TimeNs now_ns) const;
  void add(TimeNs now_ns, std::int64_t amount);

  bool enabled_;
  bool empty_;  // min_retries_per_s 0 and percent 0: Finagle's RetryBudget.Empty.
  TimeNs slice_ns_;
  std::int64_t deposit_amount_;
  std::int64_t withdrawal_amount_;
  std::int64_t reserve_;
  std::array<Slice, kSlices> slices_{};
};

}  // namespace ringsim
