// An output file that is plain or gzip-compressed (RFC 1952, through Debian's zlib,
// zlib1g-dev), written through one std::ostream either way. Used by --trace (--trace-gzip
// writes trace.jsonl.gz) and --perfetto (a FILE ending in ".gz"). gzip level 1: traces are
// large and repetitive, and level 1 keeps compression cheaper than producing the events
// while still shrinking them several times over; `zcat`, `gzip -d` and Perfetto read it.
//
// Errors: open() and close() return false when the file cannot be created or written
// (disk full, zlib error); callers name the file and exit 3. close() must be called
// before the file is relied on: it writes the gzip trailer.
#pragma once

#include <memory>
#include <ostream>
#include <string>

namespace ringsim {

// True when `path` ends in ".gz".
bool has_gzip_suffix(const std::string& path);

class OutputStream {
 public:
  OutputStream();
  ~OutputStream();
  OutputStream(const OutputStream&) = delete;
  OutputStream& operator=(const OutputStream&) = delete;

  bool open(const std::string& path, bool gzip);
  std::ostream& stream();
  // Flushes and closes; false when anything written was lost.
  bool close();

 private:
  class GzipBuffer;
  std::unique_ptr<GzipBuffer> gzip_;
  std::unique_ptr<std::ostream> stream_;
  bool closed_ = false;
};

}  // namespace ringsim
