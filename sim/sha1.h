// SHA-1 (FIPS 180-4, section 6.1), for reproducing Airflow's retry jitter, which hashes a
// task instance's id with hashlib.sha1 (sim/dag/airflow_backoff.h). Not for security.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace ringsim {

using Sha1Digest = std::array<std::uint8_t, 20>;

Sha1Digest sha1(std::string_view message);

// The digest read as a big-endian 160-bit integer (Python's int(hexdigest, 16)), mod m > 0.
std::uint64_t sha1_mod(const Sha1Digest& digest, std::uint64_t m);

}  // namespace ringsim
