// The command a failed golden comparison points a reviewer to. `ringsim replay GOLDEN`
// re-runs the golden's own recorded scenario, so after `check` ran an edited scenario (or
// one with --set/--seed) a bare replay would say "match": the hint carries the edit as
// --set arguments, one per key that differs (tolerances aside), which replays exactly what
// check ran. An edit --set cannot express (a removed key) is said instead, with the keys.
//
// Shapes: `recorded` and `current` are scenario documents; the result is one line without
// a trailing newline. Values are written as --set reads them (a string as itself when it
// would not parse as other JSON, else as JSON text) and shell-quoted when needed.
// `tolerance_texts` (check's --tolerance METRIC=LIMIT) follow as --tolerance arguments, so
// the replay judges by the limits check judged by.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ringsim {

// More differing keys than this and the hint suggests running the scenario instead.
inline constexpr std::size_t kReplayHintSetsMax = 12;

std::string replay_details_hint(const std::string& golden_path, const std::string& scenario_path,
                                const nlohmann::json& recorded, const nlohmann::json& current,
                                const std::vector<std::string>& tolerance_texts = {});

}  // namespace ringsim
