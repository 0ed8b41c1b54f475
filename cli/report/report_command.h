// The report's command-line front: `ringsim report RUN_DIR... --out FILE.html [--csv-wide
// FILE.csv]` and the `--report FILE.html` / `--csv-wide` options of `ringsim run`. The
// subcommand's code lives here so cli/main.cpp only registers it.
//
// Exit codes as in main.cpp: 0 written; 2 bad input (a run directory that is not one);
// 3 the file could not be written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/report/cluster_recorder.h"
#include "run/run.h"

namespace ringsim::report {

struct ReportCommandOptions {
  std::vector<std::string> run_dirs;
  std::string out_path;
  std::string csv_wide_path;
  std::vector<std::string> metrics;  // --metrics (sweep report)
  std::string markdown_path;         // --markdown FILE.md: the page as Markdown
  std::string svg_dir;               // --svg-dir DIR: every plot as DIR/ID.svg
};

// All or nothing (temporary name, checked close, rename); throws std::runtime_error naming
// the file. Returns the bytes written.
std::uintmax_t write_file_atomically(const std::string& path, const std::string& content);

CLI::App* add_report_subcommand(CLI::App& app, ReportCommandOptions& options);
int run_report_subcommand(const ReportCommandOptions& options);

// Records the --set texts in summary.json ("overrides"), so a comparison can label runs by
// what differs between them.
void record_overrides(nlohmann::ordered_json& summary, const std::vector<std::string>& set_texts,
                      const std::vector<std::string>& inject_texts = {});

// For `ringsim run`: observes the run between slices and writes, at the end, cluster.json
// and (with csv_wide) timeseries_wide.csv into out_dir (when given), the HTML report to
// report_path and the browser player to the player path (when given).
class RunReportOutputs {
 public:
  RunReportOutputs(const Run& run, std::string report_path, std::string out_dir, bool csv_wide);
  void observe(const Run& run) { recorder_.observe(run); }
  // --player FILE.html: also write the browser player (cli/report/player_page.h).
  void set_player_path(std::string path) { player_path_ = std::move(path); }
  // Throws std::runtime_error naming the file that could not be written. Returns the files
  // written into the run directory (name, bytes), for summary.json's list.
  std::vector<std::pair<std::string, std::uintmax_t>> write(const nlohmann::ordered_json& summary, const Run& run) const;

 private:
  ClusterRecorder recorder_;
  std::string report_path_;
  std::string player_path_;
  std::string out_dir_;
  bool csv_wide_ = false;
};

}  // namespace ringsim::report
