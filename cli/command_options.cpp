#include "cli/command_options.h"

#include "run/option_values.h"

namespace ringsim {

// `ringsim check`: its options, parsed into `options`.
CLI::App* add_check_command(CLI::App& app, CheckOptions& options) {
  CLI::App* command = app.add_subcommand("check", "Run every scenario found with its expectations; one table, optional JUnit");
  command->add_option("paths", options.paths, "Scenario files or directories (searched for *.json); default: scenarios");
  command->add_option("--jobs,-j", options.jobs, "Scenarios run at once (default: all cores; results do not change)");
  command->add_option("--junit", options.junit_path, "Also write JUnit XML here (a suite per scenario)");
  command->add_flag("--quiet,-q", options.quiet, "Print only failed checks and the totals");
  command->add_option("--max-memory", options.max_memory_text,
                      "Refuse scenarios estimated to need more memory, e.g. 8G (default: half of physical memory)");
  command->add_option("--goldens", options.goldens_dir,
                      "Also compare each scenario X.json with DIR/X.golden when it exists (same run)");
  command->add_option("--set", options.set_texts, "Override a value of every scenario by JSON pointer (repeatable)")
        ->allow_extra_args(false);
  command->add_option("--seed", options.seed, "Override every scenario's seed")
        ->check(CLI::Validator([](std::string& text) { return seed_text_problem(text); }, "UINT64"));
  command->add_option("--tolerance", options.tolerance_texts,
                      "Golden tolerance mode: METRIC=LIMIT, e.g. search.p99_ms=5% (repeatable; docs/ci.md)")
        ->allow_extra_args(false);
  command->add_flag("--exact", options.exact,
                    "Compare every golden exactly: the scenarios' tolerances are not used (reported)");
  command->add_flag("--quick", options.quick,
                    "Quick tier: skip scenarios estimated above 4 M events or indexing over 12,000 vectors (listed as skipped)");
  command->add_flag("--require-goldens", options.require_goldens,
                    "With --goldens: a scenario without a golden fails instead of being listed");
  command->add_option("--show-moved", options.moved_shown,
                      "Moved metrics listed per golden failure (default 8; 0: every one)");
  return command;
}

// `ringsim record`: its options, parsed into `options`.
CLI::App* add_record_command(CLI::App& app, RecordOptions& options) {
  CLI::App* command = app.add_subcommand("record", "Run a scenario and write its golden (for ringsim replay)");
  command->add_option("scenario", options.scenario_path, "Scenario file (JSON)")->required();
  command->add_option("--golden", options.golden_path, "Golden file to write, e.g. scenarios/golden/mm1.golden")
       ->required();
  command->add_option("--seed", options.seed, "Override the scenario's seed");
  command->add_option("--max-memory", options.max_memory_text,
                      "Refuse a run estimated to need more memory, e.g. 8G (default: half of physical memory)");
  command->add_option("--set", options.set_texts, "Override a scenario value by JSON pointer (repeatable)")
       ->allow_extra_args(false);
  command->add_option("--tolerance", options.tolerance_texts,
                      "Write a tolerance into the golden: METRIC=LIMIT, e.g. search.p99_ms=5% (repeatable)")
       ->allow_extra_args(false);
  return command;
}

// `ringsim replay`: its options, parsed into `options`.
CLI::App* add_replay_command(CLI::App& app, ReplayOptions& options) {
  CLI::App* command = app.add_subcommand("replay", "Re-run goldens; name the first diverging window and event");
  command->add_option("golden", options.golden_paths, "Golden files")->required();
  command->add_option("--set", options.set_texts,
                      "Change a value of the recorded scenario first: what diverges first? (repeatable)")
       ->allow_extra_args(false);
  command->add_option("--jobs,-j", options.jobs, "Goldens replayed at once (default: all cores)");
  command->add_option("--tolerance", options.tolerance_texts,
                      "Tolerance mode: METRIC=LIMIT, e.g. search.p99_ms=5% (repeatable; docs/ci.md)")
       ->allow_extra_args(false);
  command->add_flag("--exact", options.exact,
                    "Compare exactly: the golden's recorded tolerances are not used (reported)");
  command->add_option("--max-memory", options.max_memory_text,
                      "Refuse goldens whose scenario is estimated to need more memory (default: half of physical memory)");
  command->add_option("--show-moved", options.moved_shown, "Moved metrics listed per mismatch (default 8; 0: every one)");
  return command;
}

// `ringsim diff`: its options, parsed into `options`.
CLI::App* add_diff_command(CLI::App& app, DiffOptions& options) {
  CLI::App* command = app.add_subcommand("diff", "Compare two run output directories (summary.json) metric by metric");
  command->add_option("a", options.a_dir, "Output directory of run A (ringsim run --out)")->required();
  command->add_option("b", options.b_dir, "Output directory of run B")->required();
  command->add_flag("--changed", options.changed_only, "Only metrics that differ");
  command->add_option("--threshold", options.thresholds,
                      "METRIC=PCT: exit 1 when METRIC's relative change exceeds PCT percent (repeatable)");
  command->add_option_function<std::string>(
         "--order", [&options](const std::string& order) { options.file_order = order == "file"; },
         "change (default: largest relative change first) or file (summary.json's order)")
         ->check(CLI::IsMember({"change", "file"}));
  return command;
}

// `ringsim soak`: its options, parsed into `options`.
CLI::App* add_soak_command(CLI::App& app, SoakOptions& options) {
  CLI::App* command = app.add_subcommand("soak", "Random fault timelines with invariant checks (docs/hardening.md)");
  command->add_option("--seeds", options.seeds, "Seeds to run")->check(CLI::Range(1, 1'000'000));
  command->add_option("--first-seed", options.first_seed, "First seed");
  command->add_option("--actions", options.actions, "Timeline actions per seed")->check(CLI::Range(1, 1000));
  command->add_option("--out", options.out_path, "Write a failing seed's minimal scenario here");
  command->add_option("--inject-failure", options.inject_failure_action,
                      "Test the shrinker: timelines with an action of this kind (e.g. fail_node) fail");
  return command;
}

}  // namespace ringsim
