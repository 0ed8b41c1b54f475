// libFuzzer target over the ann-benchmarks HDF5 reader (workloads/vector_files.h): the
// first byte is the dimension, the rest the file (seeds: tests/fuzz/hdf5/, small valid files).
#include "fuzz/fuzz_file.h"
#include "sim/config_error.h"
#include "workloads/vector_files.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint32_t dim = 1 + data[0] % 64;
  const std::string path = ringsim::fuzz::write_input(ringsim::fuzz::as_text(data + 1, size - 1), ".hdf5");
  try {
    (void)ringsim::vector_side_files_bytes(path, "", "");
    // 10 s of CPU: an endless loop in libhdf5 ends before libFuzzer's 30 s timeout.
    (void)ringsim::read_hdf5_vector_set(path, dim, 0, 4'000'000, 10);
  } catch (const ringsim::ConfigError&) {
  }
  return 0;
}
