#include "cli/sweep_plan.h"

#include <charconv>

#include "sim/config_error.h"

namespace ringsim {

namespace {

bool parse_u64(const std::string& text, std::uint64_t& value) {
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  return error == std::errc() && ptr == end && !text.empty();
}

}  // namespace

GridAxis parse_grid_axis(const std::string& text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || text[0] != '/' || equals + 1 == text.size()) {
    throw ConfigError("--grid", text, "expected POINTER=v1,v2,... with a JSON pointer, e.g. /workload/arrivals/rate_qps=500,800");
  }
  GridAxis axis;
  axis.pointer = text.substr(0, equals);
  const std::string values = text.substr(equals + 1);
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = values.find(',', start);
    const std::string value = values.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (value.empty()) throw ConfigError("--grid", text, "empty value in the comma-separated list");
    axis.values.push_back(value);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return axis;
}

void parse_seed_range(const std::string& text, std::uint64_t& first, std::uint64_t& last) {
  const std::size_t dots = text.find("..");
  const bool ok = dots == std::string::npos
                      ? parse_u64(text, first) && parse_u64(text, last)
                      : parse_u64(text.substr(0, dots), first) && parse_u64(text.substr(dots + 2), last);
  if (!ok || first > last) {
    throw ConfigError("--seeds", text, "expected A..B with integers A <= B (e.g. 1..10), or one seed");
  }
  if (last - first >= kSweepPointsMax) {
    throw ConfigError("--seeds", text, "at most " + std::to_string(kSweepPointsMax) + " seeds");
  }
}

std::uint64_t grid_point_count(const SweepSpec& spec) {
  std::uint64_t count = 1;
  for (const GridAxis& axis : spec.grid) {
    count *= axis.values.size();
    if (count > kSweepPointsMax) break;  // No overflow: each factor is a command-line list.
  }
  return count;
}

std::vector<SweepPoint> plan_points(const SweepSpec& spec) {
  const std::uint64_t seeds = spec.seed_last - spec.seed_first + 1;
  const std::uint64_t grid_points = grid_point_count(spec);
  if (grid_points > kSweepPointsMax || grid_points * seeds > kSweepPointsMax) {
    throw ConfigError("--grid", "", "the sweep has more than " + std::to_string(kSweepPointsMax) +
                                        " points (grid values x seeds)");
  }
  std::vector<SweepPoint> points;
  points.reserve(grid_points * seeds);
  for (std::uint64_t grid_point = 0; grid_point < grid_points; ++grid_point) {
    // Mixed-radix digits of grid_point, the last axis varying fastest.
    std::vector<std::string> values(spec.grid.size());
    std::uint64_t rest = grid_point;
    for (std::size_t axis = spec.grid.size(); axis-- > 0;) {
      values[axis] = spec.grid[axis].values[rest % spec.grid[axis].values.size()];
      rest /= spec.grid[axis].values.size();
    }
    for (std::uint64_t seed = spec.seed_first; seed <= spec.seed_last; ++seed) {
      points.push_back({points.size() + 1, grid_point, seed, values});
      if (seed == spec.seed_last) break;  // seed_last may be 2^64 - 1.
    }
  }
  return points;
}

std::vector<std::string> point_set_texts(const SweepSpec& spec, const std::vector<std::string>& values) {
  std::vector<std::string> texts;
  if (!spec.keep_expectations) texts.push_back("/expect=[]");
  texts.insert(texts.end(), spec.set_texts.begin(), spec.set_texts.end());
  for (std::size_t axis = 0; axis < spec.grid.size(); ++axis) {
    texts.push_back(spec.grid[axis].pointer + "=" + values[axis]);
  }
  return texts;
}

int index_width(std::size_t point_count) {
  int width = 1;
  for (std::size_t limit = 10; limit <= point_count; limit *= 10) width++;
  return width < 4 ? 4 : width;
}

std::string point_name(std::size_t index, std::size_t point_count) {
  std::string name = std::to_string(index);
  const auto width = static_cast<std::size_t>(index_width(point_count));
  if (name.size() < width) name.insert(0, width - name.size(), '0');
  return name;
}

std::string point_dir(const std::string& sweep_dir, std::size_t index, std::size_t point_count) {
  return sweep_dir + "/points/" + point_name(index, point_count);
}

std::string point_log(const std::string& sweep_dir, std::size_t index, std::size_t point_count) {
  return sweep_dir + "/logs/" + point_name(index, point_count) + ".log";
}

std::vector<std::string> run_arguments(const SweepSpec& spec, const SweepPoint& point,
                                       const std::string& out_dir) {
  std::vector<std::string> arguments = {"run", spec.scenario_path, "--seed", std::to_string(point.seed)};
  for (const std::string& text : point_set_texts(spec, point.values)) {
    arguments.push_back("--set");
    arguments.push_back(text);
  }
  // One build thread: the sweep's parallelism is across points.
  for (const char* word : {"--out", out_dir.c_str(), "--quiet", "--threads", "1"}) arguments.emplace_back(word);
  return arguments;
}

nlohmann::ordered_json manifest_json(const SweepSpec& spec, const nlohmann::json& scenario_document,
                                     const std::vector<SweepPoint>& points) {
  nlohmann::ordered_json manifest;
  manifest["format"] = "ringsim-sweep-1";
  manifest["scenario"] = spec.scenario_path;
  manifest["seeds"] = {spec.seed_first, spec.seed_last};
  nlohmann::ordered_json grid = nlohmann::ordered_json::array();
  for (const GridAxis& axis : spec.grid) grid.push_back({{"pointer", axis.pointer}, {"values", axis.values}});
  manifest["grid"] = std::move(grid);
  manifest["set"] = spec.set_texts;
  manifest["keep_expectations"] = spec.keep_expectations;
  manifest["scenario_document"] = scenario_document;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const SweepPoint& point : points) {
    nlohmann::ordered_json row;
    row["index"] = point.index;
    row["dir"] = "points/" + point_name(point.index, points.size());
    row["grid_point"] = point.grid_point;
    row["seed"] = point.seed;
    row["values"] = point.values;
    rows.push_back(std::move(row));
  }
  manifest["points"] = std::move(rows);
  return manifest;
}

std::string shell_quote(const std::string& word) {
  const bool plain = !word.empty() && word.find_first_not_of(
                                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                          "_-./=:+,@%") == std::string::npos;
  if (plain) return word;
  std::string quoted = "'";
  for (const char c : word) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

}  // namespace ringsim
