#include "viz/caption_injections.h"

#include <cmath>

#include "viz/repro_command.h"

namespace ringsim::viz {
namespace {

std::string value_text(const nlohmann::json& value) {
  if (value.is_array()) {
    std::string text;
    for (const nlohmann::json& item : value) text += (text.empty() ? "" : ",") + value_text(item);
    return text;
  }
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// "node 1 was failed by you", in the terms of the action's main argument (injection.h).
std::string what_was_done(const nlohmann::json& entry) {
  const std::string action = entry.value("action", std::string("action"));
  const std::string node = entry.contains("node") ? "node " + value_text(entry["node"]) : "a node";
  if (action == "fail_node") return node + " was failed by you";
  if (action == "recover_node") return node + " was recovered by you";
  if (action == "remove_node") return node + " was removed by you";
  if (action == "slow_node") return node + " was slowed by you";
  if (action == "partition") {
    return "nodes " + (entry.contains("nodes") ? value_text(entry["nodes"]) : std::string("?")) +
           " were partitioned by you";
  }
  if (action == "add_node") return value_text(entry.value("count", nlohmann::json(1))) + " node(s) added by you";
  if (action == "set_rate") return "the rate was set to " + value_text(entry.value("rate_qps", nlohmann::json("?"))) + "/s by you";
  if (action == "hot_key") return "a hot key was started by you";
  return action + " was injected by you";
}

}  // namespace

std::vector<std::string> injected_since(TimeNs caption_ns, const std::vector<nlohmann::json>& injections,
                                        TimeNs now_ns) {
  std::vector<std::string> phrases;
  for (const nlohmann::json& entry : injections) {
    if (!entry.contains("at_s") || !entry["at_s"].is_number()) continue;
    const auto at_ns = static_cast<TimeNs>(std::llround(entry["at_s"].get<double>() * 1e9));
    // One at the caption's own instant is what fired it (an event caption), not news since.
    if (at_ns <= caption_ns || at_ns > now_ns) continue;
    phrases.push_back(what_was_done(entry) + " (at " + format_time_exact(at_ns) + ")");
  }
  return phrases;
}

}  // namespace ringsim::viz
