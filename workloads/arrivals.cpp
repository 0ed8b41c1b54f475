#include "workloads/arrivals.h"

#include <cmath>

namespace ringsim {

ArrivalConfig read_arrivals(ObjectReader reader) {
  ArrivalConfig config;
  const std::string type = reader.required_choice("type", {"poisson", "constant"});
  config.type = type == "poisson" ? ArrivalConfig::Type::kPoisson : ArrivalConfig::Type::kConstant;
  config.rate_qps = reader.required_number("rate_qps", NumberRange::positive(kRateQpsMax));
  reader.finish();
  return config;
}

ArrivalProcess::ArrivalProcess(const ArrivalConfig& config, Rng rng)
    : config_(config), rng_(rng), mean_gap_ns_(static_cast<double>(kNsPerS) / config.rate_qps) {}

TimeNs ArrivalProcess::next_gap_ns() {
  const double gap_ns = config_.type == ArrivalConfig::Type::kPoisson
                            ? rng_.next_exponential(mean_gap_ns_)
                            : mean_gap_ns_;
  const auto rounded_ns = static_cast<TimeNs>(std::llround(gap_ns));
  return rounded_ns < 1 ? 1 : rounded_ns;
}

void ArrivalProcess::set_rate(double rate_qps) {
  config_.rate_qps = rate_qps;
  mean_gap_ns_ = static_cast<double>(kNsPerS) / rate_qps;
}

}  // namespace ringsim
