// The program as the user invoked it (argv[0] as given: "build/bin/ringsim", "ringsim",
// "./ringsim"), for the commands ringsim prints to copy and paste ("re-record:
// build/bin/ringsim record ..."): a printed "ringsim record" fails with "command not found"
// for a user who ran build/bin/ringsim. Shell-quoted when it needs quoting; "ringsim" until
// main sets it (and in the tests' own process).
#pragma once

#include <string>

namespace ringsim {

void set_invoked_as(const char* argv0);
const std::string& invoked_as();
// invoked_as() + " " + subcommand: "build/bin/ringsim record".
std::string invoked_command(const std::string& subcommand);

}  // namespace ringsim
