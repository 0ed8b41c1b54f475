#include "cli/golden_inputs.h"

#include <filesystem>
#include <ostream>

#include "cli/golden_sha256.h"
#include "cli/scenario_diff.h"
#include "sim/config_error.h"
#include "sim/json_reader.h"
#include "sim/number_text.h"

namespace ringsim {

namespace {

bool names_a_file(const std::string& key) {
  constexpr std::string_view kSuffix = "_file";
  return key == "file" || (key.size() > kSuffix.size() && key.compare(key.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0);
}

void collect(const nlohmann::json& value, const nlohmann::json::json_pointer& at, const std::filesystem::path& base,
             std::vector<std::pair<std::string, std::string>>& found) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      const nlohmann::json::json_pointer pointer = at / key;
      if (item.is_string() && names_a_file(key) && !item.get<std::string>().empty()) {
        const std::filesystem::path given(item.get<std::string>());
        found.emplace_back(pointer.to_string(), (given.is_absolute() ? given : base / given).lexically_normal().string());
      } else {
        collect(item, pointer, base, found);
      }
    }
  } else if (value.is_array()) {
    for (std::size_t index = 0; index < value.size(); ++index) collect(value[index], at / index, base, found);
  }
}

// 12 hex digits and "..": enough to tell two digests apart, short enough for a headline.
std::string short_digest(const std::string& sha256) { return sha256.substr(0, 12) + ".."; }

}  // namespace

std::vector<std::pair<std::string, std::string>> scenario_input_paths(const nlohmann::json& document,
                                                                      const std::string& scenario_file) {
  std::vector<std::pair<std::string, std::string>> found;
  collect(run_relevant_document(document), nlohmann::json::json_pointer(), std::filesystem::path(scenario_file).parent_path(),
          found);
  return found;
}

std::vector<GoldenInput> scenario_inputs(const Scenario& scenario) {
  std::vector<GoldenInput> inputs;
  for (const auto& [pointer, path] : scenario_input_paths(scenario.document, scenario.file)) {
    const FileDigest digest = sha256_file(path);
    inputs.push_back({pointer, path, digest.bytes, digest.sha256});
  }
  return inputs;
}

std::vector<std::string> changed_inputs(const std::vector<GoldenInput>& recorded, const nlohmann::json& recorded_document,
                                        const std::vector<GoldenInput>& now, const nlohmann::json& now_document) {
  std::vector<std::string> lines;
  for (const GoldenInput& before : recorded) {
    for (const GoldenInput& after : now) {
      if (after.pointer != before.pointer) continue;
      const nlohmann::json::json_pointer pointer(before.pointer);
      const bool same_name = recorded_document.contains(pointer) && now_document.contains(pointer) &&
                             recorded_document.at(pointer) == now_document.at(pointer);
      if (!same_name || (after.sha256 == before.sha256 && after.bytes == before.bytes)) continue;
      std::string line = "input " + after.path + " changed (sha256 " + short_digest(before.sha256) + " -> " +
                         short_digest(after.sha256);
      line += after.bytes == before.bytes ? ", same size " + format_count(static_cast<long long>(after.bytes)) + " bytes"
                                          : ", " + format_count(static_cast<long long>(before.bytes)) + " -> " +
                                                format_count(static_cast<long long>(after.bytes)) + " bytes";
      lines.push_back(line + ")");
    }
  }
  return lines;
}

void write_golden_inputs(std::ostream& out, const std::vector<GoldenInput>& inputs) {
  const auto quote = [](const std::string& text) { return nlohmann::json(text).dump(); };
  out << "  \"inputs\": {";
  for (std::size_t index = 0; index < inputs.size(); ++index) {
    const GoldenInput& input = inputs[index];
    out << (index == 0 ? "\n" : ",\n") << "    " << quote(input.pointer) << ": {\"path\": " << quote(input.path)
        << ", \"bytes\": " << input.bytes << ", \"sha256\": " << quote(input.sha256) << "}";
  }
  out << "\n  },\n";
}

std::vector<GoldenInput> read_golden_inputs(const nlohmann::json& block, const std::string& golden_path) {
  if (!block.is_object()) throw ConfigError(golden_path, "/inputs", "expected an object of input digests");
  std::vector<GoldenInput> inputs;
  for (const auto& [pointer, item] : block.items()) {
    const std::string at = json_pointer_append("/inputs", pointer);
    const auto field = [&](const char* key, bool ok, const char* expected) {
      if (!ok) throw ConfigError(golden_path, json_pointer_append(at, key), std::string("expected ") + expected);
    };
    field("path", item.is_object() && item.contains("path") && item["path"].is_string(), "the file's path (a string)");
    field("bytes", item.contains("bytes") && item["bytes"].is_number_unsigned(), "its size in bytes (an integer >= 0)");
    field("sha256", item.contains("sha256") && item["sha256"].is_string() && item["sha256"].get<std::string>().size() == 64,
          "its SHA-256 (64 hex digits)");
    inputs.push_back({pointer, item["path"].get<std::string>(), item["bytes"].get<std::uint64_t>(),
                      item["sha256"].get<std::string>()});
  }
  return inputs;
}

}  // namespace ringsim
