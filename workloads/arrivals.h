// Open-loop arrival processes: the time between requests does not depend on how fast the
// system answers, so measured latency includes queueing (no coordinated omission).
//
//   {"type": "poisson", "rate_qps": 800}
//   {"type": "constant", "rate_qps": 800}
//   {"type": "diurnal", "rate_qps": 800, "amplitude": 0.5, "period_s": 60}
//       rate(t) = rate_qps x (1 + amplitude x sin(2 pi t / period_s)), Poisson
//   {"type": "bursts", "rate_qps": 800, "burst_rate_qps": 4000, "burst_every_s": 20,
//    "burst_duration_s": 2}
//       Poisson at burst_rate_qps for burst_duration_s at the start of every burst_every_s
//   {"type": "trace", "file": "traces/day.csv", "time_scale": 1, "rate_scale": 1, "loop": true}
//       replayed from a CSV of request timestamps or of per-interval rates
//       (workloads/trace_arrivals.h); rate_qps is then the trace's mean rate
//
// Time-varying rates are sampled exactly by thinning (Lewis and Shedler): candidates at
// the peak rate, each kept with probability rate(t) / peak.
#pragma once

#include <memory>
#include <optional>

#include "sim/json_reader.h"
#include "sim/random.h"
#include "sim/time.h"
#include "workloads/trace_arrivals.h"

namespace ringsim {

struct ArrivalConfig {
  enum class Type { kPoisson, kConstant, kDiurnal, kBursts, kTrace };
  Type type = Type::kPoisson;
  double rate_qps = 0;
  double amplitude = 0;       // diurnal, in [0, 1]
  TimeNs period_ns = 0;       // diurnal
  double burst_rate_qps = 0;  // bursts
  TimeNs burst_every_ns = 0;  // bursts
  TimeNs burst_duration_ns = 0;
  std::shared_ptr<const ArrivalTrace> trace;  // trace

  // The highest instantaneous rate the process reaches.
  double peak_rate_qps() const;
};

// The highest request rate a scenario may ask for; beyond it a run would take hours of
// wall time, which is a mistake in the scenario rather than an experiment.
inline constexpr double kRateQpsMax = 1e8;

ArrivalConfig read_arrivals(ObjectReader reader);

class ArrivalProcess {
 public:
  ArrivalProcess(const ArrivalConfig& config, Rng rng);
  // Virtual time from now_ns until the next arrival; at least 1 ns so time advances.
  TimeNs next_gap_ns(TimeNs now_ns);
  // Scales the process to a new base rate from the next gap on (timeline set_rate); burst
  // rates scale by the same factor.
  void set_rate(double rate_qps);
  double rate_qps() const { return config_.rate_qps; }
  // The instantaneous rate at time_ns.
  double rate_at(TimeNs time_ns) const;

 private:
  ArrivalConfig config_;
  Rng rng_;
  std::optional<TraceCursor> trace_;  // trace: the replay position
  double trace_rate_factor_ = 1;      // trace: set_rate's factor over the trace's rates
};

}  // namespace ringsim
