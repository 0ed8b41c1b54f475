// libFuzzer target over the runbook reader (workloads/runbook.h): YAML bytes -> read_runbook.
#include "fuzz/fuzz_file.h"
#include "sim/config_error.h"
#include "workloads/runbook.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = ringsim::fuzz::write_input(ringsim::fuzz::as_text(data, size), ".yaml");
  try {
    (void)ringsim::read_runbook(path, "rag-small", 1'000'000);
  } catch (const ringsim::ConfigError&) {
  }
  return 0;
}
