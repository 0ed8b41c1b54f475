// The hot-key results (hot_node_share, hot_node_p99_ms, other_nodes_p99_ms, cache_hit_ratio)
// judge a hot-key mitigation; in a scenario without hot keys they measure nothing the
// scenario asked about (a uniform workload's busiest node is noise), so they are absent:
// null in summary.json, "n/a (no hot keys)" on the console, left out of merged sweeps.
//
// A scenario has hot keys when its document has any of: a timeline action "hot_key",
// cluster.hot_keys (hot-key replicas), a node cache with capacity_entries > 0, or a
// non-uniform key popularity (workload.popularity.type "zipf": its top ranks are hot keys).
// cache_hit_ratio is also absent without a cache (a ratio of no lookups is no 0).
#pragma once

#include <nlohmann/json.hpp>

#include "sim/summary.h"

namespace ringsim {

inline constexpr const char* kNoHotKeysText = "n/a (no hot keys)";

bool scenario_has_hot_keys(const nlohmann::json& document);
bool is_hot_key_result(const std::string& name);
// Sets the hot-key results of `summary` to absent (kNoValue) when the scenario has no hot
// keys, and cache_hit_ratio when it has no cache.
void mark_hot_key_results(const nlohmann::json& document, RunSummary& summary);

}  // namespace ringsim
