// One node of the virtual cluster: its lifecycle state, its cores and queue (a Station),
// and its counters. Plain data owned by ClusterState; the model drives the transitions.
//
// Lifecycle: booting -> up -> draining -> left (graceful), or any -> failed (crash; data
// lost) -> booting again on recover. A node that is declared dead while still running (a
// partition) is fenced: it stops serving and rejoins empty once reachable.
#pragma once

#include <cstdint>

#include "cluster/placement/placement.h"
#include "sim/station.h"
#include "sim/time.h"

namespace ringsim {

enum class NodeState : std::uint8_t { kBooting, kUp, kDraining, kLeft, kFailed, kFenced };

const char* node_state_name(NodeState state);

struct Node {
  NodeId id = 0;
  NodeState state = NodeState::kBooting;
  // Bumped on every crash and restart, so events addressed to an earlier life are ignored.
  std::uint32_t incarnation = 0;
  Station station{1, 1};
  double slow_factor = 1.0;
  TimeNs created_ns = 0;
  // False for compute-only nodes: never in the placement, no data, no client requests.
  bool holds_data = true;

  // Counters over the run.
  std::uint64_t requests_served = 0;
  double bytes_sent = 0;
  double bytes_received = 0;
  // Busy core-ns at the end of the previous measurement window (for per-window utilization).
  double window_busy_core_ns = 0;
  // Running at some instant of the current measurement window (at its start, or since):
  // such a node has a utilization for the window, 0 when idle, even if it crashed in it.
  bool ran_this_window = false;

  bool running() const { return state == NodeState::kUp || state == NodeState::kDraining; }
};

}  // namespace ringsim
