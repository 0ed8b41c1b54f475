// ringsim: the headless runner. One subcommand per use (`ringsim --help`): run, validate,
// report, player, calibrate, sweep, merge, check, record, replay, diff, soak. This file only
// wires the command line to them and turns what escapes into an exit code.
//
// Exit codes (run/exit_codes.h): 0 success; 1 an expectation failed; 2 bad input (usage,
// scenario, --set, a path the system refuses); 3 the outputs could not be written (or --out
// is locked by another run); 130 / 143 stopped by SIGINT / SIGTERM.
#include <filesystem>
#include <functional>
#include <iostream>
#include <new>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/calibrate.h"
#include "cli/command_options.h"
#include "cli/invoked_as.h"
#include "cli/merge_command.h"
#include "cli/report/player_command.h"
#include "cli/report/report_command.h"
#include "cli/run_command.h"
#include "cli/sweep_command.h"
#include "run/exit_codes.h"
#include "sim/config_error.h"

namespace ringsim {
namespace {

constexpr const char* kVersion = "0.1.0";

// Runs the chosen command; whatever escapes it becomes a message and an exit code.
int exit_code_of(const std::function<int()>& command) {
  try {
    return command();
  } catch (const ConfigError& error) {
    std::cerr << "ringsim: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const std::filesystem::filesystem_error& error) {
    // A path the system refuses (too long, a symlink loop, no permission) anywhere a file is
    // named or a directory walked: bad input, named, never a crash (issue #24).
    std::cerr << "ringsim: " << error.path1().string() << ": " << error.code().message() << " ("
              << error.what() << ")\n";
    return kExitBadInput;
  } catch (const std::bad_alloc&) {
    std::cerr << "ringsim: out of memory: the input needs more memory than is available (lower --max-memory "
                 "to be refused before anything is allocated, or make the input smaller)\n";
    return kExitBadInput;
  } catch (const std::exception& error) {
    // Last line of defence: whatever escaped is reported, not a SIGABRT.
    std::cerr << "ringsim: " << error.what() << "\n";
    return kExitBadInput;
  }
}

int main_with_exit_code(int argc, char** argv) {
  if (argc > 0) set_invoked_as(argv[0]);  // printed commands say what the user ran
  CLI::App app{"ringsim: deterministic discrete-event simulator of an elastic, sharded vector database"};
  app.set_version_flag("--version", kVersion);
  app.require_subcommand(1);

  CommonOptions run_common;
  CliRunOptions run_options;
  CLI::App* run = add_run_command(app, run_common, run_options);

  report::ReportCommandOptions report_options;
  CLI::App* report_command = report::add_report_subcommand(app, report_options);
  player::PlayerCommandOptions player_options;
  CLI::App* player_command = player::add_player_subcommand(app, player_options);

  CommonOptions validate_common;
  add_validate_command(app, validate_common);  // the command when no other was parsed

  int calibrate_vectors = 20'000;
  int calibrate_searches = 2'000;
  CLI::App* calibrate = app.add_subcommand(
      "calibrate", "Measure the cost of one distance computation per dimension and print the cost table");
  calibrate->add_option("--vectors", calibrate_vectors, "Vectors indexed per dimension")->check(CLI::Range(100, 1'000'000));
  calibrate->add_option("--searches", calibrate_searches, "Searches timed per dimension")->check(CLI::Range(10, 1'000'000));

  SweepOptions sweep_options;
  CLI::App* sweep = add_sweep_command(app, sweep_options);
  MergeOptions merge_options;
  CLI::App* merge = add_merge_command(app, merge_options);
  CheckOptions check_options;
  CLI::App* check = add_check_command(app, check_options);
  RecordOptions record_options;
  CLI::App* record = add_record_command(app, record_options);
  ReplayOptions replay_options;
  CLI::App* replay = add_replay_command(app, replay_options);
  DiffOptions diff_options;
  CLI::App* diff = add_diff_command(app, diff_options);
  SoakOptions soak_options;
  CLI::App* soak = add_soak_command(app, soak_options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    std::cerr << "ringsim: " << error.what() << "\nRun 'ringsim --help' for usage.\n";
    return kExitBadInput;
  }

  return exit_code_of([&] {
    if (run->parsed()) return command_run(run_common, run_options);
    if (report_command->parsed()) return report::run_report_subcommand(report_options);
    if (player_command->parsed()) return player::run_player_subcommand(player_options);
    if (calibrate->parsed()) return run_calibration(calibrate_vectors, calibrate_searches);
    if (sweep->parsed()) return run_sweep_command(sweep_options);
    if (merge->parsed()) return run_merge_command(merge_options);
    if (check->parsed()) return command_check(check_options);
    if (record->parsed()) return command_record(record_options);
    if (replay->parsed()) return command_replay(replay_options);
    if (diff->parsed()) return command_diff(diff_options);
    if (soak->parsed()) return run_soak_command(soak_options);
    return command_validate(validate_common);
  });
}

}  // namespace
}  // namespace ringsim

int main(int argc, char** argv) { return ringsim::main_with_exit_code(argc, argv); }
