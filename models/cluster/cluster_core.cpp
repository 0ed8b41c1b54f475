#include "models/cluster/cluster_core.h"

#include <algorithm>
#include <iterator>

#include "index/hnsw_layout.h"
#include "workloads/partitioning.h"

namespace ringsim {

namespace {
// Keys of a vector collection are spread over its shards by a hash of the id, or by their
// nearest centroid (then `centroids` receives them). The centroids are trained on the
// generated (or loaded) vectors themselves: a store built here and dropped, the same data
// the ShardStore builds from the same seed.
std::vector<std::uint32_t> shard_of_keys(const DataConfig& data, std::uint64_t seed, std::vector<float>& centroids) {
  if (!data.vectors) return {};
  if (!data.vectors->partitioning.centroid) {
    std::vector<std::uint32_t> shards(data.keys);
    for (KeyId key = 0; key < data.keys; ++key) shards[key] = shard_of_key(key, data.vectors->shards);
    return shards;
  }
  const VectorStore store(data.vectors->data, data.keys, seed);
  KeyPartition partition = partition_keys(store, data.vectors->shards, data.vectors->partitioning, seed);
  centroids = std::move(partition.centroids);
  return std::move(partition.shard_of_key);
}

// What a key weighs in the migration's bytes: its record, or with shard_transfer
// "snapshot" its share of the HNSW index as hnswlib lays it out (index/hnsw_layout.h): its
// level-0 record and its expected upper-level lists.
std::vector<std::uint32_t> key_bytes(const ClusterScenario& scenario, std::uint64_t seed) {
  std::vector<std::uint32_t> bytes = generate_key_bytes(scenario.data, seed);
  if (!scenario.data.vectors || !scenario.cluster.migration.copy_index) return bytes;
  const HnswConfig& hnsw = scenario.data.vectors->hnsw;
  const double m = hnsw.m;
  const double element = hnsw_layout::level0_record_bytes(scenario.data.vectors->data.dim, m) +
                         hnsw_layout::expected_upper_bytes(1, m);
  std::fill(bytes.begin(), bytes.end(), static_cast<std::uint32_t>(element + 0.5));
  return bytes;
}
}  // namespace

const char* cluster_event_name(EventKind kind) {
  static const char* const kNames[] = {"arrival",         "rpc_at_node",      "service_done",   "reply_at_client",
                                       "client_timeout",  "heartbeat",        "detector_check", "timeline_action",
                                       "action_end",      "node_booted",      "join_batch",     "search_at_coordinator",
                                       "shard_reply",     "shard_timeout",    "shard_hedge",    "pipeline_arrival",
                                       "pipeline_one_off", "autoscaler_evaluate", "client_retry",
                                       "hot_keys_window", "client_hedge"};
  static_assert(std::size(kNames) == kClusterEventCount);
  return kind < std::size(kNames) ? kNames[kind] : "?";
}

ClusterCore::ClusterCore(const ClusterScenario& scenario, std::uint64_t seed, Metrics& metrics)
    : config(scenario.cluster),
      metrics(metrics),
      seed(seed),
      vectors(scenario.data.vectors),
      placement(make_placement(scenario.cluster.placement, seed)),
      replicas(key_bytes(scenario, seed), shard_of_keys(scenario.data, seed, shard_centroids),
               scenario.data.vectors ? scenario.data.vectors->shards : 0),
      network(scenario.cluster.network, scenario.cluster.node.network_bandwidth_bytes_per_s,
              Rng(seed, "network.latency")) {
  // Parts keep references into the node table: it never reallocates.
  nodes.reserve(kNodesMax);
  if (vectors) {
    // A balancer by size weighs each shard by its vectors (unequal under centroids).
    std::vector<double> weights(vectors->shards, 0.0);
    for (KeyId key = 0; key < replicas.key_count(); ++key) weights[replicas.unit_of(key)] += 1;
    placement->set_unit_weights(std::move(weights));
  }
}

}  // namespace ringsim
