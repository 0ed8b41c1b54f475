// Outputs that are all-or-nothing (issue #24). A file is written under a temporary name in
// its own directory (".NAME.partial"), flushed and closed with every error checked, then
// renamed over NAME: a reader sees the old file, no file, or the whole new one, never a file
// cut at a full disk or a signal. A run directory is locked (flock on DIR/.ringsim.lock)
// while a run writes into it, so a second run into the same --out is refused instead of
// interleaving its files; the run's own files from an earlier run are removed first, and
// summary.json, written last, lists every file of the run with its size (docs/outputs.md).
//
// Errors: std::runtime_error naming the file and the system's reason; callers exit 3
// (kExitOutputFailed). OutputDirBusy when the directory is locked by another process.
#pragma once

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cli/output_stream.h"

namespace ringsim {

// The temporary name a file is written under before it is renamed into place.
std::filesystem::path partial_path_of(const std::filesystem::path& path);

class AtomicFile {
 public:
  // Opens the temporary file; throws std::runtime_error when it cannot be created.
  explicit AtomicFile(std::filesystem::path path, bool gzip = false);
  ~AtomicFile();  // Removes the temporary file unless commit() succeeded.
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return file_.stream(); }
  const std::filesystem::path& path() const { return path_; }
  // Flushes, closes (errors checked) and renames into place; returns the size in bytes.
  // Throws std::runtime_error on any failure, leaving no file at `path` from this write.
  std::uintmax_t commit();
  // Drops the temporary file (an interrupted run).
  void abandon();

 private:
  std::filesystem::path path_;
  std::filesystem::path partial_;
  OutputStream file_;
  bool done_ = false;
};

// Writes `content` to `path` through an AtomicFile; returns the size.
std::uintmax_t write_file_atomically(const std::filesystem::path& path, const std::string& content);

class OutputDirBusy : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An exclusive, non-blocking flock on DIR/.ringsim.lock, held for the object's lifetime
// (released by the kernel if the process dies). Creates DIR. Throws OutputDirBusy when
// another process holds it, std::runtime_error when DIR cannot be created or locked.
class OutputDirLock {
 public:
  explicit OutputDirLock(const std::filesystem::path& dir);
  ~OutputDirLock();
  OutputDirLock(const OutputDirLock&) = delete;
  OutputDirLock& operator=(const OutputDirLock&) = delete;

 private:
  int fd_ = -1;
};

// Files a run writes into its --out directory; removed (summary.json first, so the directory
// never looks complete meanwhile) before a new run writes there, with any ".partial" left.
const std::vector<std::string>& run_output_names();
// Throws std::runtime_error naming the file that could not be removed.
void remove_stale_run_outputs(const std::filesystem::path& dir);

}  // namespace ringsim
