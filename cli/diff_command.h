// `ringsim diff A B`: two run output directories (ringsim run --out) side by side, from
// their summary.json: metric, A, B, change, change %. Metrics: events, sim_time_s, every
// "<op>.<stat>" and every counter/result; a metric only one side has shows "-" on the
// other. Whole numbers print as integers with thousands separators.
// Exit codes: 0 printed (whatever the differences); 2 a directory without a readable
// summary.json.
#pragma once

#include <string>

namespace ringsim {

struct DiffOptions {
  std::string a_dir;
  std::string b_dir;
  bool changed_only = false;
};
int command_diff(const DiffOptions& options);

}  // namespace ringsim
