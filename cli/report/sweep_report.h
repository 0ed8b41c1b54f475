// The sweep report: `ringsim report MERGED_DIR --out FILE.html` on a directory written by
// `ringsim merge` (docs/sweeps.md) renders one self-contained page with, per metric and per
// grid pointer, the mean across seeds and its 95 % confidence interval (Student's t, as
// merged.json holds it) as error bars against that pointer's values: one series per
// combination of the other pointers' values. Plotted: the metrics the scenario's
// expectations name, then each operation's mean/p50/p99 and the cluster's headline results;
// other varying metrics are rows of an "Other metrics" table (one column per point), and
// metrics equal at every point are listed in one table instead of drawn. Plots are <svg data-plot="sweep-METRIC-by-AXIS"> (METRIC with
// characters other than letters, digits, '-' and '_' as '-', AXIS the pointer's index).
//
// Errors: ConfigError naming merged.json and the JSON pointer when it is not a merge's output.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/report/html_page.h"

namespace ringsim::report {

// True when dir holds merged.json (a merge's output) and no summary.json (a run's).
bool is_merged_sweep_dir(const std::string& dir);
// Reads and checks DIR/merged.json.
nlohmann::ordered_json load_merged_sweep(const std::string& dir);
// metrics: draw only these, in this order (report --metrics); empty: the expectations'
// metrics and the headline ones drawn, the rest tabled.
std::string build_sweep_report_html(const nlohmann::ordered_json& merged, const std::string& source,
                                    const std::vector<std::string>& metrics = {});
HtmlPage build_sweep_report_page(const nlohmann::ordered_json& merged, const std::string& source,
                                 const std::vector<std::string>& metrics = {});

}  // namespace ringsim::report
