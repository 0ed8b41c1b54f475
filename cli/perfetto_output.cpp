#include "cli/perfetto_output.h"

#include <algorithm>
#include <ostream>
#include <stdexcept>

#include "run/scenario.h"

namespace ringsim {

namespace {
// Bytes one counter event takes, about: {"name":"queue_length","cat":"counter",...}.
constexpr std::uint64_t kCounterEventBytes = 110;
}  // namespace

void add_perfetto_options(CLI::App& run, PerfettoCliOptions& options) {
  run.add_option("--perfetto", options.path,
                 "Also write Chrome trace-event JSON for Perfetto UI / chrome://tracing to FILE (FILE.gz: gzip)");
  run.add_option("--perfetto-from", options.from_s, "--perfetto: first virtual second written (default 0)")
      ->check(CLI::Range(0.0, kDurationSMax));
  run.add_option("--perfetto-to", options.to_s, "--perfetto: last virtual second written (default: the end)")
      ->check(CLI::Range(0.0, kDurationSMax));
  run.add_option("--perfetto-kinds", options.kinds,
                 "--perfetto: only these kinds, comma-separated: service,migration,dag,counter,instant");
  run.add_option("--perfetto-max-mb", options.max_mb, "--perfetto: size cap in MiB (default 256)")
      ->check(CLI::Range(1.0, 1e6));
}

PerfettoOutput::PerfettoOutput(const PerfettoCliOptions& options, const Run& run) : path_(options.path) {
  if (path_.empty()) return;
  PerfettoOptions writer_options;
  writer_options.from_ns = seconds_to_ns(options.from_s);
  writer_options.to_ns = seconds_to_ns(options.to_s);
  writer_options.kinds = parse_perfetto_kinds(options.kinds);
  writer_options.max_bytes = static_cast<std::uint64_t>(options.max_mb * 1024 * 1024);
  // Room for every window's counters (nodes added later get theirs from it too).
  const Metrics& metrics = run.metrics();
  const std::uint64_t windows = static_cast<std::uint64_t>(run.end_ns() / std::max<TimeNs>(1, metrics.window_ns())) + 1;
  writer_options.counter_reserve_bytes =
      std::min(writer_options.max_bytes / 2, windows * (metrics.series_names().size() + 8) * kCounterEventBytes);
  // Written as .NAME.partial and renamed at the end (cli/atomic_output.h): a run cut by a
  // signal or a full disk leaves no half trace for Perfetto UI to reject.
  file_ = std::make_unique<AtomicFile>(path_, has_gzip_suffix(path_));
  writer_.emplace(file_->stream(), writer_options, run.scenario().name);
}

void PerfettoOutput::finish(const Run& run, std::ostream& err) {
  if (!writer_) return;
  writer_->finish(run.metrics());
  file_->commit();
  if (writer_->truncated()) {
    err << "ringsim: --perfetto output capped at " << writer_->bytes_written() / (1024 * 1024) << " MiB ("
        << writer_->events_written() << " events): events from virtual time " << format_us(writer_->truncated_at_ns())
        << " us on are left out. Narrow it with --perfetto-from/--perfetto-to or --perfetto-kinds, or raise "
           "--perfetto-max-mb\n";
  }
}

}  // namespace ringsim
