// The client's retry policy, as real RPC clients implement it; pure state with no events
// (the client path asks and reports, and schedules what these decide):
//
//   backoff_delay_ns  the pause before retry n (n = 1 for the first retry), after the AWS
//                     Architecture Blog's "Exponential Backoff and Jitter" (Brooker, 2015):
//                     ceiling = min(backoff_max, backoff_base * multiplier^(n-1)),
//                     multiplier 2 by default; with jitter "full" this is gRPC's retry
//                     backoff (gRFC A6: random(0, min(initialBackoff *
//                     backoffMultiplier^(n-1), maxBackoff)));
//                     none: ceiling; full: uniform[0, ceiling); equal: ceiling/2 +
//                     uniform[0, ceiling/2). backoff_base 0 retries at once.
//   RetryBudget       a token bucket bounding retries to a share of requests: each request
//                     deposits `ratio` tokens (Finagle's RetryBudget percentCanRetry), each
//                     retry withdraws one token or is refused; the balance starts full and
//                     is capped at max_tokens, so over any stretch retries <= ratio *
//                     requests + max_tokens. ringsim's own: it is neither Finagle's budget
//                     (deposits expire) nor gRPC's throttling (failures cost tokens); those
//                     two are in retry_limits.h.
//   CircuitBreaker    closed / open / half-open (Nygard, "Release It!", as in Hystrix):
//                     closed counts attempt outcomes over a sliding window of 10 buckets of
//                     window/10; when at least min_requests ended and the failed share
//                     reached failure_ratio it opens: attempts are refused for open_ns;
//                     then half-open lets one probe out: success closes it (window
//                     cleared), failure opens it again.
//
// Units: ns of virtual time. Randomness only from the Rng the caller passes (the client's
// "client.backoff" stream).
#pragma once

#include <array>
#include <cstdint>

#include "cluster/cluster_config.h"
#include "sim/random.h"
#include "sim/time.h"

namespace ringsim {

TimeNs backoff_delay_ns(const ClientConfig& config, std::uint32_t retry, Rng& rng);

class RetryBudget {
 public:
  // ratio < 0: no budget (every retry allowed).
  RetryBudget(double ratio, double max_tokens);

  void on_request();
  // A retry asks to go out: true (and one token withdrawn) or false (refused).
  bool try_withdraw();
  double balance() const { return balance_; }
  bool limited() const { return ratio_ >= 0; }

 private:
  double ratio_;
  double max_tokens_;
  double balance_;
};

class CircuitBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };
  static constexpr int kBuckets = 10;

  explicit CircuitBreaker(const CircuitBreakerConfig& config);

  // Whether an attempt may go out now. Open turns half-open once open_ns has passed;
  // half-open admits one probe at a time. Always true when disabled.
  bool allow(TimeNs now_ns);
  void on_success(TimeNs now_ns);
  void on_failure(TimeNs now_ns);

  State state() const { return state_; }
  std::uint64_t opens() const { return opens_; }
  bool enabled() const { return config_.enabled; }

 private:
  struct Bucket {
    std::int64_t epoch = -1;
    std::uint64_t successes = 0;
    std::uint64_t failures = 0;
  };
  Bucket& bucket_at(TimeNs now_ns);
  void open(TimeNs now_ns);
  void clear_window();

  CircuitBreakerConfig config_;
  TimeNs bucket_ns_;
  std::array<Bucket, kBuckets> buckets_{};
  State state_ = State::kClosed;
  TimeNs opened_at_ns_ = 0;
  bool probe_out_ = false;
  TimeNs probe_sent_ns_ = 0;
  std::uint64_t opens_ = 0;
};

}  // namespace ringsim
