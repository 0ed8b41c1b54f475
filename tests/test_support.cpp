#include "tests/test_support.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ringsim::testing {

nlohmann::json station_scenario_json(double rate_qps, int cores, double service_mean_ms,
                                     double duration_s) {
  return {
      {"name", "test"},
      {"seed", 1},
      {"duration_s", duration_s},
      {"station", {{"cores", cores}, {"service", {{"type", "exponential"}, {"mean_ms", service_mean_ms}}}}},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_qps", rate_qps}}}}},
  };
}

Scenario scenario_from(const nlohmann::json& document) { return parse_scenario(document, "test.json"); }

double metric(const RunSummary& summary, const std::string& name) { return summary.find(name).value(); }

RunSummary run_to_end(const Scenario& scenario) {
  Run run(scenario);
  run.run_to_end();
  return run.summary();
}

const std::vector<TimePoint>& series_named(const Run& run, const std::string& name) {
  const std::vector<std::string>& names = run.metrics().series_names();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) throw std::runtime_error("the run has no series " + name);
  return run.metrics().series(static_cast<SeriesId>(it - names.begin()));
}

CommandResult run_ringsim(const std::string& arguments) {
  const std::string command = std::string(RINGSIM_BINARY) + " " + arguments + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string output;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) output += buffer.data();
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

namespace {

// Removes this process's temporary files when it exits.
struct TempRoot {
  std::filesystem::path path = std::filesystem::temp_directory_path() / "ringsim-tests" /
                               ("process-" + std::to_string(::getpid()));
  TempRoot() { std::filesystem::create_directories(path); }
  ~TempRoot() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace

std::string temp_root() {
  static const TempRoot root;
  return root.path.string();
}

std::string write_temp_file(const std::string& name, const std::string& contents) {
  const std::filesystem::path dir = temp_root();
  const std::filesystem::path path = dir / name;
  std::ofstream(path) << contents;
  return path.string();
}

DagTask make_task(std::string name, TimeNs cost_ns, std::vector<std::string> after) {
  DagTask task;
  task.name = name;
  task.kind = std::move(name);
  task.cost = TaskCost::constant_ns(cost_ns);
  task.after = std::move(after);
  return task;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> task_names(const DagSpec& spec, const std::vector<TaskIndex>& tasks) {
  std::vector<std::string> names;
  for (const TaskIndex task : tasks) names.push_back(spec.task(task).name);
  return names;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string temp_dir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(temp_root()) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

bool same_counters(const std::vector<std::pair<std::string, double>>& a,
                   const std::vector<std::pair<std::string, double>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const bool both_absent = std::isnan(a[i].second) && std::isnan(b[i].second);
    if (a[i].first != b[i].first || (!both_absent && a[i].second != b[i].second)) return false;
  }
  return true;
}

}  // namespace ringsim::testing
