// Configuration of the virtual cluster, as read from a scenario's "cluster" object.
// Every key, unit and limit is documented in docs/scenarios.md.
#pragma once

#include <cstdint>

#include "cluster/placement.h"
#include "sim/distribution.h"
#include "sim/json_reader.h"
#include "sim/time.h"

namespace ringsim {

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

struct MigrationConfig {
  double rebalance_bandwidth_bytes_per_s = 25e6;  // 200 Mbit/s
  double chunk_bytes = 1 << 20;
};

struct ClientConfig {
  TimeNs timeout_ns = 50 * kNsPerMs;
  std::uint32_t max_retries = 2;
};

struct ClusterConfig {
  std::uint32_t initial_nodes = 8;
  NodeConfig node;
  NetworkConfig network;
  PlacementConfig placement;
  ReplicationConfig replication;
  FailureDetectionConfig failure_detection;
  MigrationConfig migration;
  ClientConfig client;
};

inline constexpr std::uint32_t kNodeCoresMax = 1024;
inline constexpr double kBandwidthBytesPerSMax = 1e12;
inline constexpr double kMemoryBytesMax = 1e15;

ClusterConfig read_cluster(ObjectReader reader);

}  // namespace ringsim
