#include "sim/summary.h"

namespace ringsim {

OpSummary summarize_op(const std::string& name, const LatencyHistogram& histogram) {
  // No samples: every latency statistic is absent (null in summary.json), not 0.
  const bool empty = histogram.count() == 0;
  const auto quantile_ms = [&](double quantile) {
    return empty ? kNoValue : static_cast<double>(histogram.value_at_quantile_ns(quantile)) / kNsPerMs;
  };
  return OpSummary{name,
                   {static_cast<double>(histogram.count()), empty ? kNoValue : histogram.mean_ns() / kNsPerMs,
                    quantile_ms(0.50), quantile_ms(0.90), quantile_ms(0.95), quantile_ms(0.99),
                    quantile_ms(0.999), empty ? kNoValue : static_cast<double>(histogram.max_ns()) / kNsPerMs}};
}

std::optional<double> RunSummary::find(const std::string& metric) const {
  if (metric == "events") return static_cast<double>(events);
  if (metric == "sim_time_s") return sim_time_s;
  for (const OpSummary& op : ops) {
    const std::vector<std::string>& stat_names = op_stat_names();
    for (std::size_t stat = 0; stat < stat_names.size(); ++stat) {
      if (metric == op.name + "." + stat_names[stat]) return op.stats[stat];
    }
  }
  for (const auto& [name, value] : counters) {
    if (metric == name) return value;
  }
  return std::nullopt;
}

std::vector<std::string> summary_metric_names(const Metrics& metrics) {
  std::vector<std::string> names = {"events", "sim_time_s"};
  const std::vector<std::string> model_names = metrics.summary_metric_names();
  names.insert(names.end(), model_names.begin(), model_names.end());
  return names;
}

}  // namespace ringsim
