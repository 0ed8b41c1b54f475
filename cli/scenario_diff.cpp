#include "cli/scenario_diff.h"

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

std::vector<std::string> scenario_differences(const nlohmann::json& recorded, const nlohmann::json& current,
                                              std::size_t max_count) {
  const nlohmann::json a = run_relevant_document(recorded);
  const nlohmann::json b = run_relevant_document(current);
  std::vector<std::string> pointers;
  for (const nlohmann::json& operation : nlohmann::json::diff(a, b)) {
    if (pointers.size() >= max_count) break;
    const std::string op = operation.value("op", "");
    const std::string path = operation.value("path", "");
    std::string line = path.empty() ? "/" : path;
    const nlohmann::json::json_pointer pointer(path);
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
