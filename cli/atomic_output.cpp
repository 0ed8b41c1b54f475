#include "cli/atomic_output.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace ringsim {

std::filesystem::path partial_path_of(const std::filesystem::path& path) {
  std::string name = ".";  // Appended, not "." + ...: GCC 12 warns falsely (-Wrestrict) on that.
  name += path.filename().string();
  name += ".partial";
  return path.parent_path() / name;
}

AtomicFile::AtomicFile(std::filesystem::path path, bool gzip) : path_(std::move(path)), partial_(partial_path_of(path_)) {
  if (!file_.open(partial_.string(), gzip)) {
    throw std::runtime_error("cannot write " + path_.string() + ": " + std::strerror(errno));
  }
}

AtomicFile::~AtomicFile() {
  if (!done_) abandon();
}

std::uintmax_t AtomicFile::commit() {
  done_ = true;
  // close() flushes the last buffered bytes and reports their loss (a full disk shows here,
  // not at the last <<: the check before close was how files were cut silently).
  if (!file_.close()) {
    std::error_code ignored;
    std::filesystem::remove(partial_, ignored);
    throw std::runtime_error("cannot write " + path_.string() + " (disk full or the file too large?)");
  }
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(partial_, error);
  if (!error) std::filesystem::rename(partial_, path_, error);
  if (error) {
    std::error_code ignored;
    std::filesystem::remove(partial_, ignored);
    throw std::runtime_error("cannot write " + path_.string() + ": " + error.message());
  }
  return size;
}

void AtomicFile::abandon() {
  done_ = true;
  file_.close();
  std::error_code ignored;
  std::filesystem::remove(partial_, ignored);
}

std::uintmax_t write_file_atomically(const std::filesystem::path& path, const std::string& content) {
  AtomicFile file(path);
  file.stream() << content;
  return file.commit();
}

OutputDirLock::OutputDirLock(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw std::runtime_error("cannot create the output directory " + dir.string() + ": " + error.message());
  const std::string lock_path = (dir / ".ringsim.lock").string();
  fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot create " + lock_path + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int code = errno;
    ::close(fd_);
    fd_ = -1;
    if (code == EWOULDBLOCK) {
      throw OutputDirBusy("another ringsim process is writing into " + dir.string() +
                          " (it holds " + lock_path + "); wait for it or choose another --out");
    }
    throw std::runtime_error("cannot lock " + lock_path + ": " + std::strerror(code));
  }
}

OutputDirLock::~OutputDirLock() {
  if (fd_ >= 0) ::close(fd_);  // Releases the flock; the lock file stays (removing it would race).
}

const std::vector<std::string>& run_output_names() {
  // summary.json first: once it is gone the directory no longer looks complete.
  static const std::vector<std::string> names = {"summary.json", "timeseries.csv", "pooled.json",
                                                 "cluster.json", "trace.jsonl",    "trace.jsonl.gz",
                                                 "timeseries_wide.csv"};
  return names;
}

void remove_stale_run_outputs(const std::filesystem::path& dir) {
  for (const std::string& name : run_output_names()) {
    for (const std::filesystem::path& path : {dir / name, partial_path_of(dir / name)}) {
      std::error_code error;
      std::filesystem::remove(path, error);
      if (error) throw std::runtime_error("cannot remove " + path.string() + " of an earlier run: " + error.message());
    }
  }
}

}  // namespace ringsim
