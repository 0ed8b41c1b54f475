// `ringsim diff A B`: two run output directories (ringsim run --out) side by side, from
// their summary.json: metric, A, B, change, change %. Metrics: events, sim_time_s, every
// "<op>.<stat>" and every counter/result; a metric only one side has shows "-" on the
// other; a statistic without samples (null) shows "-". Whole numbers print as integers with
// thousands separators. Rows are sorted by the size of the relative change, largest first
// (a change from 0 counts as infinite; unchanged metrics last, in A's order);
// `--order file` keeps A's order.
// `--threshold METRIC=PCT` (repeatable): a gate. Exit 1 when |relative change| of METRIC
// exceeds PCT percent (a change from 0 exceeds any threshold), each breach printed.
// Exit codes: 0 printed, no threshold exceeded; 1 a threshold exceeded; 2 a directory
// without a readable summary.json, a malformed threshold or one naming a metric that either
// side lacks.
#pragma once

#include <string>
#include <vector>

namespace ringsim {

struct DiffOptions {
  std::string a_dir;
  std::string b_dir;
  bool changed_only = false;
  bool file_order = false;                  // --order file
  std::vector<std::string> thresholds;      // METRIC=PCT
};
int command_diff(const DiffOptions& options);

}  // namespace ringsim
