#include "cluster/cluster_config.h"

#include <cmath>

#include "sim/distribution_config.h"
#include "workloads/station_model.h"

namespace ringsim {

namespace {

constexpr double kServiceMsMaxCluster = 60'000;
constexpr double kLatencyMsMax = 60'000;
constexpr double kTimeoutMsMax = 3.6e6;
constexpr double kBootSMax = 3600;
constexpr double kBitsPerByte = 8;
constexpr double kBitsPerMegabit = 1e6;
constexpr double kChunkBytesMin = 1024;
constexpr double kChunkBytesMax = 1 << 30;
constexpr double kRpcOverheadBytesMax = 1 << 20;

TimeNs ms_to_ns(double ms) { return static_cast<TimeNs>(std::llround(ms * kNsPerMs)); }

NodeConfig read_node(ObjectReader reader) {
  NodeConfig config;
  config.cores = static_cast<std::uint32_t>(reader.optional_integer("cores", 1, kNodeCoresMax, config.cores));
  config.queue_capacity =
      reader.optional_integer("queue_capacity", 1, kStationQueueCapacityMax, config.queue_capacity);
  config.memory_bytes =
      reader.optional_number("memory_bytes", NumberRange::positive(kMemoryBytesMax), config.memory_bytes);
  config.network_bandwidth_bytes_per_s = reader.optional_number(
      "network_bandwidth_bytes_per_s", NumberRange::positive(kBandwidthBytesPerSMax),
      config.network_bandwidth_bytes_per_s);
  config.boot_ns = static_cast<TimeNs>(std::llround(
      reader.optional_number("boot_s", NumberRange::at_least(0, kBootSMax), ns_to_s(config.boot_ns)) * kNsPerS));
  if (std::optional<ObjectReader> service = reader.optional_object("service")) {
    if (std::optional<ObjectReader> get = service->optional_object("get")) {
      config.get_service_ns = read_distribution(*get, "ms", kServiceMsMaxCluster).scaled(kNsPerMs);
    }
    if (std::optional<ObjectReader> put = service->optional_object("put")) {
      config.put_service_ns = read_distribution(*put, "ms", kServiceMsMaxCluster).scaled(kNsPerMs);
    }
    service->finish();
  }
  reader.finish();
  return config;
}

NetworkConfig read_network(ObjectReader reader) {
  NetworkConfig config;
  if (std::optional<ObjectReader> latency = reader.optional_object("latency")) {
    config.latency_ns = read_distribution(*latency, "ms", kLatencyMsMax).scaled(kNsPerMs);
  }
  config.request_overhead_bytes = reader.optional_number(
      "request_overhead_bytes", NumberRange::at_least(0, kRpcOverheadBytesMax), config.request_overhead_bytes);
  reader.finish();
  return config;
}

PlacementConfig read_placement(ObjectReader reader) {
  PlacementConfig config;
  const std::string strategy =
      reader.optional_choice("strategy", {"ring", "rendezvous", "jump", "bounded_load", "mod_n"}, "ring");
  config.strategy = *parse_strategy(strategy);
  config.vnodes_per_node = static_cast<std::uint32_t>(
      reader.optional_integer("vnodes_per_node", 1, kVnodesPerNodeMax, config.vnodes_per_node));
  config.load_epsilon =
      reader.optional_number("load_epsilon", NumberRange::positive(10), config.load_epsilon);
  reader.finish();
  return config;
}

ReplicationConfig read_replication(ObjectReader reader) {
  ReplicationConfig config;
  config.factor = static_cast<std::uint32_t>(
      reader.optional_integer("factor", 1, kReplicationFactorMax, config.factor));
  config.write_quorum = static_cast<std::uint32_t>(
      reader.optional_integer("write_quorum", 1, kReplicationFactorMax, std::min(config.write_quorum, config.factor)));
  if (config.write_quorum > config.factor) reader.fail("write_quorum", "must be <= factor");
  const std::string policy =
      reader.optional_choice("read_policy", {"primary", "random", "least_loaded_of_two"}, "primary");
  config.read_policy = policy == "primary"  ? ReplicationConfig::ReadPolicy::kPrimary
                       : policy == "random" ? ReplicationConfig::ReadPolicy::kRandom
                                            : ReplicationConfig::ReadPolicy::kLeastLoadedOfTwo;
  reader.finish();
  return config;
}

FailureDetectionConfig read_failure_detection(ObjectReader reader) {
  FailureDetectionConfig config;
  config.heartbeat_ns = ms_to_ns(reader.optional_number("heartbeat_ms", NumberRange::at_least(1, kTimeoutMsMax),
                                                        ns_to_ms(config.heartbeat_ns)));
  config.failure_timeout_ns = ms_to_ns(reader.optional_number(
      "failure_timeout_ms", NumberRange::at_least(1, kTimeoutMsMax), ns_to_ms(config.failure_timeout_ns)));
  if (config.failure_timeout_ns <= config.heartbeat_ns) {
    reader.fail("failure_timeout_ms", "must be greater than heartbeat_ms");
  }
  reader.finish();
  return config;
}

MigrationConfig read_migration(ObjectReader reader) {
  MigrationConfig config;
  const double mbps = reader.optional_number(
      "rebalance_bandwidth_mbps", NumberRange::positive(kBandwidthBytesPerSMax * kBitsPerByte / kBitsPerMegabit),
      config.rebalance_bandwidth_bytes_per_s * kBitsPerByte / kBitsPerMegabit);
  config.rebalance_bandwidth_bytes_per_s = mbps * kBitsPerMegabit / kBitsPerByte;
  config.chunk_bytes = reader.optional_number("chunk_bytes", NumberRange::at_least(kChunkBytesMin, kChunkBytesMax),
                                              config.chunk_bytes);
  reader.finish();
  return config;
}

ClientConfig read_client(ObjectReader reader) {
  ClientConfig config;
  config.timeout_ns = ms_to_ns(
      reader.optional_number("timeout_ms", NumberRange::positive(kTimeoutMsMax), ns_to_ms(config.timeout_ns)));
  config.max_retries =
      static_cast<std::uint32_t>(reader.optional_integer("max_retries", 0, 16, config.max_retries));
  reader.finish();
  return config;
}

}  // namespace

ClusterConfig read_cluster(ObjectReader reader) {
  ClusterConfig config;
  config.initial_nodes = static_cast<std::uint32_t>(reader.required_integer("nodes", 1, kNodesMax));
  config.node = read_node(reader.required_object("node"));
  if (std::optional<ObjectReader> network = reader.optional_object("network")) {
    config.network = read_network(*network);
  }
  if (std::optional<ObjectReader> placement = reader.optional_object("placement")) {
    config.placement = read_placement(*placement);
  }
  if (std::optional<ObjectReader> replication = reader.optional_object("replication")) {
    config.replication = read_replication(*replication);
  } else {
    config.replication.write_quorum = std::min(config.replication.write_quorum, config.replication.factor);
  }
  if (std::optional<ObjectReader> detection = reader.optional_object("failure_detection")) {
    config.failure_detection = read_failure_detection(*detection);
  }
  if (std::optional<ObjectReader> migration = reader.optional_object("migration")) {
    config.migration = read_migration(*migration);
  }
  if (std::optional<ObjectReader> client = reader.optional_object("client")) {
    config.client = read_client(*client);
  }
  reader.finish();
  return config;
}

}  // namespace ringsim
