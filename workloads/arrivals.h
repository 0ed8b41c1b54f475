// Open-loop arrival processes: the time between requests does not depend on how fast the
// system answers, so measured latency includes queueing (no coordinated omission).
#pragma once

#include "sim/json_reader.h"
#include "sim/random.h"
#include "sim/time.h"

namespace ringsim {

struct ArrivalConfig {
  enum class Type { kPoisson, kConstant };
  Type type = Type::kPoisson;
  double rate_qps = 0;
};

// The highest request rate a scenario may ask for; beyond it a run would take hours of
// wall time, which is a mistake in the scenario rather than an experiment.
inline constexpr double kRateQpsMax = 1e8;

ArrivalConfig read_arrivals(ObjectReader reader);

class ArrivalProcess {
 public:
  ArrivalProcess(const ArrivalConfig& config, Rng rng);
  // Virtual time until the next arrival; at least 1 ns so time always advances.
  TimeNs next_gap_ns();
  // Changes the rate from the next gap on (timeline set_rate).
  void set_rate(double rate_qps);
  double rate_qps() const { return config_.rate_qps; }

 private:
  ArrivalConfig config_;
  Rng rng_;
  double mean_gap_ns_;
};

}  // namespace ringsim
