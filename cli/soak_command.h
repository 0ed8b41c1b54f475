// `ringsim soak`: the fault soak (run/soak.h) over a range of seeds. Each case runs in a
// child process, so a broken invariant (which aborts) is reported, not fatal; a failing
// seed's timeline is shrunk by delta debugging to a minimal one that still fails, printed
// as a scenario that reproduces it with `ringsim run`.
#pragma once

#include <cstdint>
#include <string>

namespace ringsim {

struct SoakOptions {
  std::uint64_t first_seed = 1;
  std::uint32_t seeds = 20;
  std::uint32_t actions = 12;
  std::string out_path;  // Where the minimal failing scenario goes ("" = stdout only).
  // Testing the shrinker: a timeline holding an action of this kind counts as failing.
  std::string inject_failure_action;
};

// Returns the process exit code: 0 all seeds held, 1 a seed failed.
int run_soak_command(const SoakOptions& options);

}  // namespace ringsim
