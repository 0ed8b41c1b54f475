#include "cli/report/player_command.h"

#include <iostream>
#include <stdexcept>

#include "cli/report/player_page.h"
#include "cli/report/report_command.h"
#include "cli/report/run_data.h"
#include "run/exit_codes.h"
#include "sim/config_error.h"

namespace ringsim::player {

CLI::App* add_player_subcommand(CLI::App& app, PlayerCommandOptions& options) {
  CLI::App* command = app.add_subcommand(
      "player", "Write a self-contained HTML page that replays a finished run directory (written by run --out) "
                "in any browser: ring, latency, node states, captions, a timeline to scrub and play");
  command->add_option("run", options.run_dir, "Run directory, e.g. out/tour1")->required();
  command->add_option("-o,--out", options.out_path, "The HTML file to write, e.g. tour1.html")->required();
  return command;
}

int run_player_subcommand(const PlayerCommandOptions& options) {
  const report::RunData run = report::load_run_dir(options.run_dir);
  std::string page;
  try {
    page = build_player_html(run);
  } catch (const nlohmann::json::exception& error) {
    throw ConfigError(options.run_dir, "", std::string("summary.json or cluster.json holds a value of the wrong type (") +
                                               error.what() + "); expected the files ringsim run --out writes");
  }
  try {
    report::write_file_atomically(options.out_path, page);
  } catch (const std::runtime_error& error) {
    std::cerr << "ringsim: " << error.what() << "\n";
    return kExitOutputFailed;
  }
  return kExitOk;
}

}  // namespace ringsim::player
