// `ringsim merge DIR... --out DIR2`: pools the runs of one or more sweep directories per
// grid point, across seeds. For every scalar metric of summary.json: mean, sd and the 95 %
// Student-t interval (cli/merge_stats.h); per operation, the latency histograms of all
// seeds merged exactly (pooled percentiles, not averages of percentiles); counters summed.
// Writes DIR2/merged.csv (one row per grid point) and DIR2/merged.json; the formats are in
// docs/sweeps.md. Output depends only on the runs' contents and the order of the DIRs, never
// on how or where the runs were executed (wall_time_s is left out).
//
// Exit codes: 0 ok; 2 bad input (not a sweep directory, an unfinished point, a point that
// appears twice, malformed files); 3 the outputs could not be written.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace ringsim {

struct MergeOptions {
  std::vector<std::string> sweep_dirs;
  std::string out_dir;
};

CLI::App* add_merge_command(CLI::App& app, MergeOptions& options);
int run_merge_command(const MergeOptions& options);

}  // namespace ringsim
