#include "workloads/runbook.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>

#include "sim/config_error.h"

namespace ringsim {

namespace {

constexpr std::size_t kRunbookStepsMax = 100'000;
constexpr std::uint64_t kStepNumberMax = 1'000'000'000;
// yaml-cpp keeps about 60 bytes per byte of text (a 23 MB runbook took 1.39 GB), and the
// runbook is read with the scenario, before the run's estimate: 2 MiB (about 120 MB while
// parsing) holds tens of thousands of steps; BigANN's largest runbooks are under 200 KB.
constexpr std::uintmax_t kRunbookBytesMax = std::uintmax_t{2} << 20;

// "line 3, column 5" of a node (yaml-cpp's marks count from 0).
std::string position_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return "an unknown position";
  return "line " + std::to_string(mark.line + 1) + ", column " + std::to_string(mark.column + 1);
}

struct StepReader {
  const std::string& path;
  std::string pointer;
  const YAML::Node& node;

  [[noreturn]] void fail(const std::string& message) const { throw ConfigError(path, pointer, message); }

  std::uint64_t id(const char* key, std::uint64_t ids_max) const {
    const YAML::Node value = node[key];
    if (!value) fail(std::string("missing `") + key + "`");
    std::uint64_t number = 0;
    try {
      number = value.as<std::uint64_t>();
    } catch (const YAML::Exception&) {
      fail(std::string("`") + key + "` must be a non-negative integer");
    }
    if (number > ids_max) {
      fail(std::string("`") + key + "` is " + std::to_string(number) + "; the data set has ids 0.." +
           std::to_string(ids_max) + " (data.keys)");
    }
    return number;
  }

  void range(const char* start_key, const char* end_key, std::uint64_t ids_max, std::uint64_t& start,
             std::uint64_t& end) const {
    start = id(start_key, ids_max);
    end = id(end_key, ids_max);
    if (end <= start) fail(std::string("`") + end_key + "` must be above `" + start_key + "`");
  }
};

RunbookStep read_step(const std::string& path, const std::string& pointer, const YAML::Node& node,
                      std::uint64_t ids_max) {
  const StepReader reader{path, pointer, node};
  if (!node.IsMap()) reader.fail("a step is a map with an `operation`");
  std::map<std::string, YAML::Node> seen;
  for (const auto& item : node) {
    if (!item.first.IsScalar()) reader.fail("a key at " + position_of(item.first) + " is not a plain name");
    const auto [first, inserted] = seen.try_emplace(item.first.Scalar(), item.first);
    if (!inserted) {
      reader.fail("`" + item.first.Scalar() + "` appears twice: at " + position_of(first->second) + " and at " +
                  position_of(item.first));
    }
  }
  RunbookStep step;
  std::string operation;
  try {
    operation = node["operation"].as<std::string>();
  } catch (const YAML::Exception&) {
    reader.fail("missing `operation` (insert, delete, replace or search)");
  }
  if (operation == "insert" || operation == "delete") {
    step.operation = operation == "insert" ? RunbookStep::Operation::kInsert : RunbookStep::Operation::kDelete;
    reader.range("start", "end", ids_max, step.start, step.end);
  } else if (operation == "replace") {
    step.operation = RunbookStep::Operation::kReplace;
    reader.range("tags_start", "tags_end", ids_max, step.start, step.end);
    reader.range("ids_start", "ids_end", ids_max, step.ids_start, step.ids_end);
    if (step.end - step.start != step.ids_end - step.ids_start) reader.fail("the tag and id ranges differ in length");
  } else if (operation == "search") {
    step.operation = RunbookStep::Operation::kSearch;
  } else {
    reader.fail("unknown operation \"" + operation + "\"; expected insert, delete, replace or search");
  }
  return step;
}

}  // namespace

const char* runbook_operation_name(RunbookStep::Operation operation) {
  switch (operation) {
    case RunbookStep::Operation::kInsert: return "insert";
    case RunbookStep::Operation::kDelete: return "delete";
    case RunbookStep::Operation::kReplace: return "replace";
    case RunbookStep::Operation::kSearch: return "search";
  }
  return "?";
}

Runbook read_runbook(const std::string& path, const std::string& dataset, std::uint64_t ids_max) {
  std::error_code error_code;
  const std::uintmax_t size = std::filesystem::file_size(path, error_code);
  if (error_code) throw ConfigError(path, "", "cannot open the runbook: " + error_code.message());
  if (size > kRunbookBytesMax) {
    throw ConfigError(path, "", "the runbook is " + std::to_string(size) + " bytes; at most " +
                                    std::to_string(kRunbookBytesMax) + " are accepted");
  }
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw ConfigError(path, "", "cannot open the runbook");
  } catch (const YAML::Exception& error) {
    throw ConfigError(path, "", std::string("is not valid YAML: ") + error.what());
  }
  if (!root.IsMap()) throw ConfigError(path, "", "a runbook maps data set names to their steps");
  const YAML::Node entry = root[dataset];
  if (!entry || !entry.IsMap()) throw ConfigError(path, "/" + dataset, "no data set entry named \"" + dataset + "\"");
  Runbook runbook;
  runbook.dataset = dataset;
  std::map<std::string, YAML::Node> seen;  // Key (a step by its number) -> where it was first.
  for (const auto& item : entry) {
    // A key that is a sequence, map or alias of one has no name (yaml-cpp would throw).
    if (!item.first.IsScalar()) {
      throw ConfigError(path, "/" + dataset,
                        "a key at " + position_of(item.first) + " is not a plain name or step number");
    }
    const std::string key = item.first.Scalar();
    const std::string pointer = "/" + dataset + "/" + key;
    if (key == "max_pts" || key == "gt_url") {
      const auto [first, inserted] = seen.try_emplace(key, item.first);
      if (!inserted) {
        throw ConfigError(path, pointer,
                          "`" + key + "` appears twice: at " + position_of(first->second) + " and at " +
                              position_of(item.first));
      }
    }
    if (key == "max_pts") {
      runbook.max_pts = StepReader{path, "/" + dataset, entry}.id("max_pts", std::numeric_limits<std::uint64_t>::max());
      continue;
    }
    if (key == "gt_url") continue;
    if (key.empty() || key.size() > 9 || !std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      throw ConfigError(path, pointer, "unknown key; expected max_pts, gt_url or a step number");
    }
    if (runbook.steps.size() >= kRunbookStepsMax) throw ConfigError(path, pointer, "too many steps");
    RunbookStep step = read_step(path, pointer, item.second, ids_max);
    step.number = static_cast<std::uint32_t>(std::min<std::uint64_t>(std::stoull(key), kStepNumberMax));
    const auto [first, inserted] = seen.try_emplace(std::to_string(step.number), item.first);
    if (!inserted) {
      throw ConfigError(path, pointer,
                        "step " + std::to_string(step.number) + " appears twice: at " + position_of(first->second) +
                            " and at " + position_of(item.first));
    }
    runbook.steps.push_back(step);
  }
  if (runbook.steps.empty()) throw ConfigError(path, "/" + dataset, "the entry has no steps");
  std::sort(runbook.steps.begin(), runbook.steps.end(),
            [](const RunbookStep& a, const RunbookStep& b) { return a.number < b.number; });
  return runbook;
}

}  // namespace ringsim
