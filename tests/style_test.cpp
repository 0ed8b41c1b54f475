// The simulation core stays pure: no GUI library, no wall clock, no OS entropy, and no
// unseeded randomness under sim/, cluster/, index/, workloads/. A forbidden use fails here
// with the file and line.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

struct Forbidden {
  const char* text;
  const char* why;
};

const Forbidden kForbidden[] = {
    {"<SFML/", "the core must not depend on the GUI"},
    {"imgui", "the core must not depend on the GUI"},
    {"<chrono>", "virtual time only: no wall clock in the core"},
    {"std::chrono", "virtual time only: no wall clock in the core"},
    {"time(nullptr)", "virtual time only: no wall clock in the core"},
    {"gettimeofday", "virtual time only: no wall clock in the core"},
    {"clock_gettime", "virtual time only: no wall clock in the core"},
    {"random_device", "every random stream derives from the scenario seed"},
    {"std::rand(", "every random stream derives from the scenario seed"},
    {"<random>", "use sim/random.h: <random>'s distributions differ between libraries"},
};

TEST_CASE("core folders use neither GUI, wall clock nor unseeded randomness", "[style]") {
  const std::filesystem::path root = RINGSIM_SOURCE_DIR;
  int files_checked = 0;
  for (const char* folder : {"sim", "cluster", "index", "workloads"}) {
    if (!std::filesystem::exists(root / folder)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
      const std::string extension = entry.path().extension().string();
      if (extension != ".h" && extension != ".cpp") continue;
      files_checked += 1;
      std::ifstream in(entry.path());
      std::string line;
      for (int line_number = 1; std::getline(in, line); ++line_number) {
        for (const Forbidden& forbidden : kForbidden) {
          if (line.find(forbidden.text) == std::string::npos) continue;
          FAIL(entry.path().string() << ":" << line_number << ": \"" << forbidden.text << "\": "
                                     << forbidden.why);
        }
      }
    }
  }
  CHECK(files_checked > 20);
}

}  // namespace
