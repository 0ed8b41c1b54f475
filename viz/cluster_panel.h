// Cluster panel (ImGui): one row per node (state, utilization of the last window, queue,
// keys and bytes held, requests served, bytes sent and received) and the cluster's totals
// (under-replicated and lost keys, transfers streaming, migration bytes remaining).
#pragma once

#include <cstdint>

#include "viz/layout.h"
#include "viz/series_lookup.h"
#include "models/cluster/cluster_model.h"
#include "run/run.h"

namespace ringsim::viz {

void ShowClusterPanel(const Run& run, const ClusterModel& model, std::uint64_t generation, const RectF& rect,
                      SeriesLookup& series);

}  // namespace ringsim::viz
