#include "cluster/cluster_config.h"

#include <algorithm>
#include <cmath>

#include "cluster/placement/strategies.h"
#include "sim/config_error.h"
#include "sim/number_text.h"

#include "sim/distribution_config.h"
#include "sim/station.h"

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
// Migration step costs: beyond these one key or byte would take longer than a second.
constexpr double kMigrationNsPerByteMax = 1e9;
constexpr double kMigrationUsPerKeyMax = 1e6;

constexpr double kBackoffMsMax = 3.6e6;
constexpr std::uint64_t kCacheEntriesMax = 100'000'000;
constexpr double kHotKeyQpsMax = 1e9;

NodeCacheConfig read_node_cache(ObjectReader reader) {
  NodeCacheConfig config;
  config.capacity_entries = reader.required_integer("capacity_entries", 0, kCacheEntriesMax);
  if (std::optional<ObjectReader> hit = reader.optional_object("hit_service")) {
    config.hit_service_ns = read_distribution(*hit, "ms", kServiceMsMaxCluster).scaled(kNsPerMs);
  }
  reader.finish();
  return config;
}

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
  config.drop_expired = reader.optional_bool("drop_expired", config.drop_expired);
  if (std::optional<ObjectReader> cache = reader.optional_object("cache")) config.cache = read_node_cache(*cache);
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
  std::vector<std::string> names;
  for (const PlacementEntry& entry : placement_strategies()) names.emplace_back(entry.name);
  config.strategy = reader.optional_choice("strategy", names, "ring");
  const PlacementEntry& chosen = *find_placement(config.strategy);
  // Another strategy's own keys would be ignored: an error names the strategy they belong to.
  for (const PlacementEntry& entry : placement_strategies()) {
    for (const char* key : entry.own_keys) {
      if (&entry != &chosen && reader.has(key)) {
        reader.fail(key, std::string("applies only to \"strategy\": \"") + entry.name + "\"");
      }
    }
  }
  if (chosen.read != nullptr) chosen.read(reader, config);
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
  config.snapshot_ns_per_byte = reader.optional_number(
      "snapshot_ns_per_byte", NumberRange::at_least(0, kMigrationNsPerByteMax), config.snapshot_ns_per_byte);
  config.apply_ns_per_key = static_cast<double>(kNsPerUs) * reader.optional_number("apply_us_per_key",
                                                              NumberRange::at_least(0, kMigrationUsPerKeyMax),
                                                              config.apply_ns_per_key / static_cast<double>(kNsPerUs));
  config.verify_ns_per_key = static_cast<double>(kNsPerUs) * reader.optional_number("verify_us_per_key",
                                                               NumberRange::at_least(0, kMigrationUsPerKeyMax),
                                                               config.verify_ns_per_key / static_cast<double>(kNsPerUs));
  config.switch_ns = ms_to_ns(
      reader.optional_number("switch_ms", NumberRange::at_least(0, kTimeoutMsMax), ns_to_ms(config.switch_ns)));
  config.drop_ns_per_key = static_cast<double>(kNsPerUs) * reader.optional_number("drop_us_per_key",
                                                             NumberRange::at_least(0, kMigrationUsPerKeyMax),
                                                             config.drop_ns_per_key / static_cast<double>(kNsPerUs));
  config.copy_index =
      reader.optional_choice("shard_transfer", {"stream_records", "snapshot"}, "stream_records") == "snapshot";
  const std::string throttle = reader.optional_choice("stream_throttle", {"both", "outbound", "inbound"}, "both");
  config.stream_throttle = throttle == "outbound"  ? MigrationConfig::StreamThrottle::kOutbound
                           : throttle == "inbound" ? MigrationConfig::StreamThrottle::kInbound
                                                   : MigrationConfig::StreamThrottle::kBoth;
  reader.finish();
  return config;
}

CircuitBreakerConfig read_circuit_breaker(ObjectReader reader) {
  CircuitBreakerConfig config;
  config.enabled = true;
  config.failure_ratio =
      reader.optional_number("failure_ratio", NumberRange::positive(1), config.failure_ratio);
  config.window_ns = static_cast<TimeNs>(std::llround(
      reader.optional_number("window_s", NumberRange::positive(3600), ns_to_s(config.window_ns)) * kNsPerS));
  config.open_ns = static_cast<TimeNs>(std::llround(
      reader.optional_number("open_s", NumberRange::positive(3600), ns_to_s(config.open_ns)) * kNsPerS));
  config.min_requests =
      static_cast<std::uint32_t>(reader.optional_integer("min_requests", 1, 1'000'000, config.min_requests));
  reader.finish();
  return config;
}

// gRFC A6: "maxTokens ... must be greater than zero ... capped at 1000"; "tokenRatio ...
// must be greater than zero" (3 decimal places).
RetryThrottlingConfig read_retry_throttling(ObjectReader reader) {
  RetryThrottlingConfig config;
  config.enabled = true;
  config.max_tokens = reader.optional_number("max_tokens", NumberRange::positive(1000), config.max_tokens);
  config.token_ratio = reader.optional_number("token_ratio", NumberRange::positive(1000), config.token_ratio);
  if (config.token_ratio < 0.001) reader.fail("token_ratio", "must be at least 0.001 (A6 keeps 3 decimals)");
  reader.finish();
  return config;
}

// RetryBudget.scala: "ttl ... Must be >= 1 second and <= 60 seconds"; minRetriesPerSec >= 0;
// 0 <= percentCanRetry <= 1000.
FinagleBudgetConfig read_finagle_budget(ObjectReader reader) {
  FinagleBudgetConfig config;
  config.enabled = true;
  config.ttl_s = static_cast<std::uint32_t>(reader.optional_integer("ttl_s", 1, 60, config.ttl_s));
  config.min_retries_per_s = static_cast<std::uint32_t>(
      reader.optional_integer("min_retries_per_s", 0, 1'000'000, config.min_retries_per_s));
  config.percent_can_retry =
      reader.optional_number("percent_can_retry", NumberRange::at_least(0, 1000), config.percent_can_retry);
  reader.finish();
  return config;
}

// gRFC A6 hedgingPolicy: "maxAttempts ... MUST be specified and MUST be greater than 1.
// Values greater than 5 are treated as 5"; here refused, so the file says what runs.
HedgingPolicyConfig read_hedging_policy(ObjectReader reader) {
  HedgingPolicyConfig config;
  config.enabled = true;
  config.max_attempts = static_cast<std::uint32_t>(reader.required_integer("max_attempts", 2, 5));
  config.hedging_delay_ns = ms_to_ns(reader.optional_number("hedging_delay_ms", NumberRange::at_least(0, kTimeoutMsMax), 0));
  reader.finish();
  return config;
}

ClientConfig read_client(ObjectReader reader) {
  ClientConfig config;
  config.timeout_ns = ms_to_ns(
      reader.optional_number("timeout_ms", NumberRange::positive(kTimeoutMsMax), ns_to_ms(config.timeout_ns)));
  config.max_retries =
      static_cast<std::uint32_t>(reader.optional_integer("max_retries", 0, 16, config.max_retries));
  if (const std::optional<double> search_ms = reader.maybe_number("search_timeout_ms", NumberRange::positive(kTimeoutMsMax))) {
    config.search_timeout_ns = ms_to_ns(*search_ms);
    // Shorter than one shard call's timeout, no shard call could ever time out and be retried.
    if (config.search_timeout_ns < config.timeout_ns) {
      reader.fail("search_timeout_ms", "must be >= timeout_ms (" + format_significant(ns_to_ms(config.timeout_ns)) +
                                           " ms): a search attempt covers at least one shard call and its timeout");
    }
  }
  config.backoff_base_ns = ms_to_ns(reader.optional_number("backoff_base_ms", NumberRange::at_least(0, kBackoffMsMax),
                                                           ns_to_ms(config.backoff_base_ns)));
  config.backoff_max_ns = ms_to_ns(reader.optional_number("backoff_max_ms", NumberRange::at_least(0, kBackoffMsMax),
                                                          ns_to_ms(config.backoff_max_ns)));
  if (config.backoff_max_ns < config.backoff_base_ns) reader.fail("backoff_max_ms", "must be >= backoff_base_ms");
  config.backoff_multiplier =
      reader.optional_number("backoff_multiplier", NumberRange::positive(100), config.backoff_multiplier);
  const std::string jitter = reader.optional_choice("jitter", {"none", "full", "equal"}, "none");
  config.jitter = jitter == "none"   ? ClientConfig::Jitter::kNone
                  : jitter == "full" ? ClientConfig::Jitter::kFull
                                     : ClientConfig::Jitter::kEqual;
  if (std::optional<double> ratio = reader.maybe_number("retry_budget_ratio", NumberRange::at_least(0, 1))) {
    config.retry_budget_ratio = *ratio;
  }
  config.retry_budget_max_tokens = reader.optional_number("retry_budget_max_tokens", NumberRange::at_least(1, 1e6),
                                                          config.retry_budget_max_tokens);
  if (std::optional<ObjectReader> throttling = reader.optional_object("grpc_retry_throttling")) {
    config.retry_throttling = read_retry_throttling(*throttling);
  }
  if (std::optional<ObjectReader> budget = reader.optional_object("finagle_retry_budget")) {
    if (config.retry_budget_ratio >= 0) {
      reader.fail("finagle_retry_budget", "give either retry_budget_ratio or finagle_retry_budget, not both");
    }
    config.finagle_budget = read_finagle_budget(*budget);
  }
  if (std::optional<ObjectReader> hedging = reader.optional_object("hedging_policy")) {
    config.hedging = read_hedging_policy(*hedging);
  }
  if (std::optional<ObjectReader> breaker = reader.optional_object("circuit_breaker")) {
    config.circuit_breaker = read_circuit_breaker(*breaker);
  }
  reader.finish();
  return config;
}

HotKeysConfig read_hot_keys(ObjectReader reader) {
  HotKeysConfig config;
  config.enabled = true;
  config.threshold_qps = reader.required_number("threshold_qps", NumberRange::positive(kHotKeyQpsMax));
  config.window_ns = static_cast<TimeNs>(std::llround(
      reader.optional_number("window_s", NumberRange::positive(3600), ns_to_s(config.window_ns)) * kNsPerS));
  if (config.window_ns < kNsPerMs) reader.fail("window_s", "must be at least 0.001");
  config.extra_replicas = static_cast<std::uint32_t>(
      reader.optional_integer("extra_replicas", 1, kReplicationFactorMax - 1, config.extra_replicas));
  config.cool_ratio = reader.optional_number("cool_ratio", NumberRange::at_least(0, 1), config.cool_ratio);
  reader.finish();
  return config;
}

std::vector<NodeRole> read_roles(ObjectReader& cluster) {
  std::vector<NodeRole> roles;
  const nlohmann::json& value = cluster.raw("roles");
  const std::string pointer = cluster.pointer_of("roles");
  if (!value.is_object()) {
    throw ConfigError(cluster.file(), pointer,
                      "expected an object of role name -> list of node ids, e.g. {\"llm\": [6, 7]}, got " +
                          describe_json_value(value));
  }
  if (value.size() > kRolesMax) {
    throw ConfigError(cluster.file(), pointer, "at most " + std::to_string(kRolesMax) + " roles");
  }
  for (const auto& [name, nodes] : value.items()) {
    const std::string role_pointer = json_pointer_append(pointer, name);
    if (name.empty() || name.size() > kRoleNameLengthMax) {
      throw ConfigError(cluster.file(), role_pointer,
                        "a role name has 1 to " + std::to_string(kRoleNameLengthMax) + " characters");
    }
    if (!nodes.is_array() || nodes.empty()) {
      throw ConfigError(cluster.file(), role_pointer,
                        "expected a non-empty list of node ids, got " + describe_json_value(nodes));
    }
    NodeRole role{name, {}};
    const ArrayReader list(nodes, role_pointer, cluster.file(), kNodesMax);
    for (std::size_t index = 0; index < list.size(); ++index) {
      const nlohmann::json& id = list.at(index);
      if (!id.is_number_integer() || id.get<std::int64_t>() < 0 ||
          id.get<std::int64_t>() >= static_cast<std::int64_t>(kNodesMax)) {
        throw ConfigError(cluster.file(), list.pointer_at(index),
                          "expected a node id from 0 to " + std::to_string(kNodesMax - 1) + ", got " +
                              describe_json_value(id));
      }
      const auto node = id.get<std::uint32_t>();
      if (std::find(role.nodes.begin(), role.nodes.end(), node) != role.nodes.end()) {
        throw ConfigError(cluster.file(), list.pointer_at(index), "node " + std::to_string(node) + " is listed twice");
      }
      role.nodes.push_back(node);
    }
    std::sort(role.nodes.begin(), role.nodes.end());
    roles.push_back(std::move(role));
  }
  // nlohmann's objects iterate in key order, so roles are sorted by name already.
  return roles;
}

}  // namespace

const NodeRole* find_role(const ClusterConfig& config, const std::string& name) {
  for (const NodeRole& role : config.roles) {
    if (role.name == name) return &role;
  }
  return nullptr;
}

bool node_has_role(const ClusterConfig& config, const std::string& name, std::uint32_t node) {
  const NodeRole* role = find_role(config, name);
  return role != nullptr && std::binary_search(role->nodes.begin(), role->nodes.end(), node);
}

ClusterConfig read_cluster(ObjectReader reader) {
  ClusterConfig config;
  config.initial_nodes = static_cast<std::uint32_t>(reader.required_integer("nodes", 1, kNodesMax));
  config.compute_nodes =
      static_cast<std::uint32_t>(reader.optional_integer("compute_nodes", 0, kNodesMax - config.initial_nodes, 0));
  config.node = read_node(reader.required_object("node"));
  if (std::optional<ObjectReader> network = reader.optional_object("network")) {
    config.network = read_network(*network);
  }
  if (std::optional<ObjectReader> placement = reader.optional_object("placement")) {
    config.placement = read_placement(*placement);
  }
  if (std::optional<ObjectReader> replication = reader.optional_object("replication")) {
    const std::string pointer = replication->pointer_of("factor");
    const std::string file = replication->file();
    config.replication = read_replication(*replication);
    // More copies than data nodes cannot be placed: refuse rather than clamp silently.
    if (config.replication.factor > config.initial_nodes) {
      throw ConfigError(file, pointer,
                        "replication factor " + std::to_string(config.replication.factor) + " exceeds cluster.nodes (" +
                            std::to_string(config.initial_nodes) + " data nodes)");
    }
  } else {
    // Not given: the default factor (3), at most one copy per data node.
    config.replication.factor = std::min(config.replication.factor, config.initial_nodes);
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
  if (reader.has("roles")) config.roles = read_roles(reader);
  if (std::optional<ObjectReader> hot_keys = reader.optional_object("hot_keys")) {
    config.hot_keys = read_hot_keys(*hot_keys);
  }
  if (std::optional<ObjectReader> autoscaler = reader.optional_object("autoscaler")) {
    config.autoscaler = read_autoscaler(*autoscaler, config.initial_nodes);
  }
  reader.finish();
  return config;
}

}  // namespace ringsim
