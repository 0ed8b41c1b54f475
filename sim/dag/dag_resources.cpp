#include "sim/dag/dag_resources.h"

#include "sim/assert.h"

namespace ringsim {

namespace {
constexpr std::uint64_t kFieldMask16 = 0xffff;
}  // namespace

std::uint64_t AttemptRef::pack() const {
  RINGSIM_ASSERT(task <= kFieldMask16);
  RINGSIM_ASSERT(attempt <= kFieldMask16);
  return (std::uint64_t{run} << 32) | (std::uint64_t{task} << 16) | attempt;
}

AttemptRef AttemptRef::unpack(std::uint64_t packed) {
  return {static_cast<DagRunId>(packed >> 32), static_cast<TaskIndex>((packed >> 16) & kFieldMask16),
          static_cast<std::uint32_t>(packed & kFieldMask16)};
}

}  // namespace ringsim
