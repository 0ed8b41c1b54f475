#include "cli/sweep_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "cli/memory_budget.h"
#include "cli/sweep_exec.h"
#include "cli/sweep_plan.h"
#include "run/exit_codes.h"
#include "run/scenario.h"
#include "sim/config_error.h"
#include "run/estimate.h"
#include "sim/file_check.h"

namespace ringsim {

namespace {

namespace fs = std::filesystem;


SweepSpec make_spec(const SweepOptions& options) {
  SweepSpec spec;
  if (const auto problem = regular_file_problem(options.scenario_path)) {
    throw ConfigError(options.scenario_path, "", "cannot open the file for reading: " + *problem);
  }
  spec.scenario_path = fs::absolute(options.scenario_path).lexically_normal().string();
  parse_seed_range(options.seeds, spec.seed_first, spec.seed_last);
  for (const std::string& text : options.grid_texts) spec.grid.push_back(parse_grid_axis(text));
  spec.set_texts = options.set_texts;
  spec.keep_expectations = options.keep_expectations;
  return spec;
}

// Loads every grid point once (with the first seed) so a bad value fails before anything runs.
void validate_grid_points(const SweepSpec& spec, const std::vector<SweepPoint>& points) {
  std::size_t validated = 0;
  for (const SweepPoint& point : points) {
    if (point.grid_point < validated) continue;
    std::vector<Override> overrides;
    for (const std::string& text : point_set_texts(spec, point.values)) overrides.push_back(parse_override(text));
    const Scenario scenario = load_scenario(spec.scenario_path, overrides, point.seed);
    // Each point runs `ringsim run`, which applies the estimate again; refusing here keeps a
    // sweep from starting points that would be refused (or die) one by one.
    check_run_estimate(scenario, estimate_run(scenario), memory_budget_bytes(""));
    validated = point.grid_point + 1;
  }
}

bool file_parses_as_json(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  return nlohmann::json::accept(in);
}

bool file_ends_with_newline(const fs::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in || in.tellg() <= 0) return false;
  in.seekg(-1, std::ios::end);
  return in.get() == '\n';
}

// A point is finished when `ringsim run --out` wrote all its outputs completely.
bool point_finished(const fs::path& dir) {
  return file_parses_as_json(dir / "summary.json") && file_parses_as_json(dir / "pooled.json") &&
         file_ends_with_newline(dir / "timeseries.csv");
}

// Writes DIR/sweep.json, or checks that an existing one describes the same sweep (resume).
void write_or_check_manifest(const fs::path& dir, const nlohmann::ordered_json& manifest) {
  const fs::path path = dir / "sweep.json";
  const std::string text = manifest.dump(2) + "\n";
  if (fs::exists(path)) {
    std::ifstream in(path, std::ios::binary);
    const std::string existing((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (existing != text) {
      throw ConfigError(path.string(), "",
                        "this directory holds a different sweep (scenario, seeds, grid or --set differ); "
                        "use another --out or remove it");
    }
    return;
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void write_text_file(const fs::path& path, const std::string& text, bool executable) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
  if (executable) fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add);
}

std::string job_line(const std::string& program, const std::vector<std::string>& arguments) {
  std::string line = shell_quote(program);
  for (const std::string& argument : arguments) {
    line += ' ';
    line += shell_quote(argument);
  }
  return line;
}

void emit_jobs(const SweepOptions& options, const SweepSpec& spec, const std::vector<SweepPoint>& points,
               const fs::path& dir) {
  const std::string program = options.ringsim_path.empty() ? self_executable_path() : options.ringsim_path;
  std::string lines;
  for (const SweepPoint& point : points) {
    lines += job_line(program, run_arguments(spec, point, point_dir(dir.string(), point.index, points.size())));
    // GNU parallel runs each line in a shell: its output goes to the point's log, as in a
    // local sweep. Slurm's array task already writes there (#SBATCH --output).
    if (options.emit == "parallel") lines += " >" + shell_quote(point_log(dir.string(), point.index, points.size())) + " 2>&1";
    lines += "\n";
  }
  write_text_file(dir / "jobs.txt", lines, false);
  if (options.emit == "parallel") {
    std::cout << "wrote " << (dir / "jobs.txt").string() << " (" << points.size() << " jobs). Run them with e.g.\n"
              << "  parallel --joblog " << shell_quote((dir / "joblog.txt").string()) << " --resume -a "
              << shell_quote((dir / "jobs.txt").string()) << "\n"
              << "then: ringsim merge " << shell_quote(dir.string()) << " --out MERGED_DIR\n";
    return;
  }
  const std::string width = std::to_string(index_width(points.size()));
  const std::string script =
      "#!/bin/bash\n"
      "# ringsim sweep: one Slurm array task per point; task i runs line i of jobs.txt.\n"
      "#SBATCH --job-name=ringsim-sweep\n"
      "#SBATCH --array=1-" + std::to_string(points.size()) + "%" + std::to_string(options.slurm_max_running) + "\n"
      "#SBATCH --ntasks=1\n"
      "#SBATCH --cpus-per-task=1\n"
      "#SBATCH --output=" + (dir / "logs").string() + "/%" + width + "a.log\n"
      "set -euo pipefail\n"
      "line=\"$(sed -n \"${SLURM_ARRAY_TASK_ID}p\" " + shell_quote((dir / "jobs.txt").string()) + ")\"\n"
      "eval \"$line\"\n";
  write_text_file(dir / "sweep.sbatch", script, true);
  std::cout << "wrote " << (dir / "sweep.sbatch").string() << " (array of " << points.size() << " tasks). Submit with\n"
            << "  sbatch " << shell_quote((dir / "sweep.sbatch").string()) << "\n"
            << "then: ringsim merge " << shell_quote(dir.string()) << " --out MERGED_DIR\n";
}

int run_locally(const SweepOptions& options, const SweepSpec& spec, const std::vector<SweepPoint>& points,
                const fs::path& dir) {
  std::vector<PointJob> jobs;
  for (const SweepPoint& point : points) {
    const std::string out = point_dir(dir.string(), point.index, points.size());
    if (point_finished(out)) continue;
    jobs.push_back({point_name(point.index, points.size()), run_arguments(spec, point, out),
                    point_log(dir.string(), point.index, points.size())});
  }
  const std::size_t skipped = points.size() - jobs.size();
  if (skipped > 0) std::cerr << "sweep: " << skipped << " of " << points.size() << " points already finished, skipped\n";
  const unsigned parallel_jobs = options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  // With kept expectations a failed expectation (exit 1) still wrote the point's outputs.
  const int accepted = spec.keep_expectations ? 1 : 0;
  const std::vector<JobOutcome> failures =
      run_point_jobs(self_executable_path(), jobs, parallel_jobs, skipped, accepted);
  for (const JobOutcome& failure : failures) {
    std::cerr << "ringsim: sweep point " << failure.label << " failed (exit " << failure.exit_code
              << "); see " << failure.log_path << "\n";
  }
  if (!failures.empty()) return kExitFailed;
  std::cerr << "sweep: all " << points.size() << " points finished in " << dir.string() << "\n";
  return kExitOk;
}

}  // namespace

CLI::App* add_sweep_command(CLI::App& app, SweepOptions& options) {
  CLI::App* sweep = app.add_subcommand(
      "sweep", "Run a scenario over grid values x seeds (locally, or emit jobs for GNU parallel / Slurm)");
  sweep->add_option("scenario", options.scenario_path, "Scenario file (JSON)")->required();
  sweep->add_option("--seeds", options.seeds, "Seeds A..B (inclusive), e.g. 1..10")->required();
  sweep->add_option("--grid", options.grid_texts,
                    "POINTER=v1,v2,...: values for one scenario key (repeatable; cross product)")
      ->allow_extra_args(false);
  sweep->add_option("--set", options.set_texts, "POINTER=VALUE applied to every point (repeatable)")
      ->allow_extra_args(false);
  sweep->add_option("--out", options.out_dir, "Sweep directory (run directories, manifest, logs)")->required();
  sweep->add_option("--jobs,-j", options.jobs, "Processes to run points on (default: all cores)");
  sweep->add_option("--emit", options.emit, "Write jobs instead of running: parallel (GNU parallel job list) or "
                                            "slurm (job-array script)")
      ->check(CLI::IsMember({"parallel", "slurm"}));
  sweep->add_option("--ringsim", options.ringsim_path,
                    "With --emit: the ringsim binary the jobs call (default: this binary's absolute path)");
  sweep->add_option("--slurm-max-running", options.slurm_max_running,
                    "With --emit slurm: K in --array=1-N%K, array tasks running at once")
      ->check(CLI::Range(1u, 1'000'000u));
  sweep->add_flag("--keep-expectations", options.keep_expectations,
                  "Keep the scenario's expectations (by default a sweep drops them: they are written for "
                  "one parameter set)");
  return sweep;
}

int run_sweep_command(const SweepOptions& options) {
  const SweepSpec spec = make_spec(options);
  const std::vector<SweepPoint> points = plan_points(spec);
  validate_grid_points(spec, points);
  const nlohmann::ordered_json manifest = manifest_json(spec, read_json_file(spec.scenario_path), points);
  fs::path dir = fs::absolute(options.out_dir).lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();  // "out/" -> "out"
  try {
    fs::create_directories(dir / "points");
    fs::create_directories(dir / "logs");
    write_or_check_manifest(dir, manifest);
    if (!options.emit.empty()) {
      emit_jobs(options, spec, points, dir);
      return kExitOk;
    }
  } catch (const ConfigError&) {
    throw;
  } catch (const std::exception& error) {
    std::cerr << "ringsim: " << error.what() << "\n";
    return kExitOutputFailed;
  }
  return run_locally(options, spec, points, dir);
}

}  // namespace ringsim
