// The client's table of in-flight requests (get, put, delete, search): dense slots reused
// through a free list, each with a generation so that events carrying a stale token (a
// late reply, an old timeout) are recognised and ignored. Tokens are job_token::Request.
// Owned by the client path; the search coordinator keeps its searches' state here too.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "cluster/cluster_config.h"
#include "cluster/node_set.h"
#include "cluster/replica_map.h"
#include "index/shard.h"
#include "models/cluster/job_token.h"
#include "sim/assert.h"
#include "sim/event.h"
#include "sim/simulator.h"
#include "sim/time.h"
#include "workloads/point_workload.h"

namespace ringsim {

struct ClientRequest {
  std::uint32_t generation = 0;
  bool active = false;
  PointOp op = PointOp::kGet;
  KeyId key = 0;
  TimeNs start_ns = 0;
  std::uint8_t attempt = 0;
  std::uint8_t redirects = 0;
  std::uint8_t acks_needed = 0;
  std::uint8_t copies = 0;  // get with hedging_policy: copies sent in the current attempt
  NodeSet acked;    // put: replicas that acknowledged (any attempt)
  NodeSet tried;    // get: replicas tried; search: coordinators tried
  NodeSet waiting;  // replicas the current attempt still waits for
  // The current attempt's timeout while it may still fire, or, between attempts, the
  // backed-off retry's event (kClientRetry): either way cancelled when the request ends.
  std::optional<EventId> timeout;
  TimeNs deadline_ns = 0;  // the current attempt's deadline (sent with it; drop_expired)

  // Searches only.
  struct ShardCall {
    std::uint8_t attempt = 0;
    std::uint8_t copies = 0;  // first call plus hedges sent (hedge_ms)
    bool done = false;
    NodeSet tried;
    NodeSet waiting;  // replicas with a call for this shard still counted as outstanding
    // The current call's timeout and hedge timers while they may act: a superseded call's
    // (a hedge, a retry, the shard done) are cancelled, so that every shard_timeout event
    // in a trace is one timeout the shard_timeouts counter counts.
    std::optional<EventId> timeout;
    std::optional<EventId> hedge_timer;
  };
  NodeId coordinator = 0;
  std::uint32_t coordinator_incarnation = 0;
  std::vector<float> query;
  std::int64_t query_index = -1;  // row in the data set's query file, -1 for a drawn query
  std::vector<ShardCall> calls;
  std::vector<SearchHit> merged;
  std::uint32_t shards_pending = 0;
  std::uint32_t shards_answered = 0;
  std::uint32_t shards_called = 0;  // shards this fan-out asks (all, or nprobe by centroid)
  std::uint64_t distance_computations = 0;
  std::vector<EventId> shard_timers;  // shard timeouts and hedges armed for this search
};

class ClientRequests {
 public:
  static constexpr std::uint64_t kSlotsMax = job_token::kSlot.max() + 1;
  static_assert(kSlotsMax == kClientRequestsInFlightMax, "run/estimate.h counts on this bound");

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
    ClientRequest& request = slots_[slot];
    const auto generation = static_cast<std::uint32_t>((request.generation + 1) & job_token::kGeneration.max());
    // Keep the search buffers' capacity across reuse of the slot.
    std::vector<float> query = std::move(request.query);
    std::vector<ClientRequest::ShardCall> calls = std::move(request.calls);
    std::vector<SearchHit> merged = std::move(request.merged);
    std::vector<EventId> shard_timers = std::move(request.shard_timers);
    request = ClientRequest{};
    request.shard_timers = std::move(shard_timers);
    request.shard_timers.clear();
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
  ClientRequest& at(std::uint32_t slot) { return slots_[slot]; }

  // The token of the slot's current attempt.
  std::uint64_t token(std::uint32_t slot) const {
    const ClientRequest& request = slots_[slot];
    return job_token::encode(job_token::Request{slot, request.generation, request.attempt, request.op});
  }
  std::uint32_t generation(std::uint32_t slot) const { return slots_[slot].generation; }
  // The live request (slot, generation) names, or nullptr when it has completed since.
  ClientRequest* find(std::uint32_t slot, std::uint32_t generation) {
    if (slot >= slots_.size()) return nullptr;
    ClientRequest& request = slots_[slot];
    return request.active && request.generation == generation ? &request : nullptr;
  }
  ClientRequest* find(const job_token::Request& token) { return find(token.slot, token.generation); }

  // Cancels the request's timeout: it has fired, or the attempt it guards has ended and
  // it could only find a stale token (an event that does nothing).
  static void cancel_timeout(Simulator& simulator, ClientRequest& request) {
    if (request.timeout) simulator.cancel(*request.timeout);
    request.timeout.reset();
  }

 private:
  std::vector<ClientRequest> slots_;
  std::vector<std::uint32_t> free_;
};

}  // namespace ringsim
