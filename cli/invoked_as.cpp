#include "cli/invoked_as.h"

namespace ringsim {

namespace {

std::string& stored() {
  static std::string name = "ringsim";
  return name;
}

// Characters a shell reads as themselves; anything else is single-quoted.
bool plain(const std::string& text) {
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '.' ||
                    c == '_' || c == '-' || c == '+' || c == ':' || c == '@' || c == ',';
    if (!ok) return false;
  }
  return !text.empty();
}

}  // namespace

void set_invoked_as(const char* argv0) {
  if (argv0 == nullptr || *argv0 == '\0') return;
  const std::string given(argv0);
  if (plain(given)) {
    stored() = given;
    return;
  }
  std::string quoted = "'";
  for (const char c : given) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  stored() = quoted + "'";
}

const std::string& invoked_as() { return stored(); }

std::string invoked_command(const std::string& subcommand) { return invoked_as() + " " + subcommand; }

}  // namespace ringsim
