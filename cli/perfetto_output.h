// `ringsim run --perfetto FILE` (docs/outputs.md#perfetto): the options, and the file the
// run's activity is written to through a PerfettoWriter (cli/perfetto_writer.h). FILE ending
// in ".gz" is gzip-compressed (cli/output_stream.h). The output is bounded by a virtual time
// window, a kind filter and a size cap (--perfetto-max-mb, default 256: larger JSON does not
// load in chrome://tracing, whose page cannot hold a string over ~512 MiB, and strains
// Perfetto UI's in-browser import); a capped file is still valid and a message says where it
// was cut and how to narrow it.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/atomic_output.h"
#include "cli/perfetto_writer.h"
#include "run/run.h"

namespace ringsim {

struct PerfettoCliOptions {
  std::string path;  // empty: no Perfetto output
  double from_s = 0;
  double to_s = 1e6;
  std::string kinds;
  double max_mb = 256;
};

void add_perfetto_options(CLI::App& run, PerfettoCliOptions& options);

class PerfettoOutput {
 public:
  // Does nothing when options.path is empty. Throws ConfigError for a bad --perfetto-kinds,
  // std::runtime_error when FILE cannot be created.
  PerfettoOutput(const PerfettoCliOptions& options, const Run& run);
  // Set on the run's simulator; nullptr without --perfetto.
  ActivityObserver* observer() { return writer_ ? &*writer_ : nullptr; }
  // Writes the counters and the closing, closes the file; reports a cap on `err`.
  // Throws std::runtime_error when the file could not be written.
  void finish(const Run& run, std::ostream& err);

 private:
  std::string path_;
  std::unique_ptr<AtomicFile> file_;  // renamed into place by finish(), like every output
  std::optional<PerfettoWriter> writer_;
};

}  // namespace ringsim
