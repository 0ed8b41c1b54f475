// Records what the report needs from a cluster run that the time series do not hold, and
// writes it as cluster.json (format in docs/outputs.md):
//   - ring snapshots: the primary owner of kRingSamples evenly spaced points of the
//     64-bit hash circle, at the start and after each membership change, and its tokens
//     (at most kRingTokensMax; token strategies only); with whole-shard
//     units (vector shards, shard_balancer) also each node's assigned shard replicas;
//   - requests served per node at the end;
//   - per DAG pipeline, the slowest finished run's tasks (start, end, node, critical path).
//
// observe() is called between slices of the run (the CLI advances in 1000 slices); a
// snapshot is taken when the placement's member list changed since the last one, so two
// membership changes within one slice share a snapshot. Observing never changes the run.
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "run/run.h"

namespace ringsim::report {

// Points sampled on the hash circle per snapshot: half a degree each.
inline constexpr std::uint32_t kRingSamples = 720;
// Tokens (virtual nodes) listed per snapshot at most; more: none listed.
inline constexpr std::size_t kRingTokensMax = 4096;
// Snapshots beyond this many are not taken (autoscaling runs change often; the changes
// table has every change).
inline constexpr std::size_t kRingSnapshotsMax = 16;

class ClusterRecorder {
 public:
  // Does nothing for runs of other models.
  explicit ClusterRecorder(const Run& run);
  void observe(const Run& run);
  // cluster.json's content; null for runs of other models.
  nlohmann::json finish(const Run& run) const;

 private:
  bool cluster_ = false;
  std::vector<std::uint32_t> last_members_;
  nlohmann::json snapshots_ = nlohmann::json::array();
};

}  // namespace ringsim::report
