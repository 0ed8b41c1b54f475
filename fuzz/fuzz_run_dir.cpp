// libFuzzer target over a run directory as `report` and `merge` read it: the input holds
// summary.json, cluster.json, pooled.json and timeseries.csv separated by lines "%%%%";
// they are written to a directory of this process's own, then read by report's loader and
// page builder and by merge's pooled-histogram reader.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "cli/pooled_output.h"
#include "cli/report/report_page.h"
#include "cli/report/run_data.h"
#include "fuzz/fuzz_file.h"
#include "sim/config_error.h"
#include "sim/json_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = ringsim::fuzz::as_text(data, size);
  const std::filesystem::path dir = ringsim::fuzz::temp_dir() + "/ringsim-fuzz-run-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  const char* const kNames[] = {"summary.json", "cluster.json", "pooled.json", "timeseries.csv"};
  for (const char* name : kNames) {
    const std::size_t cut = text.find("\n%%%%\n");
    std::ofstream(dir / name, std::ios::binary | std::ios::trunc) << text.substr(0, cut);
    text = cut == std::string_view::npos ? std::string_view() : text.substr(cut + 6);
  }
  try {
    ringsim::report::RunData run = ringsim::report::load_run_dir(dir.string());
    (void)ringsim::report::build_report_html({run});
  } catch (const ringsim::ConfigError&) {
  } catch (const nlohmann::json::exception&) {
    // report turns these into exit 2 at its command (cli/report/report_command.cpp).
  }
  try {
    std::ifstream in(dir / "pooled.json", std::ios::binary);
    const std::string pooled((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    (void)ringsim::pooled_from_json(ringsim::parse_json_text(pooled, "pooled.json"), "pooled.json");
  } catch (const ringsim::ConfigError&) {
  }
  return 0;
}
