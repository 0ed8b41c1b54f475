// Cluster panel (ImGui): one row per node (state, utilization of the last window, queue,
// keys and bytes held, requests served, bytes sent and received) and the cluster's totals
// (under-replicated and lost keys, transfers streaming, migration bytes remaining).
//
// Faults from the GUI: clicking a node's row opens a menu (fail, recover, slow, partition,
// remove); the buttons above the table add a node, set the request rate, make a key hot,
// and save the scenario as run. The panel only reports what was asked (ClusterCommands);
// the caller turns it into Session::inject / save_scenario after every panel has drawn.
// Rows keep what a viewer must see in view: failed, booting, draining and fenced nodes
// first, then nodes added during the run, then the rest; nodes that left go last.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "viz/layout.h"
#include "viz/search_picker.h"
#include "viz/series_lookup.h"
#include "models/cluster/cluster_view.h"
#include "run/run.h"

namespace ringsim::viz {

// The panel's own inputs, kept between frames.
struct ClusterPanelState {
  double rate_qps = 0;  // 0: not yet initialised from the scenario
  char save_path[256] = "scenario-with-faults.json";
  std::string last_message;
  SearchPicker searches;  // vector mode: which recent search is shown
};

// What the user asked for in this frame.
struct ClusterCommands {
  std::optional<nlohmann::json> inject;  // a timeline action without "at_s"
  std::optional<std::string> save_path;
};

// The fault menu of one node (a table row's, and a ring marker's on click), inside an
// open popup: fail, recover, slow, partition, remove.
void ShowNodeFaultMenu(const Node& node, ClusterCommands& commands);

void ShowClusterPanel(const Run& run, const ClusterView& model, std::uint64_t generation, const RectF& rect,
                      SeriesLookup& series, ClusterPanelState& state, ClusterCommands& commands);

}  // namespace ringsim::viz
