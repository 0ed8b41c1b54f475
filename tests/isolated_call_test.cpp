// run_isolated (workloads/isolated_call.h): whatever the isolated work does to its own
// process (crash, abort, endless loop, runaway allocation, a ConfigError, a lie about its
// result's size), the caller gets a ConfigError naming the file, never a crash. And every
// input fuzzing found to crash libhdf5 (fuzz/corpus/hdf5/found-*) is a ConfigError here.
#include <catch2/catch.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <vector>

#include "sim/config_error.h"
#include "tests/test_support.h"
#include "workloads/isolated_call.h"
#include "workloads/vector_files.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RINGSIM_TEST_ASAN 1
#endif
#endif

namespace ringsim {
namespace {

std::string error_of(const std::function<void(PipeWriter&)>& child, const IsolationLimits& limits = {}) {
  try {
    run_isolated("data.hdf5", limits, child, [](PipeReader& in) { (void)in.value<std::uint64_t>(); });
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST_CASE("an isolated child's result reaches the parent", "[isolation]") {
  std::uint64_t got = 0;
  run_isolated(
      "data.hdf5", {}, [](PipeWriter& out) { out.value(std::uint64_t{42}); },
      [&](PipeReader& in) { got = in.value<std::uint64_t>(); });
  CHECK(got == 42);
}

TEST_CASE("a child's ConfigError keeps its file, pointer and message", "[isolation]") {
  try {
    run_isolated(
        "data.hdf5", {}, [](PipeWriter&) { throw ConfigError("data.hdf5", "/train", "has dimension 8"); },
        [](PipeReader&) {});
    FAIL("no error");
  } catch (const ConfigError& error) {
    CHECK(error.file() == "data.hdf5");
    CHECK(error.pointer() == "/train");
    CHECK(error.message() == "has dimension 8");
  }
}

TEST_CASE("a child that crashes, aborts or loops is the user's error, not ringsim's", "[isolation]") {
  CHECK_THAT(error_of([](PipeWriter&) { std::raise(SIGSEGV); }), Catch::Contains("data.hdf5") && Catch::Contains("SIGSEGV"));
  CHECK_THAT(error_of([](PipeWriter&) { std::abort(); }), Catch::Contains("SIGABRT"));
  IsolationLimits one_second;
  one_second.cpu_seconds = 1;
  CHECK_THAT(error_of([](PipeWriter&) { std::atomic<std::uint64_t> spins{0}; for (;;) spins.fetch_add(1, std::memory_order_relaxed); }, one_second),
             Catch::Contains("SIGXCPU") && Catch::Contains("1 s"));
  // Died half-way through its result: a short read, reported by the child's end.
  CHECK_THAT(error_of([](PipeWriter& out) { out.value(std::uint32_t{1}); std::raise(SIGBUS); }), Catch::Contains("SIGBUS"));
}

TEST_CASE("a child past its memory limit fails in the child", "[isolation]") {
  IsolationLimits small;
  small.address_space_bytes = std::uint64_t{64} << 20;
  const std::string error = error_of(
      [](PipeWriter& out) {
        std::vector<char> big(std::size_t{1} << 30, 1);  // 1 GiB against a 64 MiB limit
        out.value(std::uint64_t{big.size()});
      },
      small);
#if defined(__SANITIZE_ADDRESS__) || defined(RINGSIM_TEST_ASAN)
  // AddressSanitizer's allocator aborts on the failed allocation instead of throwing.
  CHECK_THAT(error, Catch::Contains("data.hdf5") && Catch::Contains("the reader"));
#else
  CHECK_THAT(error, Catch::Contains("more memory than the file's size can justify"));
#endif
}

TEST_CASE("the parent's own refusal of a result ends the child too", "[isolation]") {
  CHECK_THROWS_WITH(run_isolated(
                        "data.hdf5", {}, [](PipeWriter& out) { for (;;) out.value(std::uint64_t{7}); },
                        [](PipeReader&) { throw ConfigError("data.hdf5", "", "claims 10^12 rows"); }),
                    Catch::Contains("claims 10^12 rows"));
}

TEST_CASE("inputs that crashed libhdf5 under fuzzing are refused with a message", "[isolation][fuzz]") {
  const std::filesystem::path corpus = std::filesystem::path(RINGSIM_SOURCE_DIR) / "fuzz" / "corpus" / "hdf5";
  std::size_t found = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    if (entry.path().filename().string().rfind("found-", 0) != 0) continue;
    ++found;
    const std::string bytes = testing::read_text(entry.path().string());
    REQUIRE(!bytes.empty());
    // The fuzz target's layout: the first byte picks the dimension, the rest is the file.
    const std::string file = testing::write_temp_file("isolation-input.hdf5", bytes.substr(1));
    const std::uint32_t dim = 1 + static_cast<unsigned char>(bytes[0]) % 64;
    INFO(entry.path().filename().string());
    CHECK_THROWS_AS(read_hdf5_vector_set(file, dim, 0, 4'000'000, 10), ConfigError);
    (void)vector_side_files_bytes(file, "", "");
  }
  CHECK(found >= 3);
}

}  // namespace
}  // namespace ringsim
