// Parts of merged.json that describe one metric or one membership change across the seeds
// of a grid point (docs/sweeps.md): the per-seed values with the statistics that assume no
// distribution, and the per-change breakdown of the runs' changes tables.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ringsim {

// Adds per_seed, min, max, median, interval ("mean_t" or "median_order_statistic" with
// median_ci_*), outlier_seeds and bimodal (cli/merge_stats.h) to `out`.
void add_distribution_free(nlohmann::ordered_json& out, const std::string& name, const std::vector<double>& values,
                           const std::vector<std::uint64_t>& seeds);
// The membership changes of every seed (each run's "changes" table, by ascending seed), by
// change index: what happened (from the first seed that has it) and each numeric column's
// (time_s included) mean, min, max and per-seed values.
nlohmann::ordered_json changes_json(const std::vector<nlohmann::ordered_json>& runs);

}  // namespace ringsim
