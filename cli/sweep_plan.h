// What a sweep runs: the cross product of grid values x seeds, in a fixed order, each point
// with its run directory and its `ringsim run` arguments. Used alike by the local executor
// and by the job lists emitted for GNU parallel and Slurm, so all three produce the same run
// directories. See docs/sweeps.md.
//
// Order: grid axes in command-line order, the first outermost; seeds innermost, ascending.
// Point indices are 1-based (they double as Slurm array task ids); point i runs in
// DIR/points/<i zero-padded to index_width()> and logs to DIR/logs/<same>.log.
// Bad input (a malformed --seeds or --grid) throws ConfigError naming the option.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ringsim {

// One --grid POINTER=v1,v2,...: value texts as given (each is parsed like a --set value).
struct GridAxis {
  std::string pointer;
  std::vector<std::string> values;
};

struct SweepSpec {
  std::string scenario_path;  // absolute, so emitted job lists run from any directory
  std::uint64_t seed_first = 1;
  std::uint64_t seed_last = 1;
  std::vector<GridAxis> grid;
  std::vector<std::string> set_texts;  // --set applied to every point
  // Scenario expectations are written for one parameter set; a sweep drops them unless
  // asked to keep them (then an expectation failing makes that point's run exit 1).
  bool keep_expectations = false;
};

struct SweepPoint {
  std::size_t index = 0;       // 1-based
  std::size_t grid_point = 0;  // 0-based index into the grid's cross product
  std::uint64_t seed = 0;
  std::vector<std::string> values;  // one per grid axis
};

// Sweeps larger than this are refused before anything is allocated.
inline constexpr std::uint64_t kSweepPointsMax = 1'000'000;

GridAxis parse_grid_axis(const std::string& text);
// "A..B" (inclusive, A <= B) or a single seed "A".
void parse_seed_range(const std::string& text, std::uint64_t& first, std::uint64_t& last);

std::uint64_t grid_point_count(const SweepSpec& spec);
std::vector<SweepPoint> plan_points(const SweepSpec& spec);
// The --set texts of a grid point: the sweep's --set, then its grid values.
std::vector<std::string> point_set_texts(const SweepSpec& spec, const std::vector<std::string>& values);

int index_width(std::size_t point_count);
std::string point_name(std::size_t index, std::size_t point_count);  // "0007"
std::string point_dir(const std::string& sweep_dir, std::size_t index, std::size_t point_count);
std::string point_log(const std::string& sweep_dir, std::size_t index, std::size_t point_count);

// Arguments after the program name: run SCENARIO --seed S --set ... --out DIR --quiet --threads 1.
std::vector<std::string> run_arguments(const SweepSpec& spec, const SweepPoint& point,
                                       const std::string& out_dir);

// DIR/sweep.json: the spec, the base scenario document and every point with its run
// directory (relative to DIR). No paths or times that differ between machines or job
// counts except the scenario path, so resuming can compare manifests.
nlohmann::ordered_json manifest_json(const SweepSpec& spec, const nlohmann::json& scenario_document,
                                     const std::vector<SweepPoint>& points);

// POSIX shell quoting ('...'), for job lists.
std::string shell_quote(const std::string& word);

}  // namespace ringsim
