// Injected actions: a timeline action added to a scenario from outside its file — from the
// GUI (a click on a node) or the command line (`ringsim-gui --inject "20s fail_node 2"`).
// An injection is appended to the scenario document's "timeline" array and the run is
// replayed from the start, so it is deterministic and a saved scenario reproduces it.
//
// Text form: TIME ACTION [SUBJECT] [KEY=VALUE ...]
//   TIME     "20s", "1500ms" or "20" (seconds) of virtual time
//   ACTION   a timeline action name (workloads/timeline.h)
//   SUBJECT  the action's main argument: a node id (fail_node, recover_node, remove_node,
//            slow_node), a comma-separated node list (partition), a node count (add_node),
//            a rate in requests/s (set_rate)
//   KEY=VALUE any other key of the action as in the timeline, e.g. factor=5 duration_s=10;
//            the value is JSON when it parses as JSON, else a string.
// Examples: "20s fail_node 2", "12.5s slow_node 1 factor=5 duration_s=10",
//           "30s partition 1,2 duration_s=5", "10s set_rate 9000", "5s hot_key share=0.5 duration_s=20".
// Errors: std::invalid_argument naming the part of the text that is wrong. The action's own
// keys are checked when the scenario is parsed (a ConfigError with its JSON pointer).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/time.h"

namespace ringsim {

// The timeline entry ({"at_s": ..., "action": ..., ...}) the text describes.
nlohmann::json parse_injection(const std::string& text);

// The entry for `action` (already a timeline object) at virtual time `at_ns`, rounded to
// the microsecond so that the saved document round-trips exactly.
nlohmann::json injection_at(TimeNs at_ns, nlohmann::json action);

// Appends the injected entries to document["timeline"] (created when absent).
void append_injections(nlohmann::json& document, const std::vector<nlohmann::json>& injections);

}  // namespace ringsim
