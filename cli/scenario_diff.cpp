#include "cli/scenario_diff.h"

#include <map>

namespace ringsim {

const std::vector<std::string>& keys_outside_the_run() {
  static const std::vector<std::string> keys = {"description", "narration", "expect", "tolerances"};
  return keys;
}

nlohmann::json run_relevant_document(const nlohmann::json& document) {
  nlohmann::json result = document;
  if (!result.is_object()) return result;
  for (const std::string& key : keys_outside_the_run()) result.erase(key);
  return result;
}

std::vector<ScenarioEdit> scenario_edits(const nlohmann::json& before, const nlohmann::json& after) {
  std::vector<ScenarioEdit> edits;
  std::map<std::string, std::size_t> appended;  // parent pointer -> appends seen so far
  for (const nlohmann::json& operation : nlohmann::json::diff(before, after)) {
    ScenarioEdit edit{operation.value("op", ""), operation.value("path", ""), nlohmann::json::json_pointer()};
    std::string resolved = edit.path;
    if (resolved.size() >= 2 && resolved.compare(resolved.size() - 2, 2, "/-") == 0) {
      const std::string parent = resolved.substr(0, resolved.size() - 2);
      const nlohmann::json::json_pointer parent_pointer(parent);
      const std::size_t base = before.contains(parent_pointer) && before.at(parent_pointer).is_array()
                                   ? before.at(parent_pointer).size()
                                   : 0;
      resolved = parent + "/" + std::to_string(base + appended[parent]++);
    }
    edit.resolved = nlohmann::json::json_pointer(resolved);
    edits.push_back(std::move(edit));
  }
  return edits;
}

std::vector<std::string> scenario_differences(const nlohmann::json& recorded, const nlohmann::json& current,
                                              std::size_t max_count) {
  const nlohmann::json a = run_relevant_document(recorded);
  const nlohmann::json b = run_relevant_document(current);
  std::vector<std::string> pointers;
  for (const ScenarioEdit& edit : scenario_edits(a, b)) {
    if (pointers.size() >= max_count) break;
    const std::string& op = edit.op;
    const nlohmann::json::json_pointer& pointer = edit.resolved;
    std::string line = edit.path.empty() ? "/" : pointer.to_string();
    if (op == "replace") {
      line += ": " + a.at(pointer).dump() + " -> " + b.at(pointer).dump();
    } else if (op == "add") {
      line += ": added " + b.at(pointer).dump();
    } else if (op == "remove") {
      line += ": removed (was " + a.at(pointer).dump() + ")";
    }
    if (line.size() > 160) line = line.substr(0, 157) + "...";
    pointers.push_back(line);
  }
  return pointers;
}

}  // namespace ringsim
