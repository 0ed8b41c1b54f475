// The HTML report of one run, or of several runs compared (one line per run in every
// plot, labelled by what differs between them). Sections appear only when the runs have
// their data: latency over time per operation, per-node utilization and requests, the
// ring around membership changes, data movement, the autoscaler, vector search, DAG runs,
// the changes table. See docs/report.md.
#pragma once

#include <string>
#include <vector>

#include "cli/report/html_page.h"
#include "cli/report/run_data.h"

namespace ringsim::report {

// Labels the runs (label_runs) and returns the complete page.
std::string build_report_html(std::vector<RunData> runs);
// The same page before it is rendered: for --markdown and --svg-dir (HtmlPage::markdown,
// HtmlPage::figures).
HtmlPage build_report_page(std::vector<RunData> runs);

}  // namespace ringsim::report
