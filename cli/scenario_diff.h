// Which scenario keys a golden must match. A golden records a run; the keys that do not
// change the run are left out of the comparison, so editing them does not stale a golden:
// - "description" and "narration" (captions for the GUI and the report: text, triggers,
//   slow motion; read after the run, never by the simulation);
// - "expect" (expectations are judged from the current scenario file after the run);
// - "tolerances" (how a golden is compared, not what runs).
// docs/ci.md lists them. Everything else (name, seed, timing, model, workload, timeline,
// data, index, pipelines) is compared.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ringsim {

// The top-level keys above.
const std::vector<std::string>& keys_outside_the_run();

// `document` without keys_outside_the_run().
nlohmann::json run_relevant_document(const nlohmann::json& document);

// One operation of nlohmann::json::diff(before, after) with its pointer resolved: diff
// names an element appended to an array ".../-" (RFC 6902), which no document can be read
// at; `resolved` names its index in `after` instead (the array's size in `before` plus how
// many were appended to it before this one). `path` is diff's own.
struct ScenarioEdit {
  std::string op;  // "add", "remove" or "replace"
  std::string path;
  nlohmann::json::json_pointer resolved;
};
std::vector<ScenarioEdit> scenario_edits(const nlohmann::json& before, const nlohmann::json& after);

// The scenario documents a golden must match (run_relevant_document of each). Returns the
// JSON pointers that differ with old -> new (at most `max_count`), empty when they match.
std::vector<std::string> scenario_differences(const nlohmann::json& recorded, const nlohmann::json& current,
                                              std::size_t max_count = 5);

}  // namespace ringsim
