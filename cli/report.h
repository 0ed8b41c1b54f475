// How a finished run is shown and saved: the terminal table, summary.json and
// timeseries.csv. Formats are documented in docs/outputs.md.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/expectation.h"
#include "sim/metrics.h"
#include "sim/summary.h"
#include "run/scenario.h"

namespace ringsim {

// set_texts / inject_texts: the run's --set and --inject, echoed under the header so a
// pasted summary says which variant it is.
void print_summary_table(std::ostream& out, const Scenario& scenario, const RunSummary& summary,
                         double wall_time_s, const std::vector<ExpectationOutcome>& outcomes,
                         const std::vector<std::string>& set_texts = {},
                         const std::vector<std::string>& inject_texts = {});

nlohmann::ordered_json summary_to_json(const Scenario& scenario, const RunSummary& summary,
                                       double wall_time_s,
                                       const std::vector<ExpectationOutcome>& outcomes);

// Tidy long format, one row per (window, series): time_s,metric,value. Rows are ordered by
// window start, then by series registration order.
void write_timeseries_csv(std::ostream& out, const Metrics& metrics);

}  // namespace ringsim
