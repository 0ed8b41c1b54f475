// Reading a merged sweep directory for the sweep report: merged.json, checked for the shape
// the report relies on (sweep_report.h).
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/report/sweep_report.h"
#include "sim/config_error.h"
#include "sim/json_text.h"

namespace ringsim::report {
namespace {

using Json = nlohmann::ordered_json;

void check_merged(const Json& merged, const std::string& file) {
  if (!merged.is_object()) throw ConfigError(file, "", "expected an object (written by ringsim merge)");
  if (!merged.contains("grid") || !merged["grid"].is_array()) throw ConfigError(file, "/grid", "expected an array of pointers");
  for (std::size_t i = 0; i < merged["grid"].size(); ++i) {
    if (!merged["grid"][i].is_string()) throw ConfigError(file, "/grid/" + std::to_string(i), "expected a pointer string");
  }
  if (!merged.contains("points") || !merged["points"].is_array()) throw ConfigError(file, "/points", "expected an array");
  for (std::size_t i = 0; i < merged["points"].size(); ++i) {
    const Json& point = merged["points"][i];
    const std::string at = "/points/" + std::to_string(i);
    if (!point.is_object() || !point.contains("values") || !point["values"].is_object()) {
      throw ConfigError(file, at + "/values", "expected an object of grid values");
    }
    for (const Json& pointer : merged["grid"]) {
      if (!point["values"].contains(pointer.get<std::string>())) {
        throw ConfigError(file, at + "/values", "expected a value for " + pointer.get<std::string>());
      }
    }
    if (!point.contains("metrics") || !point["metrics"].is_object()) throw ConfigError(file, at + "/metrics", "expected an object");
    if (!point.contains("seeds") || !point["seeds"].is_array()) throw ConfigError(file, at + "/seeds", "expected an array");
  }
}

}  // namespace

bool is_merged_sweep_dir(const std::string& dir) {
  const std::filesystem::path root(dir);
  std::error_code error;  // A name too long or a symlink loop is no merged directory (issue #24).
  return std::filesystem::exists(root / "merged.json", error) && !std::filesystem::exists(root / "summary.json", error);
}

Json load_merged_sweep(const std::string& dir) {
  const std::string file = (std::filesystem::path(dir) / "merged.json").string();
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file, "", "cannot read (expected a directory written by ringsim merge)");
  std::ostringstream text;
  text << in.rdbuf();
  check_json_depth(text.str(), file);
  Json merged;
  try {
    merged = Json::parse(text.str());
  } catch (const Json::exception& error) {
    throw ConfigError(file, "", std::string("not valid JSON: ") + error.what());
  }
  check_merged(merged, file);
  return merged;
}

}  // namespace ringsim::report
