// What the browser player (player_page.h) replays: one run's data, sampled per measurement
// window, as one JSON object the page's script reads. Everything comes from what the run
// already records (report/run_data.h: summary.json, timeseries.csv, cluster.json), so the
// player shows the same numbers as the CSV at the same instant; nothing is recomputed.
//
// Shape (documented in docs/gui.md, "The browser player"):
//   scenario, description, duration_s, window_s, overrides, injections
//   times        window starts of the sampled windows (every `every`-th of windows_total)
//   series       name -> values aligned with times (null: empty cell), for the series the
//                page draws: <op>.p50_ms/p95_ms/p99_ms/count, nodes_up, under_replicated,
//                lost_keys, migration_bytes_remaining, migration_bytes_per_s, recall_at_k,
//                autoscaler.desired_nodes, node.N.keys, node.N.utilization
//   ops          operations with latency series, in registration order
//   nodes        node ids; node_states: id -> per sampled window 0 absent (no row yet),
//                1 down (utilization empty: crashed, booting or gone), 2 up and a member of
//                the ring, 3 up but not a member (joining, draining, compute-only)
//   ring         cluster.json's ring snapshots (owners, tokens, members, shard_replicas)
//                and ring_samples; null for a station scenario
//   markers      timeline actions and decisions (report's change_markers)
//   captions     the narration captions that fired: index (1-based), time_s, text as at
//                their moment (run/narration.h), trigger
// Bound: at most kPlayerWindowsMax sampled windows (larger runs take every k-th window,
// each sampled window's values are its own CSV row, never averaged).
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "cli/report/run_data.h"

namespace ringsim::player {

inline constexpr std::size_t kPlayerWindowsMax = 1200;

nlohmann::json player_data(const report::RunData& run);

}  // namespace ringsim::player
