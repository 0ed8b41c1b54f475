// The JUnit file of `ringsim check --junit FILE`, as GitLab, GitHub and Jenkins read it and
// valid against the strict (Ant) schema in tests/junit/junit.xsd: a suite per scenario with
// timestamp, hostname, properties and system-out/system-err; a case per expectation named
// by its metric (the bound is in the failure message, so tuning a bound keeps the test's
// history) and one "golden" case. When check stops on bad input (exit 2) the file holds one
// errored case "input" with the message instead, so a CI system never shows an old file.
// Files are written whole or not at all (cli/atomic_output.h).
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cli/check_scenario.h"

namespace ringsim {

// `set_texts`: check's --set overrides, kept as properties and in the reproduce line.
void write_junit(std::ostream& out, const std::vector<std::unique_ptr<CheckedScenario>>& checked,
                 const std::vector<std::string>& set_texts);
// One suite "ringsim check" with one errored case "input" carrying `message`.
std::string input_error_junit(const std::string& message);
// How check names each scenario, on the console and as a JUnit suite: by its "name"; when
// two checked scenarios share one (the same file name in two folders), each by its path
// without ".json" ("scenarios/a/mm1"), so neither the table nor CI's history mixes them.
std::vector<std::string> scenario_display_names(const std::vector<std::unique_ptr<CheckedScenario>>& checked);
// Bad input (ConfigError, exit 2, before anything runs): a --junit path that is a
// directory ("out/") or ends in "/"; the message says which file name to give instead.
void check_junit_path(const std::string& path);
// False (said on stderr) when the file cannot be written.
bool write_junit_file(const std::string& path, const std::string& content);

}  // namespace ringsim
