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
#include "models/cluster/cluster_model.h"
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

  // Searches only.
  struct ShardCall {
    std::uint8_t attempt = 0;
    bool done = false;
    NodeSet tried;
  };
  NodeId coordinator = 0;
  std::uint32_t coordinator_incarnation = 0;
  std::vector<float> query;
  std::vector<ShardCall> calls;
  std::vector<SearchHit> merged;
  std::uint32_t shards_pending = 0;
  std::uint32_t shards_answered = 0;
  std::uint64_t distance_computations = 0;
};

// A shard search's token: the request's slot and generation, the shard and the shard
// call's attempt, with the top bit set so station jobs can tell it from a request token.
struct ShardToken {
  static constexpr int kShardBits = 12;
  static constexpr int kAttemptBits = 3;
  static constexpr std::uint64_t kMarker = std::uint64_t{1} << 63;
  static constexpr std::uint8_t kAttemptsMax = (1u << kAttemptBits) - 1;

  static bool is_shard_token(std::uint64_t token) { return (token & kMarker) != 0; }
  static std::uint64_t make(std::uint32_t slot, std::uint32_t generation, std::uint32_t shard, std::uint8_t attempt) {
    return kMarker | slot | (std::uint64_t{generation} << 24) | (std::uint64_t{shard} << 48) |
           (std::uint64_t{attempt} << (48 + kShardBits));
  }
  static std::uint32_t shard_of(std::uint64_t token) {
    return static_cast<std::uint32_t>((token >> 48) & ((1u << kShardBits) - 1));
  }
  static std::uint8_t attempt_of(std::uint64_t token) {
    return static_cast<std::uint8_t>((token >> (48 + kShardBits)) & kAttemptsMax);
  }
  // The request token (attempt and op fields zero) this shard call belongs to.
  static std::uint64_t request_bits(std::uint64_t token) { return token & ((std::uint64_t{1} << 48) - 1); }
};

class ClusterModel::Requests {
 public:
  static constexpr int kSlotBits = 24;
  static constexpr int kGenerationBits = 24;
  static constexpr std::uint32_t kSlotsMax = 1u << kSlotBits;
  static_assert(kSlotsMax == kClientRequestsInFlightMax);

  // Every slot holds a request in flight: the client refuses new ones (a valid scenario
  // with a long timeout and a high rate can get here; run/estimate.h warns of it).
  bool full() const { return free_.empty() && slots_.size() >= kSlotsMax; }

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
    // Keep the search buffers' capacity across reuse of the slot.
    std::vector<float> query = std::move(request.query);
    std::vector<Request::ShardCall> calls = std::move(request.calls);
    std::vector<SearchHit> merged = std::move(request.merged);
    request = Request{};
    request.query = std::move(query);
    request.calls = std::move(calls);
    request.merged = std::move(merged);
    request.query.clear();
    request.calls.clear();
    request.merged.clear();
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
  std::uint32_t generation(std::uint32_t slot) const { return slots_[slot].generation; }
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
