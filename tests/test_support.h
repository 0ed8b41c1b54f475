// Helpers shared by the tests: building scenarios in code, running the ringsim binary,
// and checking that a broken invariant aborts the process.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/dag/dag.h"
#include "sim/dag/dag_task.h"
#include "run/run.h"
#include "run/scenario.h"

namespace ringsim::testing {

// A valid station scenario; tests patch fields with json pointers.
nlohmann::json station_scenario_json(double rate_qps, int cores, double service_mean_ms,
                                     double duration_s);

Scenario scenario_from(const nlohmann::json& document);
RunSummary run_to_end(const Scenario& scenario);
// The summary's value called `name` (throws std::bad_optional_access when it has none).
double metric(const RunSummary& summary, const std::string& name);
// The per-window series called `name` (throws std::runtime_error when the run has none).
const std::vector<TimePoint>& series_named(const Run& run, const std::string& name);

struct CommandResult {
  int exit_code;
  std::string output;  // stdout and stderr together
};
// Runs the built ringsim binary with the given arguments (shell-quoted by the caller).
CommandResult run_ringsim(const std::string& arguments);

// True when calling `body` in a forked child process terminates it abnormally
// (an assertion abort), false when the child returns normally.
template <typename Body>
bool aborts(Body body);

// Counters equal name by name, an absent value (NaN: kNoValue) equal to an absent one.
bool same_counters(const std::vector<std::pair<std::string, double>>& a,
                   const std::vector<std::pair<std::string, double>>& b);

// This process's own temporary directory (ringsim-tests/process-PID under the system's),
// removed when the process exits: ctest runs tests in parallel processes, and a file name
// two tests share must not be one file (two tests rewrote one trace while a third read it).
std::string temp_root();
// NAME under temp_root(), holding `contents`.
std::string write_temp_file(const std::string& name, const std::string& contents);
// A file's whole text ("" when it cannot be read).
std::string read_text(const std::string& path);
// An empty directory NAME under temp_root().
std::string temp_dir(const std::string& name);

// Whether `text` contains `part` (the check most output tests make).
bool contains(const std::string& text, const std::string& part);
// The names of `tasks` in `spec`, in order (critical paths, topological orders).
std::vector<std::string> task_names(const DagSpec& spec, const std::vector<TaskIndex>& tasks);

// A DAG task of constant cost whose kind is its name, waiting for `after`.
DagTask make_task(std::string name, TimeNs cost_ns, std::vector<std::string> after = {});

}  // namespace ringsim::testing

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>

template <typename Body>
bool ringsim::testing::aborts(Body body) {
  std::fflush(nullptr);
  const pid_t child = fork();
  if (child == 0) {
    // Silence the expected assertion message, and undo Catch's signal handlers so the
    // child dies quietly instead of reporting a failure of its own.
    std::freopen("/dev/null", "w", stderr);
    std::signal(SIGABRT, SIG_DFL);
    body();
    std::_Exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
