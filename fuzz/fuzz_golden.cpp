// libFuzzer target over the golden reader (cli/golden.h): bytes -> read_golden -> the
// scenario it holds parsed and estimated, as replay and check --goldens do before running.
#include "cli/golden.h"
#include "fuzz/fuzz_file.h"
#include "run/estimate.h"
#include "run/scenario.h"
#include "sim/config_error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = ringsim::fuzz::write_input(ringsim::fuzz::as_text(data, size), ".golden");
  try {
    const ringsim::Golden golden = ringsim::read_golden(path);
    const ringsim::Scenario scenario = ringsim::parse_scenario(golden.scenario_document, path);
    ringsim::check_run_estimate(scenario, ringsim::estimate_run(scenario), 256.0 * 1024 * 1024);
    (void)ringsim::compare_goldens(golden, golden);
  } catch (const ringsim::ConfigError&) {
  }
  return 0;
}
