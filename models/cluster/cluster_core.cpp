#include "models/cluster/cluster_core.h"

#include <iterator>

namespace ringsim {

namespace {
// Keys of a vector collection are spread over its shards by a hash of the id.
std::vector<std::uint32_t> shard_of_keys(const DataConfig& data) {
  if (!data.vectors) return {};
  std::vector<std::uint32_t> shards(data.keys);
  for (KeyId key = 0; key < data.keys; ++key) shards[key] = shard_of_key(key, data.vectors->shards);
  return shards;
}
}  // namespace

const char* cluster_event_name(EventKind kind) {
  static const char* const kNames[] = {"arrival",         "rpc_at_node",      "service_done",   "reply_at_client",
                                       "client_timeout",  "heartbeat",        "detector_check", "timeline_action",
                                       "action_end",      "node_booted",      "join_batch",     "search_at_coordinator",
                                       "shard_reply",     "shard_timeout",    "shard_hedge",    "pipeline_arrival",
                                       "pipeline_one_off", "autoscaler_evaluate", "client_retry",
                                       "hot_keys_window"};
  static_assert(std::size(kNames) == kClusterEventCount);
  return kind < std::size(kNames) ? kNames[kind] : "?";
}

ClusterCore::ClusterCore(const ClusterScenario& scenario, std::uint64_t seed, Metrics& metrics)
    : config(scenario.cluster),
      metrics(metrics),
      seed(seed),
      vectors(scenario.data.vectors),
      placement(make_placement(scenario.cluster.placement, seed)),
      replicas(generate_key_bytes(scenario.data, seed), shard_of_keys(scenario.data),
               scenario.data.vectors ? scenario.data.vectors->shards : 0),
      network(scenario.cluster.network, scenario.cluster.node.network_bandwidth_bytes_per_s,
              Rng(seed, "network.latency")) {
  // Parts keep references into the node table: it never reallocates.
  nodes.reserve(kNodesMax);
}

}  // namespace ringsim
