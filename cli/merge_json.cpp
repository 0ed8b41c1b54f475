#include "cli/merge_json.h"

#include <algorithm>
#include <optional>

#include "cli/merge_stats.h"

namespace ringsim {

// The per-seed values and what does not assume normality: median, range, outliers, a
// bimodality flag, and for percentile-type metrics the median's order-statistic interval
// (cli/merge_stats.h).
void add_distribution_free(nlohmann::ordered_json& out, const std::string& name, const std::vector<double>& values,
                           const std::vector<std::uint64_t>& seeds) {
  nlohmann::ordered_json per_seed = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < values.size() && i < seeds.size(); ++i) per_seed.push_back({seeds[i], values[i]});
  out["per_seed"] = std::move(per_seed);
  if (values.empty()) return;
  out["min"] = *std::min_element(values.begin(), values.end());
  out["max"] = *std::max_element(values.begin(), values.end());
  const std::optional<OrderStatInterval> interval = median_interval(values);
  out["median"] = interval->median;
  if (is_percentile_metric(name) && values.size() >= 2) {
    out["interval"] = "median_order_statistic";
    out["median_ci_low"] = interval->low;
    out["median_ci_high"] = interval->high;
    out["median_ci_level"] = interval->level;
  } else {
    out["interval"] = "mean_t";
  }
  const ShapeFlags flags = shape_flags(values);
  nlohmann::ordered_json outliers = nlohmann::ordered_json::array();
  for (const std::size_t i : flags.outliers) outliers.push_back(seeds.at(i));
  out["outlier_seeds"] = std::move(outliers);
  out["bimodal"] = flags.bimodal;
}

// The membership changes of every seed, by change index: what happened (from the first seed
// that has it) and each numeric column's (time_s included) mean, min and max over the seeds,
// plus per seed.
nlohmann::ordered_json changes_json(const std::vector<nlohmann::ordered_json>& runs) {
  std::size_t count = 0;
  for (const auto& table : runs) count = std::max(count, table.is_array() ? table.size() : 0);
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (std::size_t c = 0; c < count; ++c) {
    nlohmann::ordered_json row;
    row["index"] = c;
    std::vector<std::pair<std::string, std::vector<double>>> columns;
    std::size_t seeds = 0;
    for (const auto& table : runs) {
      if (!table.is_array() || c >= table.size() || !table[c].is_object()) continue;
      seeds += 1;
      for (const auto& [key, value] : table[c].items()) {
        // time_s too: a detector's declared_dead differs across seeds (10.2 s in two, 10.3 s in one).
        if (value.is_number()) {
          const std::string column = key;  // clang 14 cannot capture a structured binding
          auto found = std::find_if(columns.begin(), columns.end(), [&](const auto& e) { return e.first == column; });
          if (found == columns.end()) {
            columns.emplace_back(key, std::vector<double>{});
            found = columns.end() - 1;
          }
          found->second.push_back(value.get<double>());
        } else if (!row.contains(key)) {
          row[key] = value;
        }
      }
    }
    row["seeds"] = seeds;
    for (const auto& [key, values] : columns) {
      const SeedStats stats = seed_stats(values);
      row[key] = {{"mean", stats.mean},
                  {"min", *std::min_element(values.begin(), values.end())},
                  {"max", *std::max_element(values.begin(), values.end())},
                  {"per_seed", values}};
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace ringsim
