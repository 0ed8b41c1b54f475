#include "cli/output_stream.h"

#include <zlib.h>

#include <array>
#include <fstream>
#include <streambuf>

namespace ringsim {

bool has_gzip_suffix(const std::string& path) {
  return path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
}

// A write-only streambuf over gzwrite, buffered here so zlib sees large blocks.
class OutputStream::GzipBuffer final : public std::streambuf {
 public:
  explicit GzipBuffer(gzFile file) : file_(file) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  ~GzipBuffer() override { close(); }

  bool close() {
    if (file_ == nullptr) return ok_;
    ok_ = drain() && ok_;
    ok_ = gzclose(file_) == Z_OK && ok_;
    file_ = nullptr;
    return ok_;
  }

 protected:
  int_type overflow(int_type ch) override {
    if (!drain()) return traits_type::eof();
    if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
    *pptr() = traits_type::to_char_type(ch);
    pbump(1);
    return ch;
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  // Hands the buffered bytes to zlib (without a gzflush, which would cost compression).
  bool drain() {
    const auto size = static_cast<unsigned>(pptr() - pbase());
    if (size > 0 && (file_ == nullptr || gzwrite(file_, pbase(), size) != static_cast<int>(size))) ok_ = false;
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return ok_;
  }

  gzFile file_;
  bool ok_ = true;
  std::array<char, 1 << 16> buffer_{};
};

OutputStream::OutputStream() = default;
OutputStream::~OutputStream() { close(); }

bool OutputStream::open(const std::string& path, bool gzip) {
  closed_ = false;
  if (!gzip) {
    auto file = std::make_unique<std::ofstream>(path, std::ios::binary);
    if (!*file) return false;
    stream_ = std::move(file);
    return true;
  }
  gzFile file = gzopen(path.c_str(), "wb1");
  if (file == nullptr) return false;
  gzip_ = std::make_unique<GzipBuffer>(file);
  stream_ = std::make_unique<std::ostream>(gzip_.get());
  return true;
}

std::ostream& OutputStream::stream() { return *stream_; }

bool OutputStream::close() {
  if (closed_ || !stream_) return !stream_ || !stream_->fail();
  closed_ = true;
  stream_->flush();
  bool ok = !stream_->fail();
  if (gzip_) ok = gzip_->close() && ok;
  if (auto* file = dynamic_cast<std::ofstream*>(stream_.get())) {
    file->close();
    ok = !file->fail() && ok;
  }
  return ok;
}

}  // namespace ringsim
