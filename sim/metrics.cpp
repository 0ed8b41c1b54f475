#include "sim/metrics.h"

#include <algorithm>

#include "sim/assert.h"

namespace ringsim {

namespace {
// Per-op window statistics written to the series, in this order.
const std::vector<std::string>& op_window_stat_names() {
  static const std::vector<std::string> names = {"count",  "rate_qps", "mean_ms", "p50_ms",
                                                 "p95_ms", "p99_ms",   "p999_ms", "max_ms"};
  return names;
}
}  // namespace

Metrics::Metrics(TimeNs window_ns, TimeNs warmup_ns) : window_ns_(window_ns), warmup_ns_(warmup_ns) {
  RINGSIM_ASSERT(window_ns > 0);
  RINGSIM_ASSERT(warmup_ns >= 0);
}

void Metrics::require_unique(const std::string& name) const {
  const std::vector<std::string> names = summary_metric_names();
  RINGSIM_ASSERT(std::find(names.begin(), names.end(), name) == names.end());
}

SeriesId Metrics::add_series(const std::string& name) {
  series_names_.push_back(name);
  series_.emplace_back();
  return static_cast<SeriesId>(series_names_.size() - 1);
}

OpId Metrics::register_op(const std::string& name) {
  RINGSIM_ASSERT(std::find(op_names_.begin(), op_names_.end(), name) == op_names_.end());
  op_names_.push_back(name);
  op_totals_.emplace_back();
  op_window_.emplace_back();
  op_first_series_.push_back(static_cast<SeriesId>(series_names_.size()));
  for (const std::string& stat : op_window_stat_names()) add_series(name + "." + stat);
  return static_cast<OpId>(op_names_.size() - 1);
}

CounterId Metrics::register_counter(const std::string& name) {
  require_unique(name);
  counter_names_.push_back(name);
  counters_.push_back(0);
  return static_cast<CounterId>(counter_names_.size() - 1);
}

ResultId Metrics::register_result(const std::string& name) {
  require_unique(name);
  result_names_.push_back(name);
  results_.push_back(0);
  return static_cast<ResultId>(result_names_.size() - 1);
}

SeriesId Metrics::register_gauge(const std::string& name) {
  RINGSIM_ASSERT(std::find(series_names_.begin(), series_names_.end(), name) == series_names_.end());
  gauge_series_.push_back(add_series(name));
  gauge_values_.push_back(0);
  return static_cast<SeriesId>(gauge_series_.size() - 1);
}

void Metrics::set_gauge(SeriesId gauge, double value) { gauge_values_.at(gauge) = value; }

SeriesId Metrics::register_window_max(const std::string& name) {
  RINGSIM_ASSERT(std::find(series_names_.begin(), series_names_.end(), name) == series_names_.end());
  window_max_.push_back(WindowMax{add_series(name), 0, 0});
  return static_cast<SeriesId>(window_max_.size() - 1);
}

void Metrics::set_level(SeriesId window_max, double value) {
  WindowMax& entry = window_max_[window_max];
  entry.level = value;
  entry.peak = std::max(entry.peak, value);
}

void Metrics::record_latency(OpId op, TimeNs latency_ns, TimeNs now_ns) {
  RINGSIM_ASSERT(latency_ns >= 0);
  const auto value_ns = static_cast<std::uint64_t>(latency_ns);
  op_window_[op].record(value_ns);
  if (now_ns >= warmup_ns_) op_totals_[op].record(value_ns);
}

void Metrics::close_window(TimeNs window_start_ns, TimeNs window_end_ns) {
  RINGSIM_ASSERT(window_start_ns == open_window_start_ns_ && window_end_ns > window_start_ns);
  const double window_s = ns_to_s(window_end_ns - window_start_ns);
  for (OpId op = 0; op < op_names_.size(); ++op) {
    LatencyHistogram& window = op_window_[op];
    const double count = static_cast<double>(window.count());
    // A window in which the operation never completed has no latency: NaN (written as an
    // empty CSV cell / null), never 0, which would make an outage look fast.
    const auto ms = [&](double ns) { return window.count() == 0 ? kNoValue : ns / kNsPerMs; };
    const double values[] = {
        count,
        count / window_s,
        ms(window.mean_ns()),
        ms(static_cast<double>(window.value_at_quantile_ns(0.50))),
        ms(static_cast<double>(window.value_at_quantile_ns(0.95))),
        ms(static_cast<double>(window.value_at_quantile_ns(0.99))),
        ms(static_cast<double>(window.value_at_quantile_ns(0.999))),
        ms(static_cast<double>(window.max_ns())),
    };
    RINGSIM_ASSERT(std::size(values) == op_window_stat_names().size());
    for (std::size_t stat = 0; stat < std::size(values); ++stat) {
      series_[op_first_series_[op] + stat].push_back(TimePoint{window_start_ns, values[stat]});
    }
    window.reset();
  }
  for (std::size_t gauge = 0; gauge < gauge_series_.size(); ++gauge) {
    series_[gauge_series_[gauge]].push_back(TimePoint{window_start_ns, gauge_values_[gauge]});
  }
  for (WindowMax& entry : window_max_) {
    series_[entry.series].push_back(TimePoint{window_start_ns, entry.peak});
    entry.peak = entry.level;  // The next window starts at the level carried in.
  }
  open_window_start_ns_ = window_end_ns;
}

std::vector<std::string> Metrics::summary_metric_names() const {
  std::vector<std::string> names;
  for (const std::string& op : op_names_) {
    for (const std::string& stat : op_stat_names()) names.push_back(op + "." + stat);
  }
  names.insert(names.end(), counter_names_.begin(), counter_names_.end());
  names.insert(names.end(), result_names_.begin(), result_names_.end());
  return names;
}

}  // namespace ringsim
