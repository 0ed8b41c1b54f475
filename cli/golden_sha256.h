// SHA-256 (FIPS 180-4) of a file, as lowercase hex: the digest a golden records for every
// input file its scenario reads (cli/golden_inputs.h), the same text `sha256sum FILE`
// prints, so a reviewer can check a data file against the golden by hand.
//
// Written from the standard's description (section 6.2: the message schedule, the 64
// rounds, the padding of section 5.1.1); tests hold it to the standard's published
// examples ("abc", the empty message, the 448-bit message) and to sha256sum.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ringsim {

class Sha256 {
 public:
  Sha256();
  void update(const unsigned char* data, std::size_t size);
  std::string hex_digest();  // finishes the hash; call once

 private:
  void block(const unsigned char* data);
  std::uint32_t state_[8];
  unsigned char buffer_[64];
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

std::string sha256_hex(std::string_view text);

struct FileDigest {
  std::uint64_t bytes = 0;
  std::string sha256;  // 64 hex digits
};
// Throws ConfigError naming the file when it cannot be read.
FileDigest sha256_file(const std::string& path);

}  // namespace ringsim
