// The cluster model's 64-bit job ids and event arguments, in one place: every token that
// names a client request, a migration apply job, a DAG attempt's station job or a search's
// shard call is made by an encode_* function here and read by a decode_* function here.
//
// Layout (bit 63 is the most significant). Every token starts with a 2-bit tag in bits
// 62..63 that says which fields follow: 00 request or apply, 01 DAG job, 10 shard call.
//
//   request     [tag 00 @62][op 6 @56][attempt 8 @48][generation 23 @24][slot 24 @0]
//   apply       [tag 00 @62][op=kApply @56]                      [range 32 @0]
//   DAG job     [tag 01 @62]                                     [index 32 @0]
//   shard call  [tag 10 @62][attempt 3 @59][shard 12 @47][generation 23 @24][slot 24 @0]
//
// The static_asserts below check that within each kind no two fields (tag included)
// share a bit, and that a shard call carries its request's slot and generation at the
// same place as the request token. decode_* asserts the kind it is given. (Generations
// wrap at 2^23: a slot would have to be reused 8 million times while an old token of it
// is still in flight to be confused.)
//
// Node addresses and replies ride in the second event argument: [incarnation 32 @16]
// [node 16 @0] and [status @16][node 16 @0].
#pragma once

#include <cstdint>

#include "cluster/node.h"
#include "sim/assert.h"
#include "workloads/point_workload.h"

namespace ringsim::job_token {

// A bit field of a token: `bits` bits starting at bit `shift`.
struct Field {
  int shift;
  int bits;
  constexpr std::uint64_t mask() const { return (bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1) << shift; }
  constexpr std::uint64_t max() const { return (std::uint64_t{1} << bits) - 1; }
  constexpr std::uint64_t get(std::uint64_t token) const { return (token >> shift) & max(); }
  std::uint64_t put(std::uint64_t value) const {
    RINGSIM_ASSERT(value <= max());
    return value << shift;
  }
};

constexpr bool disjoint(Field a, Field b) { return (a.mask() & b.mask()) == 0; }
constexpr bool fits(Field a) { return a.shift >= 0 && a.bits > 0 && a.shift + a.bits <= 64; }

// The tag, in every kind.
inline constexpr Field kTag{62, 2};
inline constexpr std::uint64_t kTagRequest = 0;  // requests and apply jobs
inline constexpr std::uint64_t kTagDagJob = 1;
inline constexpr std::uint64_t kTagShardCall = 2;

// Request (get, put, delete, search) and apply jobs.
inline constexpr Field kSlot{0, 24};
inline constexpr Field kGeneration{24, 23};
inline constexpr Field kAttempt{48, 8};
inline constexpr Field kOp{56, 6};
inline constexpr Field kRange{0, 32};
// DAG jobs.
inline constexpr Field kDagIndex{0, 32};
// Shard calls (slot and generation as in the request).
inline constexpr Field kShard{47, 12};
inline constexpr Field kShardAttempt{59, 3};

static_assert(fits(kSlot) && fits(kGeneration) && fits(kAttempt) && fits(kOp) && fits(kRange) && fits(kDagIndex) &&
              fits(kShard) && fits(kShardAttempt) && fits(kTag));
static_assert(disjoint(kSlot, kGeneration) && disjoint(kSlot, kAttempt) && disjoint(kSlot, kOp) &&
              disjoint(kGeneration, kAttempt) && disjoint(kGeneration, kOp) && disjoint(kAttempt, kOp) &&
              disjoint(kOp, kTag) && disjoint(kAttempt, kTag) && disjoint(kGeneration, kTag) && disjoint(kSlot, kTag),
              "request fields overlap");
static_assert(disjoint(kRange, kOp) && disjoint(kRange, kTag), "apply fields overlap");
static_assert(disjoint(kDagIndex, kTag), "DAG job fields overlap");
static_assert(disjoint(kSlot, kShard) && disjoint(kGeneration, kShard) && disjoint(kShard, kShardAttempt) &&
              disjoint(kSlot, kShardAttempt) && disjoint(kGeneration, kShardAttempt) && disjoint(kShardAttempt, kTag) &&
              disjoint(kShard, kTag) && disjoint(kGeneration, kTag) && disjoint(kSlot, kTag),
              "shard call fields overlap");
static_assert(std::uint64_t{kShardsMax} - 1 <= kShard.max(), "every shard id fits its field");
static_assert(static_cast<std::uint64_t>(PointOp::kApply) <= kOp.max(), "every op fits its field");

enum class Kind : std::uint8_t { kRequest, kApply, kDagJob, kShardCall };

inline Kind kind_of(std::uint64_t token) {
  const std::uint64_t tag = kTag.get(token);
  if (tag == kTagShardCall) return Kind::kShardCall;
  if (tag == kTagDagJob) return Kind::kDagJob;
  RINGSIM_ASSERT(tag == kTagRequest);
  return static_cast<PointOp>(kOp.get(token)) == PointOp::kApply ? Kind::kApply : Kind::kRequest;
}

struct Request {
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;
  std::uint8_t attempt = 0;
  PointOp op = PointOp::kGet;
  bool operator==(const Request&) const = default;
};

inline std::uint64_t encode(const Request& request) {
  RINGSIM_ASSERT(request.op != PointOp::kApply);
  return kTag.put(kTagRequest) | kSlot.put(request.slot) | kGeneration.put(request.generation) | kAttempt.put(request.attempt) |
         kOp.put(static_cast<std::uint8_t>(request.op));
}
inline Request decode_request(std::uint64_t token) {
  RINGSIM_ASSERT(kind_of(token) == Kind::kRequest);
  return Request{static_cast<std::uint32_t>(kSlot.get(token)), static_cast<std::uint32_t>(kGeneration.get(token)),
                 static_cast<std::uint8_t>(kAttempt.get(token)), static_cast<PointOp>(kOp.get(token))};
}

// A migration chunk's apply job on the target's cores; `range` is the migration range id.
inline std::uint64_t encode_apply(std::uint32_t range) {
  return kTag.put(kTagRequest) | kRange.put(range) | kOp.put(static_cast<std::uint8_t>(PointOp::kApply));
}
inline std::uint32_t decode_apply(std::uint64_t token) {
  RINGSIM_ASSERT(kind_of(token) == Kind::kApply);
  return static_cast<std::uint32_t>(kRange.get(token));
}

// A DAG attempt's station job; `index` names its slot in the model's DAG job table.
inline std::uint64_t encode_dag_job(std::uint32_t index) { return kTag.put(kTagDagJob) | kDagIndex.put(index); }
inline std::uint32_t decode_dag_job(std::uint64_t token) {
  RINGSIM_ASSERT(kind_of(token) == Kind::kDagJob);
  return static_cast<std::uint32_t>(kDagIndex.get(token));
}

struct ShardCall {
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;
  std::uint32_t shard = 0;
  std::uint8_t attempt = 0;
  bool operator==(const ShardCall&) const = default;
};
// The largest attempt number a shard call can carry.
inline constexpr std::uint8_t kShardAttemptsMax = static_cast<std::uint8_t>(kShardAttempt.max());

inline std::uint64_t encode(const ShardCall& call) {
  return kTag.put(kTagShardCall) | kSlot.put(call.slot) | kGeneration.put(call.generation) | kShard.put(call.shard) |
         kShardAttempt.put(call.attempt);
}
inline ShardCall decode_shard_call(std::uint64_t token) {
  RINGSIM_ASSERT(kind_of(token) == Kind::kShardCall);
  return ShardCall{static_cast<std::uint32_t>(kSlot.get(token)), static_cast<std::uint32_t>(kGeneration.get(token)),
                   static_cast<std::uint32_t>(kShard.get(token)), static_cast<std::uint8_t>(kShardAttempt.get(token))};
}

// Where an event is delivered: a node and the incarnation (process) it was sent to.
struct Address {
  NodeId node = 0;
  std::uint32_t incarnation = 0;
};
inline constexpr Field kAddressNode{0, 16};
inline constexpr Field kAddressIncarnation{16, 32};
inline constexpr Field kReplyStatus{16, 8};
static_assert(disjoint(kAddressNode, kAddressIncarnation) && disjoint(kAddressNode, kReplyStatus));

inline std::uint64_t encode(const Address& address) {
  return kAddressNode.put(address.node) | kAddressIncarnation.put(address.incarnation);
}
inline Address decode_address(std::uint64_t value) {
  return Address{static_cast<NodeId>(kAddressNode.get(value)), static_cast<std::uint32_t>(kAddressIncarnation.get(value))};
}

// A reply's status: the key (or shard) was served, it had moved away meanwhile, or the
// node's queue was full and it answered "overloaded" at once without serving it.
enum class ReplyStatus : std::uint8_t { kOk = 0, kMoved = 1, kOverloaded = 2 };
struct Reply {
  NodeId node = 0;
  ReplyStatus status = ReplyStatus::kOk;
};
inline std::uint64_t encode(const Reply& reply) {
  return kAddressNode.put(reply.node) | kReplyStatus.put(static_cast<std::uint8_t>(reply.status));
}
inline Reply decode_reply(std::uint64_t value) {
  return Reply{static_cast<NodeId>(kAddressNode.get(value)), static_cast<ReplyStatus>(kReplyStatus.get(value))};
}

}  // namespace ringsim::job_token
