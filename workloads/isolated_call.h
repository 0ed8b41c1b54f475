// Runs work that calls a library not hardened against hostile input in a forked child
// process, so that a crash, a runaway allocation or an endless loop inside that library
// becomes a ConfigError naming the file, never the end of ringsim.
//
// Why: libhdf5 (Debian's 1.10) is not built to survive malformed files. Fuzzing its reader
// (fuzz/fuzz_hdf5.cpp) found, in under a minute, allocations of 10^15 bytes, inputs of 64 KB
// that made it allocate more than 2 GB, and leaks on its error paths, all inside the library
// (issue #24). ringsim cannot fix the library; it can keep the library's failures out of its
// own process. Every HDF5 read goes through run_isolated (workloads/vector_files.cpp).
//
// Contract:
//   - `child_work` runs in a child made by fork(). It writes its result with the PipeWriter;
//     a ConfigError it throws before writing anything reaches the parent and is rethrown
//     there with the same file, pointer and message. The child leaves by _exit (no atexit
//     handlers, no stdio flush, no leak check: the kernel reclaims its memory).
//   - `parent_read` runs in the calling process and reads exactly what the child wrote; a
//     short read (the child died) throws, and the child's end is reported instead.
//   - Limits: the child gets RLIMIT_CPU of `cpu_seconds` (SIGXCPU ends an endless loop) and,
//     when `address_space_bytes` > 0, RLIMIT_AS of its current size plus that (so an
//     allocation past it fails in the child). This holds under AddressSanitizer too: its
//     terabytes of shadow are reserved at start-up and so already in the current size.
//   - A child killed by a signal or exiting non-zero is ConfigError(path, "", "...") naming
//     the signal. The call never leaves a zombie. Deterministic: the child's result depends
//     only on the file; no wall clock is read (the CPU limit is the kernel's).
//   - Thread-safe: calls from several threads fork several children; the parent itself never
//     calls the isolated library, so each child starts from its untouched state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace ringsim {

class PipeWriter {
 public:
  explicit PipeWriter(int fd) : fd_(fd) {}
  void bytes(const void* data, std::size_t size);
  template <class T>
  void value(const T& v) { bytes(&v, sizeof v); }
  bool started() const { return started_; }

 private:
  int fd_;
  bool started_ = false;
};

class PipeReader {
 public:
  explicit PipeReader(int fd) : fd_(fd) {}
  // Throws (an internal error run_isolated turns into the child's end) on a short read.
  void bytes(void* data, std::size_t size);
  template <class T>
  T value() {
    T v{};
    bytes(&v, sizeof v);
    return v;
  }

 private:
  int fd_;
};

struct IsolationLimits {
  std::uint32_t cpu_seconds = 120;
  std::uint64_t address_space_bytes = 0;  // 0: no limit beyond the machine's
};

void run_isolated(const std::string& path, const IsolationLimits& limits,
                  const std::function<void(PipeWriter&)>& child_work,
                  const std::function<void(PipeReader&)>& parent_read);

}  // namespace ringsim
