// What a run measures: per-operation latency histograms, counters, end-of-run results and
// a time series of fixed windows of virtual time.
//
// Names are registered up front (while the model is built), so a scenario's expectations
// can be checked against the full list of metric names before the run starts. Ids are
// dense indices in registration order, so iteration order is deterministic.
//
// Latencies recorded before the warm-up time go to the time series only, not to the
// run's totals, so steady-state statistics are not biased by an empty start.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/histogram.h"
#include "sim/time.h"

namespace ringsim {

using OpId = std::uint32_t;
using CounterId = std::uint32_t;
using ResultId = std::uint32_t;
using SeriesId = std::uint32_t;

// The statistics reported per operation type, in output order.
inline const std::vector<std::string>& op_stat_names() {
  static const std::vector<std::string> names = {"count",  "mean_ms", "p50_ms", "p90_ms",
                                                 "p95_ms", "p99_ms",  "p999_ms", "max_ms"};
  return names;
}

// A statistic that has no value (a latency percentile of a window or run without samples).
inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

// One window's value. Windows cover [window_start_ns, window_start_ns + window) and are
// stamped with their start. Latency statistics are of the samples that completed in the
// window (kNoValue when none did); gauges are read at the window's end, before any event at
// that instant (Simulator::schedule_first_at), so they are the state over the window's last
// instant and a change at exactly `end` belongs to the next row; a window maximum is the
// largest value its level had at any instant of [start, end), so a state shorter than a
// window still shows (docs/outputs.md). Rates divide by the window's real length, which
// is shorter than window_ns for a run's trailing partial window.
struct TimePoint {
  TimeNs window_start_ns;
  double value;
};

class Metrics {
 public:
  Metrics(TimeNs window_ns, TimeNs warmup_ns);

  OpId register_op(const std::string& name);
  CounterId register_counter(const std::string& name);
  ResultId register_result(const std::string& name);
  // A per-window quantity the model sets before each window closes (queue length...).
  SeriesId register_gauge(const std::string& name);
  // A per-window maximum of a level the model reports on every change (set_level): the
  // row holds the largest value of [start, end), starting from the level carried in.
  SeriesId register_window_max(const std::string& name);

  void record_latency(OpId op, TimeNs latency_ns, TimeNs now_ns);
  void add(CounterId counter, std::int64_t delta = 1) { counters_[counter] += delta; }
  void set_result(ResultId result, double value) { results_[result] = value; }
  void set_gauge(SeriesId gauge, double value);
  void set_level(SeriesId window_max, double value);

  // Appends the statistics and gauges of the window [window_start_ns, window_end_ns) to
  // the series, then starts the next window at window_end_ns. Called at each window
  // boundary by the run's window ticker, after the model sampled its gauges.
  void close_window(TimeNs window_start_ns, TimeNs window_end_ns);

  TimeNs window_ns() const { return window_ns_; }
  // The length in seconds of the window in progress if it closed at now_ns: the divisor of
  // a per-window rate (window_ns except for a trailing partial window).
  double open_window_s(TimeNs now_ns) const { return ns_to_s(now_ns - open_window_start_ns_); }
  TimeNs warmup_ns() const { return warmup_ns_; }

  const std::vector<std::string>& op_names() const { return op_names_; }
  const LatencyHistogram& op_histogram(OpId op) const { return op_totals_[op]; }
  // The histogram of the window in progress (for live views).
  const LatencyHistogram& op_window_histogram(OpId op) const { return op_window_[op]; }
  const std::vector<std::string>& counter_names() const { return counter_names_; }
  std::int64_t counter(CounterId counter) const { return counters_[counter]; }
  const std::vector<std::string>& result_names() const { return result_names_; }
  double result(ResultId result) const { return results_[result]; }

  const std::vector<std::string>& series_names() const { return series_names_; }
  const std::vector<TimePoint>& series(SeriesId id) const { return series_[id]; }

  // Every name a summary will contain: "<op>.<stat>", counters and results.
  std::vector<std::string> summary_metric_names() const;

 private:
  SeriesId add_series(const std::string& name);
  // Counter and result names share one namespace with "<op>.<stat>".
  void require_unique(const std::string& name) const;

  TimeNs window_ns_;
  TimeNs warmup_ns_;

  std::vector<std::string> op_names_;
  std::vector<LatencyHistogram> op_totals_;
  std::vector<LatencyHistogram> op_window_;
  std::vector<SeriesId> op_first_series_;

  std::vector<std::string> counter_names_;
  std::vector<std::int64_t> counters_;
  std::vector<std::string> result_names_;
  std::vector<double> results_;

  std::vector<SeriesId> gauge_series_;
  std::vector<double> gauge_values_;
  struct WindowMax {
    SeriesId series;
    double level;
    double peak;
  };
  std::vector<WindowMax> window_max_;
  TimeNs open_window_start_ns_ = 0;

  std::vector<std::string> series_names_;
  std::vector<std::vector<TimePoint>> series_;
};

}  // namespace ringsim
