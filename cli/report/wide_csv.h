// The time series in wide format for spreadsheets: one row per window (time_s = window
// start), one column per series in registration order; an empty cell where a series has
// no value in that window (a node that did not exist yet).
#pragma once

#include <ostream>

#include "cli/report/run_data.h"

namespace ringsim::report {

void write_wide_csv(std::ostream& out, const SeriesTable& table);

}  // namespace ringsim::report
