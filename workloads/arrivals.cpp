#include "workloads/arrivals.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "sim/assert.h"

namespace ringsim {

namespace {
constexpr double kPeriodSMax = 1e6;
}  // namespace

double ArrivalConfig::peak_rate_qps() const {
  switch (type) {
    case Type::kDiurnal:
      return rate_qps * (1 + amplitude);
    case Type::kBursts:
      return std::max(rate_qps, burst_rate_qps);
    case Type::kTrace:
      return trace->peak_rate_qps * (rate_qps / trace->mean_rate_qps);
    default:
      return rate_qps;
  }
}

ArrivalConfig read_arrivals(ObjectReader reader) {
  ArrivalConfig config;
  const std::string type = reader.required_choice("type", {"poisson", "constant", "diurnal", "bursts", "trace"});
  if (type == "trace") {
    config.type = ArrivalConfig::Type::kTrace;
    config.trace = read_trace_arrivals(reader);
    config.rate_qps = config.trace->mean_rate_qps;
    reader.finish();
    return config;
  }
  config.rate_qps = reader.required_number("rate_qps", NumberRange::positive(kRateQpsMax));
  if (type == "poisson") {
    config.type = ArrivalConfig::Type::kPoisson;
  } else if (type == "constant") {
    config.type = ArrivalConfig::Type::kConstant;
  } else if (type == "diurnal") {
    config.type = ArrivalConfig::Type::kDiurnal;
    config.amplitude = reader.required_number("amplitude", NumberRange::at_least(0, 1));
    config.period_ns = seconds_to_ns(reader.required_number("period_s", NumberRange::positive(kPeriodSMax)));
  } else {
    config.type = ArrivalConfig::Type::kBursts;
    config.burst_rate_qps = reader.required_number("burst_rate_qps", NumberRange::positive(kRateQpsMax));
    config.burst_every_ns = seconds_to_ns(reader.required_number("burst_every_s", NumberRange::positive(kPeriodSMax)));
    config.burst_duration_ns =
        seconds_to_ns(reader.required_number("burst_duration_s", NumberRange::positive(kPeriodSMax)));
    if (config.burst_duration_ns > config.burst_every_ns) {
      reader.fail("burst_duration_s", "must be <= burst_every_s");
    }
  }
  reader.finish();
  return config;
}

ArrivalProcess::ArrivalProcess(const ArrivalConfig& config, Rng rng) : config_(config), rng_(rng) {
  RINGSIM_ASSERT(config.rate_qps > 0);
  if (config.type == ArrivalConfig::Type::kTrace) trace_.emplace(config.trace);
}

double ArrivalProcess::rate_at(TimeNs time_ns) const {
  switch (config_.type) {
    case ArrivalConfig::Type::kDiurnal: {
      const double phase = 2 * std::numbers::pi * static_cast<double>(time_ns % config_.period_ns) /
                           static_cast<double>(config_.period_ns);
      return config_.rate_qps * (1 + config_.amplitude * std::sin(phase));
    }
    case ArrivalConfig::Type::kBursts:
      return time_ns % config_.burst_every_ns < config_.burst_duration_ns ? config_.burst_rate_qps
                                                                           : config_.rate_qps;
    case ArrivalConfig::Type::kTrace:
      return trace_->rate_at(time_ns) * trace_rate_factor_;
    default:
      return config_.rate_qps;
  }
}

TimeNs ArrivalProcess::next_gap_ns(TimeNs now_ns) {
  const double ns_per_s = static_cast<double>(kNsPerS);
  if (config_.type == ArrivalConfig::Type::kTrace) return trace_->next_gap_ns(now_ns, trace_rate_factor_, rng_);
  // A next arrival past the engine's horizon means "no further arrival": it is clamped there,
  // as the trace cursor does. Any rate above 0 is legal, and 1e-7 per second asks for one
  // request in about four months, so times are bounded in double before they become integers.
  // (Below the horizon the arithmetic is unchanged: goldens depend on its rounding.)
  const double horizon_ns = static_cast<double>(kTimeNsMax);
  // The clamp to the horizon is made in integers: near 10^18 a double's step is 128 ns, so
  // horizon - now in double could round past the horizon (issue #24: a set_rate of 1e-12 at
  // t = 1 s aborted on the engine's `delay_ns <= kTimeNsMax - now_ns_`).
  const TimeNs to_horizon_ns = kTimeNsMax - now_ns;
  if (config_.type == ArrivalConfig::Type::kConstant) {
    const double gap_ns = std::min(ns_per_s / config_.rate_qps, horizon_ns - static_cast<double>(now_ns));
    return std::clamp<TimeNs>(static_cast<TimeNs>(std::llround(gap_ns)), 1, std::max<TimeNs>(1, to_horizon_ns));
  }
  const double peak_qps = config_.peak_rate_qps();
  double candidate_ns = static_cast<double>(now_ns);
  for (;;) {
    candidate_ns += rng_.next_exponential(ns_per_s / peak_qps);
    if (config_.type == ArrivalConfig::Type::kPoisson || candidate_ns >= horizon_ns) break;
    // Thinning: keep the candidate with probability rate(t) / peak.
    if (rng_.next_unit() * peak_qps < rate_at(static_cast<TimeNs>(candidate_ns))) break;
  }
  if (!(candidate_ns < horizon_ns)) return std::max<TimeNs>(1, to_horizon_ns);  // Also NaN (rate 5e-324).
  const auto gap_ns = static_cast<TimeNs>(std::llround(candidate_ns - static_cast<double>(now_ns)));
  return std::clamp<TimeNs>(gap_ns, 1, std::max<TimeNs>(1, to_horizon_ns));
}

void ArrivalProcess::set_rate(double rate_qps) {
  const double factor = rate_qps / config_.rate_qps;
  config_.rate_qps = rate_qps;
  config_.burst_rate_qps *= factor;
  // A rates trace scales; a timestamps trace cannot (the scenario loader refuses set_rate).
  trace_rate_factor_ *= factor;
}

}  // namespace ringsim
