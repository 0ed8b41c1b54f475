// Arrivals replayed from a trace file: a CSV of request timestamps, or of per-interval
// rates, as exported from production monitoring. The scenario names the file (relative to
// the scenario file) inside an arrivals object:
//
//   {"type": "trace", "file": "traces/spike.csv", "time_scale": 1, "rate_scale": 1, "loop": true}
//
// File formats (a header line, then one row per line; blank lines and lines starting with
// '#' are skipped):
//   time_s              one request per row at that time; times non-decreasing. Replayed
//                       exactly, relative to the first row. One pass lasts
//                       (last - first) + the mean gap between rows.
//   time_s,rate_qps     the rate from that time until the next row (times increasing,
//                       relative to the first row; rates >= 0, one > 0). Arrivals are a
//                       Poisson process of that piecewise-constant rate, sampled exactly by
//                       integrating the rate. One pass lasts up to the last row plus the
//                       interval before it.
// time_scale stretches the trace's time (2 replays it half as fast; a rates trace keeps its
// rates), rate_scale multiplies a rates trace's rates (timestamps: must be 1). With loop the
// trace repeats; without it no request arrives after one pass.
//
// Errors name the trace file and line; the file is refused before reading when larger than
// kTraceBytesMax, and past kTraceRowsMax rows.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/json_reader.h"
#include "sim/random.h"
#include "sim/time.h"

namespace ringsim {

inline constexpr std::uintmax_t kTraceBytesMax = 256ull << 20;
inline constexpr std::size_t kTraceRowsMax = 10'000'000;

struct ArrivalTrace {
  enum class Kind { kTimestamps, kRates };
  Kind kind = Kind::kRates;
  std::string path;
  std::vector<TimeNs> times_ns;   // offsets from the first row, after time_scale
  std::vector<double> rates_qps;  // rates: by row, after rate_scale
  TimeNs period_ns = 0;           // one pass
  bool loop = false;
  double mean_rate_qps = 0;  // over one pass
  double peak_rate_qps = 0;
};

// Reads the trace keys of an arrivals object of type "trace" (`type` already read).
std::shared_ptr<const ArrivalTrace> read_trace_arrivals(ObjectReader& reader);

// The replay state of one process: where in the trace the next arrival comes from.
class TraceCursor {
 public:
  explicit TraceCursor(std::shared_ptr<const ArrivalTrace> trace) : trace_(std::move(trace)) {}
  // Time from now_ns to the next arrival (>= 1 ns); up to kTimeNsMax (never) when none is left.
  // rate_factor multiplies a rates trace (timeline set_rate).
  TimeNs next_gap_ns(TimeNs now_ns, double rate_factor, Rng& rng);
  // The rate at time_ns (rates: the row's rate; timestamps: the mean rate).
  double rate_at(TimeNs time_ns) const;

 private:
  TimeNs next_timestamp_gap_ns(TimeNs now_ns);
  TimeNs next_rate_gap_ns(TimeNs now_ns, double rate_factor, Rng& rng);

  std::shared_ptr<const ArrivalTrace> trace_;
  std::size_t next_row_ = 0;  // timestamps: the next row to replay
  TimeNs pass_start_ns_ = 0;  // timestamps: when the current pass began
};

}  // namespace ringsim
