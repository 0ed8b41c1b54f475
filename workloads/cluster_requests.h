// The client's table of in-flight requests: dense slots reused through a free list, each
// with a generation so that events carrying a stale token (a late reply, an old timeout)
// are recognised and ignored. A token packs (slot, generation, attempt, op) into the 64-bit
// event argument.
#pragma once

#include <cstdint>
#include <vector>

#include "cluster/node_set.h"
#include "cluster/replica_map.h"
#include "sim/assert.h"
#include "sim/time.h"
#include "workloads/cluster_model.h"
#include "workloads/point_workload.h"

namespace ringsim {

struct ClusterModel::Request {
  std::uint32_t generation = 0;
  bool active = false;
  PointOp op = PointOp::kGet;
  KeyId key = 0;
  TimeNs start_ns = 0;
  std::uint8_t attempt = 0;
  std::uint8_t redirects = 0;
  std::uint8_t acks_needed = 0;
  NodeSet acked;    // put: replicas that acknowledged (any attempt)
  NodeSet tried;    // get: replicas tried
  NodeSet waiting;  // replicas the current attempt still waits for
};

class ClusterModel::Requests {
 public:
  static constexpr int kSlotBits = 24;
  static constexpr int kGenerationBits = 24;
  static constexpr std::uint32_t kSlotsMax = 1u << kSlotBits;

  std::uint32_t allocate() {
    std::uint32_t slot;
    if (free_.empty()) {
      RINGSIM_ASSERT(slots_.size() < kSlotsMax);
      slot = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
    } else {
      slot = free_.back();
      free_.pop_back();
    }
    Request& request = slots_[slot];
    const std::uint32_t generation = (request.generation + 1) & ((1u << kGenerationBits) - 1);
    request = Request{};
    request.generation = generation;
    request.active = true;
    return slot;
  }
  void release(std::uint32_t slot) {
    RINGSIM_ASSERT(slots_[slot].active);
    slots_[slot].active = false;
    free_.push_back(slot);
  }
  Request& at(std::uint32_t slot) { return slots_[slot]; }

  std::uint64_t token(std::uint32_t slot) const {
    const Request& request = slots_[slot];
    return std::uint64_t{slot} | (std::uint64_t{request.generation} << kSlotBits) |
           (std::uint64_t{request.attempt} << (kSlotBits + kGenerationBits)) |
           (std::uint64_t{static_cast<std::uint8_t>(request.op)} << (kSlotBits + kGenerationBits + 8));
  }
  static std::uint32_t slot_of(std::uint64_t token) { return static_cast<std::uint32_t>(token & (kSlotsMax - 1)); }
  static std::uint8_t attempt_of(std::uint64_t token) {
    return static_cast<std::uint8_t>(token >> (kSlotBits + kGenerationBits));
  }
  static PointOp op_of(std::uint64_t token) {
    return static_cast<PointOp>(static_cast<std::uint8_t>(token >> (kSlotBits + kGenerationBits + 8)));
  }
  // The live request a token refers to, or nullptr when it has completed since.
  Request* find(std::uint64_t token) {
    const std::uint32_t slot = slot_of(token);
    if (slot >= slots_.size()) return nullptr;
    Request& request = slots_[slot];
    const auto generation = static_cast<std::uint32_t>((token >> kSlotBits) & ((1u << kGenerationBits) - 1));
    return request.active && request.generation == generation ? &request : nullptr;
  }

 private:
  std::vector<Request> slots_;
  std::vector<std::uint32_t> free_;
};

}  // namespace ringsim
