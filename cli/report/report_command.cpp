#include "cli/report/report_command.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "cli/report/player_page.h"
#include "cli/report/report_page.h"
#include "cli/report/sweep_report.h"
#include "cli/report/wide_csv.h"
#include "run/exit_codes.h"
#include "sim/config_error.h"

namespace ringsim::report {

// All or nothing, as cli/atomic_output.h (which this layer may not include): written under
// ".NAME.partial", closed with errors checked, renamed. A full disk leaves the old file or
// none, never a cut one. Returns the size.
std::uintmax_t write_file_atomically(const std::string& path, const std::string& content) {
  const std::filesystem::path target(path);
  std::error_code error;
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), error);
  std::string partial_name = ".";
  partial_name += target.filename().string();
  partial_name += ".partial";
  const std::filesystem::path partial = target.parent_path() / partial_name;
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (out) std::filesystem::rename(partial, target, error);
    if (!out || error) {
      std::filesystem::remove(partial, error);
      throw std::runtime_error("cannot write " + path + " (disk full, or no permission?)");
    }
  }
  return content.size();
}

namespace {

std::uintmax_t write_file(const std::string& path, const std::string& content) { return write_file_atomically(path, content); }

// --svg-dir and --markdown: the plots as files and the page as Markdown whose image links
// point at them (relative to the Markdown file's folder).
void write_page_extras(const HtmlPage& page, const ReportCommandOptions& options) {
  namespace fs = std::filesystem;
  if (!options.svg_dir.empty()) {
    for (const auto& [id, svg] : page.figures()) {
      write_file((fs::path(options.svg_dir) / (id + ".svg")).string(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg + "\n");
    }
  }
  if (options.markdown_path.empty()) return;
  std::string prefix;
  if (!options.svg_dir.empty()) {
    const fs::path md_dir = fs::absolute(fs::path(options.markdown_path)).parent_path();
    prefix = fs::absolute(fs::path(options.svg_dir)).lexically_normal().lexically_relative(md_dir.lexically_normal()).generic_string();
    prefix = prefix.empty() || prefix == "." ? std::string() : prefix + "/";
  }
  write_file(options.markdown_path, page.markdown(options.svg_dir.empty() ? std::string() : (prefix.empty() ? "./" : prefix)));
}

}  // namespace

CLI::App* add_report_subcommand(CLI::App& app, ReportCommandOptions& options) {
  CLI::App* command = app.add_subcommand(
      "report", "Write a self-contained HTML report of one or more run directories (written by run --out); "
                "several runs are compared side by side; a merged sweep directory (ringsim merge --out) gets "
                "error bars per grid value");
  command->add_option("runs", options.run_dirs, "Run directories, e.g. out/node_join")->required();
  command->add_option("--out", options.out_path, "The HTML file to write, e.g. report.html");
  command->add_option("--markdown", options.markdown_path,
                      "Also write the page as Markdown (tables, captions, image links to --svg-dir), e.g. report.md");
  command->add_option("--svg-dir", options.svg_dir, "Also write every plot as DIR/ID.svg (ID: the plot's data-plot name)");
  command->add_option("--metrics", options.metrics,
                      "Sweep report: only these metrics, in this order, separated by spaces (e.g. search.p99_ms keys_moved)");
  command->add_option("--csv-wide", options.csv_wide_path,
                      "Also write the (first) run's time series as a wide CSV: one row per window, one column per metric");
  return command;
}

int run_report_subcommand(const ReportCommandOptions& options) {
  if (options.out_path.empty() && options.csv_wide_path.empty() && options.markdown_path.empty() && options.svg_dir.empty()) {
    std::cerr << "ringsim: report needs --out FILE.html (or --markdown FILE.md, --svg-dir DIR, --csv-wide FILE.csv)\n";
    return kExitBadInput;
  }
  // A merged sweep directory (ringsim merge --out DIR) gets the sweep report.
  if (std::any_of(options.run_dirs.begin(), options.run_dirs.end(), is_merged_sweep_dir)) {
    if (options.run_dirs.size() != 1 || !options.csv_wide_path.empty()) {
      std::cerr << "ringsim: a sweep report takes one merged directory (from ringsim merge) and --out FILE.html\n";
      return kExitBadInput;
    }
    const nlohmann::ordered_json merged = load_merged_sweep(options.run_dirs.front());
    // Bad input (a --metrics typo) is a ConfigError: exit 2 by the caller, before any output.
    const HtmlPage page = build_sweep_report_page(merged, options.run_dirs.front(), options.metrics);
    try {
      if (!options.out_path.empty()) write_file(options.out_path, page.finish());
      write_page_extras(page, options);
    } catch (const std::runtime_error& error) {
      std::cerr << "ringsim: " << error.what() << "\n";
      return kExitOutputFailed;
    }
    return kExitOk;
  }
  std::vector<RunData> runs;
  for (const std::string& dir : options.run_dirs) runs.push_back(load_run_dir(dir));
  std::optional<HtmlPage> page;
  try {
    page.emplace(build_report_page(runs));
  } catch (const nlohmann::json::exception& error) {
    // A summary.json or cluster.json whose value has the wrong type (issue #24): bad input.
    std::string dirs;
    for (const std::string& dir : options.run_dirs) dirs += (dirs.empty() ? "" : ", ") + dir;
    throw ConfigError(dirs, "", std::string("summary.json or cluster.json holds a value of the wrong type (") +
                                    error.what() + "); expected the files ringsim run --out writes");
  }
  try {
    if (!options.out_path.empty()) write_file(options.out_path, page->finish());
    write_page_extras(*page, options);
    if (!options.csv_wide_path.empty()) {
      std::ostringstream csv;
      write_wide_csv(csv, runs.front().series);
      write_file(options.csv_wide_path, csv.str());
    }
  } catch (const std::runtime_error& error) {
    std::cerr << "ringsim: " << error.what() << "\n";
    return kExitOutputFailed;
  }
  return kExitOk;
}

void record_overrides(nlohmann::ordered_json& summary, const std::vector<std::string>& set_texts,
                      const std::vector<std::string>& inject_texts) {
  summary["overrides"] = set_texts;
  // Only when there are some: a run without --inject keeps the summary.json it always had.
  if (!inject_texts.empty()) summary["injections"] = inject_texts;
}

RunReportOutputs::RunReportOutputs(const Run& run, std::string report_path, std::string out_dir, bool csv_wide)
    : recorder_(run), report_path_(std::move(report_path)), out_dir_(std::move(out_dir)), csv_wide_(csv_wide) {}

std::vector<std::pair<std::string, std::uintmax_t>> RunReportOutputs::write(const nlohmann::ordered_json& summary,
                                                                            const Run& run) const {
  std::vector<std::pair<std::string, std::uintmax_t>> written;
  const nlohmann::json cluster = recorder_.finish(run);
  RunData data;
  data.source = run.scenario().file;
  // Scenario strings may hold bytes that are not UTF-8 (a file name, a --set value): they
  // are replaced, as in summary.json, rather than failing the run's outputs.
  data.summary = nlohmann::json::parse(summary.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  data.series = series_from_metrics(run.metrics());
  data.cluster = cluster;
  if (!out_dir_.empty()) {
    const std::filesystem::path dir(out_dir_);
    if (!cluster.is_null()) {
      written.emplace_back("cluster.json",
                           write_file((dir / "cluster.json").string(),
                                      cluster.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"));
    }
    if (csv_wide_) {
      std::ostringstream csv;
      write_wide_csv(csv, data.series);
      written.emplace_back("timeseries_wide.csv", write_file((dir / "timeseries_wide.csv").string(), csv.str()));
    }
    data.source = out_dir_;
  }
  if (!report_path_.empty()) write_file(report_path_, build_report_html({data}));
  if (!player_path_.empty()) write_file(player_path_, player::build_player_html(data));
  return written;
}

}  // namespace ringsim::report
