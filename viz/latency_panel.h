// Latency panel (ImGui): per operation type, p50 and p99 per measurement window over the
// run with the scenario's SLO (an expectation on "<op>.p99_ms"), the distribution of the
// window in progress, and the run's totals. Reads the run's metrics only.
#pragma once

#include <cstdint>

#include "viz/layout.h"
#include "viz/series_lookup.h"
#include "run/run.h"

namespace ringsim::viz {

struct LatencyPanelState {
  int op = -1;  // which operation the charts show; -1: not chosen yet (search when there is one)
};

void ShowLatencyPanel(const Run& run, std::uint64_t generation, const RectF& rect, SeriesLookup& series,
                      LatencyPanelState& state);

}  // namespace ringsim::viz
