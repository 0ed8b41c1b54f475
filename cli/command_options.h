// The command-line grammar (CLI11) of `ringsim check`, `record`, `replay`, `diff` and
// `soak`: each function adds its subcommand to `app` and parses into `options`; the
// commands themselves are in their own files (check_command.h, replay_command.h,
// diff_command.h, soak_command.h). `run`, `validate`, `sweep`, `merge`, `report` and
// `player` declare theirs beside their commands.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/check_command.h"
#include "cli/diff_command.h"
#include "cli/replay_command.h"
#include "cli/soak_command.h"

namespace ringsim {

CLI::App* add_check_command(CLI::App& app, CheckOptions& options);
CLI::App* add_record_command(CLI::App& app, RecordOptions& options);
CLI::App* add_replay_command(CLI::App& app, ReplayOptions& options);
CLI::App* add_diff_command(CLI::App& app, DiffOptions& options);
CLI::App* add_soak_command(CLI::App& app, SoakOptions& options);

}  // namespace ringsim
