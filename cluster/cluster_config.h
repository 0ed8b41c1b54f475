// Configuration of the virtual cluster, as read from a scenario's "cluster" object.
// Every key, unit and limit is documented in docs/scenarios.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cluster/autoscaler.h"
#include "cluster/placement/placement.h"
#include "sim/distribution.h"
#include "sim/json_reader.h"
#include "sim/time.h"

namespace ringsim {

// A per-node LRU cache of values in front of the node's gets (hot-key mitigation): a hit
// is served at hit_service_ns instead of the get's service time. capacity 0 = no cache.
struct NodeCacheConfig {
  std::uint64_t capacity_entries = 0;
  Distribution hit_service_ns = Distribution::constant(10e3);
};

struct NodeConfig {
  std::uint32_t cores = 4;
  std::uint64_t queue_capacity = 100'000;
  double memory_bytes = 64e9;
  double network_bandwidth_bytes_per_s = 1.25e9;  // 10 Gbit/s
  TimeNs boot_ns = 5 * kNsPerS;
  // Point operations' service times. With vectors, an upsert's and a search's service
  // time come from counted HNSW work instead (index/cost_model.h).
  Distribution get_service_ns = Distribution::lognormal_from_median_p99(100e3, 500e3);
  Distribution put_service_ns = Distribution::lognormal_from_median_p99(200e3, 1e6);
  // Load shedding: a queued get whose client deadline has passed is dropped when it
  // reaches the head of the queue, using no core time (off: it is served anyway).
  bool drop_expired = false;
  NodeCacheConfig cache;  // Off unless capacity_entries > 0.
};

struct NetworkConfig {
  Distribution latency_ns = Distribution::lognormal_from_median_p99(250e3, 1.5e6);
  double request_overhead_bytes = 200;  // headers of a unary RPC
};

struct ReplicationConfig {
  enum class ReadPolicy { kPrimary, kRandom, kLeastLoadedOfTwo };
  std::uint32_t factor = 3;
  std::uint32_t write_quorum = 2;
  ReadPolicy read_policy = ReadPolicy::kPrimary;
};

struct FailureDetectionConfig {
  TimeNs heartbeat_ns = 100 * kNsPerMs;
  TimeNs failure_timeout_ns = 1000 * kNsPerMs;
};

// A membership change moves ranges; each moved range runs as a migration DAG
// (workloads/pipeline_flows.h): snapshot -> stream -> apply -> verify -> switch_ownership ->
// drop_source. The costs below are core time on the node named beside each.
struct MigrationConfig {
  double rebalance_bandwidth_bytes_per_s = 25e6;  // 200 Mbit/s
  // Which end the rebalance bandwidth caps (stream_throttle). kOutbound: each sender's
  // outgoing streams together, as Cassandra's stream_throughput_outbound ("all outbound
  // streaming file transfers on this node"): a node bootstrapping from 8 sources fills at
  // 8 x the rate. kInbound: each receiver's incoming streams. kBoth (ringsim's default):
  // both ends, so a joining node fills at the rate whatever its sources.
  enum class StreamThrottle : std::uint8_t { kBoth, kOutbound, kInbound };
  StreamThrottle stream_throttle = StreamThrottle::kBoth;
  double chunk_bytes = 1 << 20;
  double snapshot_ns_per_byte = 0.1;  // Source: consistent copy of the range, 10 GB/s.
  // Target, per key of each arriving chunk, without vectors (with vectors, the counted
  // HNSW insert work is the cost): a bulk write to the storage engine.
  double apply_ns_per_key = 2e3;
  double verify_ns_per_key = 1e3;  // Target: compare checksums of the range.
  TimeNs switch_ns = 2 * kNsPerMs;  // Target: commit the new owner (one consensus round).
  double drop_ns_per_key = 1e3;     // Source: delete the moved copies.
  // Vectors only: how a shard travels (Qdrant's shard transfer methods). false,
  // "stream_records": the records stream and the target re-inserts each into its graph
  // (counted HNSW insert work). true, "snapshot": the built index streams (HNSW bytes per
  // vector, index/hnsw_layout.h) and the target only loads it (snapshot_ns_per_byte).
  bool copy_index = false;
};

// Requests the client holds in flight at once; beyond it new requests fail at once.
inline constexpr std::uint64_t kClientRequestsInFlightMax = std::uint64_t{1} << 24;

// A client-wide circuit breaker (Nygard, "Release It!"; Hystrix): closed -> open when, over
// the last window, at least min_requests attempts ended and the failed share reached
// failure_ratio; open fails requests at once for open_ns; then half-open lets one probe
// through: success closes it, failure opens it again.
struct CircuitBreakerConfig {
  bool enabled = false;
  double failure_ratio = 0.5;
  TimeNs window_ns = 10 * kNsPerS;
  TimeNs open_ns = 5 * kNsPerS;
  std::uint32_t min_requests = 20;
};

// gRPC retry throttling (gRFC A6 "Client Retries", retryThrottling: maxTokens, tokenRatio);
// models/cluster/retry_limits.h has the rule.
struct RetryThrottlingConfig {
  bool enabled = false;
  double max_tokens = 10;   // (0, 1000]
  double token_ratio = 0.1;  // > 0, 3 decimals
};

// Finagle's RetryBudget(ttl, minRetriesPerSec, percentCanRetry) with Finagle's defaults;
// models/cluster/retry_limits.h has the rule.
struct FinagleBudgetConfig {
  bool enabled = false;
  std::uint32_t ttl_s = 10;             // [1, 60]
  std::uint32_t min_retries_per_s = 10;
  double percent_can_retry = 0.2;       // [0, 1000]
};

// gRPC's hedgingPolicy (gRFC A6 "Client Retries": maxAttempts, hedgingDelay) for gets, the
// client's idempotent call: up to max_attempts copies, the n-th sent (n - 1) x
// hedging_delay after the first, each to a replica not asked yet; the first success ends
// the call; an "overloaded" answer (a non-fatal error) sends the next copy at once; with
// grpc_retry_throttling, copies after the first go out only while it allows retries.
struct HedgingPolicyConfig {
  bool enabled = false;
  std::uint32_t max_attempts = 3;  // [2, 5]: A6 caps maxAttempts at 5.
  TimeNs hedging_delay_ns = 0;     // 0: every copy at once.
};

// The client's retry policy (models/cluster/retry_policy.h has the formulas). Defaults keep
// the old behaviour: immediate retries, no budget, no breaker.
struct ClientConfig {
  enum class Jitter { kNone, kFull, kEqual };
  // Per call: a get/put/delete attempt, and each shard call a search coordinator sends.
  TimeNs timeout_ns = 50 * kNsPerMs;
  std::uint32_t max_retries = 2;
  // The client's timeout of one search attempt (client -> coordinator -> every shard call
  // with its own timeout_ns and up to max_retries shard retries -> merged answer); when it
  // fires the client retries the whole search on another coordinator (max_retries). 0 in
  // the struct: not given, so search_timeout_ns() derives timeout_ns x (max_retries + 2):
  // room for a shard call and its max_retries retries, plus one timeout of slack.
  TimeNs search_timeout_ns = 0;
  TimeNs backoff_base_ns = 0;  // 0: retry at once.
  TimeNs backoff_max_ns = 10 * kNsPerS;
  double backoff_multiplier = 2;  // gRPC's backoffMultiplier.
  Jitter jitter = Jitter::kNone;
  double retry_budget_ratio = -1;  // < 0: no budget (ringsim's non-expiring bucket).
  double retry_budget_max_tokens = 10;
  RetryThrottlingConfig retry_throttling;  // grpc_retry_throttling
  FinagleBudgetConfig finagle_budget;      // finagle_retry_budget
  HedgingPolicyConfig hedging;             // hedging_policy (gets)
  CircuitBreakerConfig circuit_breaker;
};

// The search attempt timeout in effect: client.search_timeout_ms, or the derived default.
inline TimeNs search_timeout_ns(const ClientConfig& client) {
  return client.search_timeout_ns > 0 ? client.search_timeout_ns : client.timeout_ns * (client.max_retries + 2);
}

// Nodes that may run DAG tasks placed on a role ("runs_on": {"role": "llm"}). Node ids
// may name nodes that only join later (ids are given out in creation order).
struct NodeRole {
  std::string name;
  std::vector<std::uint32_t> nodes;  // Ascending, distinct.
};

// Extra read replicas for hot keys: every window_ns the client counts each key's gets; a
// key whose rate reached threshold_qps gets extra_replicas more read replicas (the next
// nodes in the placement's preference order after its replicas); a key stays hot until its
// rate falls below threshold_qps * cool_ratio (hysteresis).
struct HotKeysConfig {
  bool enabled = false;
  double threshold_qps = 1000;
  TimeNs window_ns = kNsPerS;
  std::uint32_t extra_replicas = 2;
  double cool_ratio = 0.5;
};

struct ClusterConfig {
  std::uint32_t initial_nodes = 8;  // Data nodes: placement members from the start.
  // Compute-only nodes (ids initial_nodes .. initial_nodes + compute_nodes - 1): up from the
  // start, never in the placement, so they hold no data and serve no client requests;
  // they run DAG tasks (e.g. an "llm" role on GPU servers).
  std::uint32_t compute_nodes = 0;
  std::vector<NodeRole> roles;  // By name.
  NodeConfig node;
  NetworkConfig network;
  PlacementConfig placement;
  ReplicationConfig replication;
  FailureDetectionConfig failure_detection;
  MigrationConfig migration;
  ClientConfig client;
  AutoscalerConfig autoscaler;  // Off unless the scenario has cluster.autoscaler.
  HotKeysConfig hot_keys;       // Off unless the scenario has cluster.hot_keys.
};

inline constexpr std::uint32_t kNodeCoresMax = 1024;
inline constexpr double kBandwidthBytesPerSMax = 1e12;
inline constexpr double kMemoryBytesMax = 1e15;
inline constexpr std::size_t kRolesMax = 64;
inline constexpr std::size_t kRoleNameLengthMax = 128;

// The role called `name`, or nullptr.
const NodeRole* find_role(const ClusterConfig& config, const std::string& name);
// Whether node `node` has role `name`.
bool node_has_role(const ClusterConfig& config, const std::string& name, std::uint32_t node);

ClusterConfig read_cluster(ObjectReader reader);

}  // namespace ringsim
