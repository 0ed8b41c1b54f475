// libFuzzer target over the .fvecs/.bvecs/.ivecs readers (workloads/vector_files.h): the
// first byte picks the format and the dimension, the rest is the file.
#include "fuzz/fuzz_file.h"
#include "sim/config_error.h"
#include "workloads/vector_files.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  static const char* const kSuffixes[] = {".fvecs", ".bvecs", ".ivecs", ".vecs"};
  const std::string path = ringsim::fuzz::write_input(ringsim::fuzz::as_text(data + 1, size - 1), kSuffixes[mode & 3]);
  const std::uint32_t dim = 1 + (mode >> 2);
  constexpr double kValuesMax = 4'000'000;  // 16 MB: a fuzz input is at most 64 KB anyway.
  try {
    if ((mode & 3) == 2) {
      (void)ringsim::read_ivecs_file(path, kValuesMax);
    } else {
      (void)ringsim::read_vecs_file(path, dim, 0, kValuesMax);
    }
    (void)ringsim::vector_side_files_bytes("", path, path);
  } catch (const ringsim::ConfigError&) {
  }
  return 0;
}
