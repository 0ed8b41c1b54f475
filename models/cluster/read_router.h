// The client's choice among replicas (ClusterConfig replication.read_policy): primary,
// random, or the less loaded of two random picks, load being the calls this client has
// outstanding at each node: get, put and delete RPCs and the shard calls of searches, each
// counted from its send until its reply, its timeout or the end of its request (a crashed
// node's calls end so: the client learns of a crash by timeouts). Shared by the client path
// (which replica serves a get) and the search coordinator (which coordinator, which replica
// of a shard), in that order of draws from the one "client.routing" stream.
#pragma once

#include <cstdint>
#include <vector>

#include "cluster/cluster_config.h"
#include "cluster/node.h"
#include "sim/assert.h"
#include "sim/random.h"

namespace ringsim {

class ReadRouter {
 public:
  ReadRouter(ReplicationConfig::ReadPolicy policy, std::uint64_t seed)
      : policy_(policy), rng_(seed, "client.routing"), outstanding_(kNodesMax, 0) {}

  // One of `count` candidates (in preference order) by the read policy.
  NodeId pick(const NodeId* candidates, int count) {
    RINGSIM_ASSERT(count > 0);
    switch (policy_) {
      case ReplicationConfig::ReadPolicy::kPrimary:
        return candidates[0];
      case ReplicationConfig::ReadPolicy::kRandom:
        return candidates[rng_.next_below(static_cast<std::uint64_t>(count))];
      case ReplicationConfig::ReadPolicy::kLeastLoadedOfTwo: {
        const NodeId first = candidates[rng_.next_below(static_cast<std::uint64_t>(count))];
        const NodeId second = candidates[rng_.next_below(static_cast<std::uint64_t>(count))];
        return outstanding_[second] < outstanding_[first] ? second : first;
      }
    }
    return candidates[0];
  }
  // One of `count` candidates, uniformly (a search's coordinator).
  NodeId pick_uniform(const NodeId* candidates, int count) {
    return candidates[rng_.next_below(static_cast<std::uint64_t>(count))];
  }
  void add_outstanding(NodeId node) { outstanding_[node] += 1; }
  // Every removal matches one add: a count never goes below zero.
  void remove_outstanding(NodeId node) {
    RINGSIM_ASSERT(outstanding_[node] > 0);
    outstanding_[node] -= 1;
  }
  std::uint32_t outstanding(NodeId node) const { return outstanding_[node]; }

 private:
  ReplicationConfig::ReadPolicy policy_;
  Rng rng_;
  std::vector<std::uint32_t> outstanding_;
};

}  // namespace ringsim
