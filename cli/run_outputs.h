// The --out directory of one `ringsim run` (docs/outputs.md): locked against a second run,
// cleared of an earlier run's files, every file written all-or-nothing (cli/atomic_output.h)
// and summary.json last, listing the files it completes with their sizes. Errors: a busy
// directory throws OutputDirBusy; a file that cannot be written throws std::exception.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/atomic_output.h"
#include "cli/output_stream.h"
#include "cli/pooled_output.h"
#include "cli/run_command.h"
#include "cli/trace_filter.h"
#include "sim/metrics.h"
#include "sim/trace.h"

namespace ringsim {

class FileOutputs {
 public:
  // Locks and clears the directory and opens the trace before the run, so a bad --out fails fast.
  FileOutputs(const std::string& dir, const CliRunOptions& options) : dir_(dir), lock_(dir_) {
    remove_stale_run_outputs(dir_);
    if (options.trace || options.trace_gzip) {
      trace_file_.emplace(dir_ / (options.trace_gzip ? "trace.jsonl.gz" : "trace.jsonl"), options.trace_gzip);
      trace_writer_.emplace(trace_file_->stream());
      trace_filter_.emplace(*trace_writer_, seconds_to_ns(options.trace_from_s), seconds_to_ns(options.trace_to_s),
                            options.trace_kinds);
    }
  }
  TraceSink* trace_sink() { return trace_filter_ ? &*trace_filter_ : nullptr; }
  const std::filesystem::path& dir() const { return dir_; }

  // timeseries.csv, pooled.json and the trace; summary.json comes last (write_summary).
  void write_data(const Metrics& metrics) {
    AtomicFile series_file(dir_ / "timeseries.csv");
    write_timeseries_csv(series_file.stream(), metrics);
    written_.emplace_back("timeseries.csv", series_file.commit());
    // For `ringsim merge` (cli/pooled_output.h).
    written_.emplace_back("pooled.json", write_file_atomically(dir_ / "pooled.json", pooled_to_json(metrics).dump() + "\n"));
    if (trace_file_) {
      trace_filter_.reset();
      trace_writer_.reset();
      written_.emplace_back(trace_file_->path().filename().string(), trace_file_->commit());
    }
  }
  void add_written(const std::vector<std::pair<std::string, std::uintmax_t>>& files) {
    written_.insert(written_.end(), files.begin(), files.end());
  }

  void write_summary(nlohmann::ordered_json summary) {
    nlohmann::ordered_json files = nlohmann::ordered_json::object();
    for (const auto& [name, bytes] : written_) files[name] = bytes;
    summary["output_files"] = std::move(files);
    // Invalid UTF-8 (e.g. from a file name) is replaced, never a reason to lose the outputs.
    write_file_atomically(dir_ / "summary.json",
                          summary.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
  }

  // An interrupted run: the files it wrote are removed, so nothing looks finished. Returns
  // what was removed, for the message.
  std::string abandon() {
    if (trace_file_) {
      trace_filter_.reset();
      trace_writer_.reset();
      trace_file_->abandon();
    }
    std::string removed;
    for (const auto& [name, bytes] : written_) {
      std::error_code ignored;
      std::filesystem::remove(dir_ / name, ignored);
      removed += (removed.empty() ? "" : ", ") + name;
    }
    written_.clear();
    return removed;
  }

 private:
  std::filesystem::path dir_;
  OutputDirLock lock_;
  std::optional<AtomicFile> trace_file_;
  std::optional<JsonLinesTraceWriter> trace_writer_;
  std::optional<TraceFilter> trace_filter_;
  std::vector<std::pair<std::string, std::uintmax_t>> written_;
};

}  // namespace ringsim
