// `ringsim sweep`: runs a scenario over a grid of --set values x a range of seeds, locally
// on N processes, or writes a job list for GNU parallel or a Slurm job-array script that
// produce the same run directories. See docs/sweeps.md.
//
// Exit codes: 0 every point finished; 1 some point failed (each named with its log);
// 2 bad input (nothing run); 3 the sweep directory could not be written.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace ringsim {

struct SweepOptions {
  std::string scenario_path;
  std::string seeds = "1..1";
  std::vector<std::string> grid_texts;
  std::vector<std::string> set_texts;
  std::string out_dir;
  unsigned jobs = 0;  // 0: one per hardware thread
  std::string emit;   // "", "parallel" or "slurm"
  std::string ringsim_path;  // the binary named in emitted job lists (default: this one)
  unsigned slurm_max_running = 32;
  bool keep_expectations = false;
};

CLI::App* add_sweep_command(CLI::App& app, SweepOptions& options);
int run_sweep_command(const SweepOptions& options);

}  // namespace ringsim
