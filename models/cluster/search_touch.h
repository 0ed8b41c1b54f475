// A completed vector search as front ends see it: a plain record of the model's recent-
// searches log (SearchCoordinator keeps the latest kRecentSearches, ClusterView shows them).
//
// Units: completed_ns in virtual ns. Invariant: replicas is parallel to shards; in the log,
// newest first, sequence numbers decrease by one.
#pragma once

#include <cstdint>
#include <vector>

#include "cluster/node_set.h"
#include "sim/time.h"

namespace ringsim {

// When it ended, the shards its coordinator asked (all of them with hash partitioning, the
// nprobe nearest centroids otherwise) and, per shard, the replicas asked (the first one
// answered unless it timed out).
struct SearchTouch {
  std::uint64_t sequence = 0;  // 1 for the run's first completed search, then 2, 3...
  TimeNs completed_ns = -1;
  NodeId coordinator = 0;
  std::vector<std::uint32_t> shards;
  std::vector<NodeSet> replicas;  // Parallel to shards.
};

// How many completed searches the model keeps for viewers (a picker's worth).
inline constexpr std::size_t kRecentSearches = 16;

}  // namespace ringsim
