// libFuzzer target over the arrival-trace reader (workloads/trace_arrivals.h): CSV bytes ->
// read_arrivals with a trace entry; the first byte picks time_scale and loop, so scaling
// and looping are fuzzed too; then a cursor draws a few hundred arrivals.
#include <cmath>

#include "fuzz/fuzz_file.h"
#include "sim/config_error.h"
#include "sim/random.h"
#include "workloads/arrivals.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  const std::string path = ringsim::fuzz::write_input(ringsim::fuzz::as_text(data + 1, size - 1), ".csv");
  const double time_scale = std::pow(10.0, static_cast<int>(mode & 0x1f) - 12);  // 1e-12 .. 1e19
  const nlohmann::json entry = {{"type", "trace"}, {"file", path}, {"time_scale", time_scale},
                                {"loop", (mode & 0x20) != 0}};
  try {
    const ringsim::ArrivalConfig config = ringsim::read_arrivals(ringsim::ObjectReader(entry, "/arrivals", "fuzz.json"));
    ringsim::ArrivalProcess process(config, ringsim::Rng(1, "fuzz"));
    ringsim::TimeNs now_ns = 0;
    for (int i = 0; i < 300 && now_ns < ringsim::kTimeNsMax; ++i) now_ns += process.next_gap_ns(now_ns);
  } catch (const ringsim::ConfigError&) {
  }
  return 0;
}
