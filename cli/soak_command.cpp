#include "cli/soak_command.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <vector>

#include "run/exit_codes.h"
#include "run/soak.h"
#include "sim/config_error.h"

namespace ringsim {

namespace {

enum class Outcome { kHeld, kFailed, kInvalid };

// Runs one document in a child process: a broken invariant aborts only the child.
bool has_action(const nlohmann::json& document, const std::string& kind) {
  if (kind.empty()) return false;
  for (const nlohmann::json& action : document["timeline"]) {
    if (action.value("action", "") == kind) return true;
  }
  return false;
}

Outcome run_isolated(const nlohmann::json& document, bool quiet, const std::string& inject_failure_action) {
  std::fflush(nullptr);
  const pid_t child = fork();
  if (child < 0) throw std::runtime_error("fork failed");
  if (child == 0) {
    if (quiet) {
      std::freopen("/dev/null", "w", stderr);
    }
    int code = 0;
    try {
      if (has_action(document, inject_failure_action)) {
        std::fprintf(stderr, "ringsim soak: injected failure (%s)\n", inject_failure_action.c_str());
        code = 1;
      } else if (const std::optional<std::string> failure = run_soak_case(document)) {
        std::fprintf(stderr, "ringsim soak: %s\n", failure->c_str());
        code = 1;
      }
    } catch (const ConfigError& error) {
      std::fprintf(stderr, "ringsim soak: %s\n", error.what());
      code = 2;
    } catch (const std::exception& error) {
      std::fprintf(stderr, "ringsim soak: unexpected exception: %s\n", error.what());
      code = 1;
    }
    std::fflush(nullptr);
    _exit(code);
  }
  int status = 0;
  waitpid(child, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Outcome::kHeld;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 2) return Outcome::kInvalid;
  return Outcome::kFailed;
}

nlohmann::json with_timeline(nlohmann::json document, const std::vector<nlohmann::json>& actions) {
  document["timeline"] = actions;
  return document;
}

// ddmin (Zeller and Hildebrandt 2002): the smallest subset of actions, by removing chunks
// of the list, that still fails. A subset that is not a valid timeline does not fail.
std::vector<nlohmann::json> minimize(const nlohmann::json& document, std::vector<nlohmann::json> actions,
                                     const std::string& inject_failure_action) {
  const auto fails = [&](const std::vector<nlohmann::json>& subset) {
    return run_isolated(with_timeline(document, subset), /*quiet=*/true, inject_failure_action) == Outcome::kFailed;
  };
  std::size_t granularity = 2;
  while (actions.size() >= 2) {
    const std::size_t chunk = (actions.size() + granularity - 1) / granularity;
    bool reduced = false;
    for (std::size_t start = 0; start < actions.size(); start += chunk) {
      std::vector<nlohmann::json> complement(actions.begin(), actions.begin() + static_cast<std::ptrdiff_t>(start));
      complement.insert(complement.end(), actions.begin() + static_cast<std::ptrdiff_t>(std::min(start + chunk, actions.size())),
                        actions.end());
      if (fails(complement)) {
        actions = std::move(complement);
        granularity = std::max<std::size_t>(granularity - 1, 2);
        reduced = true;
        break;
      }
    }
    if (reduced) continue;
    if (granularity >= actions.size()) break;
    granularity = std::min(granularity * 2, actions.size());
  }
  if (actions.size() == 1 && fails({})) actions.clear();
  return actions;
}

}  // namespace

int run_soak_command(const SoakOptions& options) {
  std::uint32_t held = 0;
  for (std::uint64_t seed = options.first_seed; seed < options.first_seed + options.seeds; ++seed) {
    const nlohmann::json document = soak_scenario(seed, options.actions);
    const Outcome outcome = run_isolated(document, /*quiet=*/false, options.inject_failure_action);
    if (outcome == Outcome::kHeld) {
      held += 1;
      continue;
    }
    if (outcome == Outcome::kInvalid) {
      std::cerr << "ringsim soak: seed " << seed << " drew an invalid timeline (a defect of the generator)\n";
      return kExitFailed;
    }
    std::cerr << "ringsim soak: seed " << seed << " failed; shrinking its timeline of "
              << document["timeline"].size() << " actions...\n";
    const std::vector<nlohmann::json> minimal =
        minimize(document, document["timeline"].get<std::vector<nlohmann::json>>(), options.inject_failure_action);
    const nlohmann::json reproducer = with_timeline(document, minimal);
    std::cout << "minimal failing timeline (" << minimal.size() << " actions) for seed " << seed << ":\n"
              << nlohmann::json(minimal).dump(2) << "\n";
    if (!options.out_path.empty()) {
      std::ofstream(options.out_path) << reproducer.dump(2) << "\n";
      std::cout << "reproduce with: ringsim run " << options.out_path << "\n";
    }
    return kExitFailed;
  }
  std::cout << "soak: " << held << " seeds from " << options.first_seed << " held (" << options.actions
            << " actions each; invariants checked every few thousand events; no key lost)\n";
  return kExitOk;
}

}  // namespace ringsim
