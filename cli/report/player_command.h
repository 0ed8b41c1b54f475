// `ringsim player RUN_DIR -o FILE.html`: the browser player (player_page.h) of a finished
// run directory (ringsim run --out DIR; it needs summary.json and timeseries.csv, and
// cluster.json for the ring). `ringsim run S --player FILE.html` writes the same page from
// the run in memory (report_command.h's RunReportOutputs).
//
// Exit codes as in main.cpp: 0 written; 2 bad input (not a run directory); 3 the file
// could not be written.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace ringsim::player {

struct PlayerCommandOptions {
  std::string run_dir;
  std::string out_path;
};

CLI::App* add_player_subcommand(CLI::App& app, PlayerCommandOptions& options);
int run_player_subcommand(const PlayerCommandOptions& options);

}  // namespace ringsim::player
