// Runs sweep points as child processes of this binary (`ringsim run ...` via posix_spawn),
// at most `jobs` at a time, each with stdout and stderr to its own log file, and reports
// progress (points done, elapsed, ETA) on stderr. CLI code: it reads the wall clock for the
// ETA only; results never depend on it, nor on the number of jobs or their timing.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ringsim {

struct PointJob {
  std::string label;                   // shown in progress and errors, e.g. "0007"
  std::vector<std::string> arguments;  // after the program name
  std::string log_path;
};

struct JobOutcome {
  std::string label;
  std::string log_path;
  int exit_code = 0;  // the child's exit code, or 128 + signal
};

// `already_done` points were skipped before (for the progress line's totals). Returns the
// outcomes of failed jobs (exit code not in accepted_max and below), in job order.
std::vector<JobOutcome> run_point_jobs(const std::string& program, const std::vector<PointJob>& jobs,
                                       unsigned parallel_jobs, std::size_t already_done,
                                       int accepted_exit_code_max);

// The absolute path of the running executable (/proc/self/exe).
std::string self_executable_path();

}  // namespace ringsim
