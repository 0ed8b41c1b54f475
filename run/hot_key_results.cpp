#include "run/hot_key_results.h"

#include <string>

namespace ringsim {

namespace {

const nlohmann::json* at(const nlohmann::json& document, const char* pointer) {
  const nlohmann::json::json_pointer path(pointer);
  return document.contains(path) ? &document.at(path) : nullptr;
}

bool has_cache(const nlohmann::json& document) {
  const nlohmann::json* capacity = at(document, "/cluster/node/cache/capacity_entries");
  return capacity && capacity->is_number() && capacity->get<double>() > 0;
}

}  // namespace

bool scenario_has_hot_keys(const nlohmann::json& document) {
  if (!document.is_object()) return false;
  if (at(document, "/cluster/hot_keys") || has_cache(document)) return true;
  const nlohmann::json* popularity = at(document, "/workload/popularity/type");
  if (popularity && popularity->is_string() && popularity->get<std::string>() != "uniform") return true;
  const nlohmann::json* timeline = at(document, "/timeline");
  if (timeline && timeline->is_array()) {
    for (const nlohmann::json& action : *timeline) {
      if (action.is_object() && action.value("action", std::string()) == "hot_key") return true;
    }
  }
  return false;
}

bool is_hot_key_result(const std::string& name) {
  return name == "hot_node_share" || name == "hot_node_p99_ms" || name == "other_nodes_p99_ms";
}

void mark_hot_key_results(const nlohmann::json& document, RunSummary& summary) {
  const bool hot_keys = scenario_has_hot_keys(document);
  const bool cache = document.is_object() && has_cache(document);
  for (auto& [name, value] : summary.counters) {
    if ((!hot_keys && is_hot_key_result(name)) || (!cache && name == "cache_hit_ratio")) value = kNoValue;
  }
}

}  // namespace ringsim
