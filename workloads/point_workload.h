// The client side of the point-operation workload: which operation comes next (get or put,
// by weight), on which key (uniform or Zipf popularity, plus temporary hot keys), and how
// large each key's value is.
//
// Key ids are dense (0..keys-1); a key's position on the ring is key_hash(id), so the
// most popular Zipf ranks land on arbitrary nodes, as real hot keys do.
#pragma once

#include <cstdint>
#include <vector>

#include <optional>
#include <string>

#include "cluster/replica_map.h"
#include "index/cost_model.h"
#include "index/shard.h"
#include "sim/distribution.h"
#include "sim/json_reader.h"
#include "sim/random.h"
#include "workloads/arrivals.h"
#include "workloads/partitioning.h"
#include "workloads/runbook.h"
#include "workloads/vector_data.h"

namespace ringsim {

// Vector mode: the keys are vectors, grouped into `shards` logical shards (the placement
// units: a shard's keys always share their replicas), each replica an HNSW index.
struct VectorIndexConfig {
  VectorDataConfig data;
  std::uint32_t shards = 1;
  PartitioningConfig partitioning;  // data.partitioning: keys to shards, searches to shards
  HnswConfig hnsw;
  std::uint32_t ef_search = 64;
  std::uint32_t k = 10;
  CostModel cost;
  // index.search_extra_ms: extra service time per shard search, beside the counted HNSW
  // work (a GC pause, a cold page, a noisy neighbour); none when absent. In ns.
  std::optional<Distribution> search_extra_ns;
  // index.compaction.tombstone_ratio: a shard index with this share of deleted entries is
  // rebuilt without them (models/cluster/compaction_driver.h); 0 = never.
  double compaction_tombstone_ratio = 0;
};

inline constexpr std::uint32_t kShardsMax = 4096;
inline constexpr std::uint32_t kVectorRecordOverheadBytes = 64;

struct DataConfig {
  std::uint64_t keys = 0;
  Distribution value_bytes = Distribution::constant(0);
  std::optional<VectorIndexConfig> vectors;
};

inline constexpr double kValueBytesMax = 64.0 * 1024 * 1024;

DataConfig read_data(ObjectReader reader, const std::string& scenario_dir);
// Reads the "index" object (HNSW parameters) into `config` (vector mode only).
void read_index(ObjectReader reader, VectorIndexConfig& config);
// Draws every key's size from the config's distribution (stream "data.value_bytes").
std::vector<std::uint32_t> generate_key_bytes(const DataConfig& config, std::uint64_t seed);

// put is an upsert; search and delete exist only when the data has vectors. kApply is
// not a client operation: it marks migration work queued on a node's cores.
enum class PointOp : std::uint8_t { kGet = 0, kPut = 1, kSearch = 2, kDelete = 3, kApply = 4 };

// workload.runbook: a big-ann-benchmarks streaming runbook (workloads/runbook.h) drives the
// client instead of arrivals and mix: each step's operations are issued at rate_qps, a
// search step issues search_queries searches, every one checked against brute force.
struct RunbookConfig {
  std::string path;
  std::string dataset;
  double rate_qps = 1000;
  std::uint32_t search_queries = 100;
  Runbook book;
};

struct PointWorkloadConfig {
  ArrivalConfig arrivals;
  std::optional<RunbookConfig> runbook;
  double get_weight = 1.0;
  double put_weight = 0.0;
  double search_weight = 0.0;
  double delete_weight = 0.0;
  double insert_weight = 0.0;       // vectors only: a new id (one not stored) gets a vector
  double recall_sample_rate = 0.0;  // vectors only: share of searches checked against brute force
  // vectors only: copies of a shard call in all, the n-th sent (n - 1) x hedge_ns after the
  // first (gRFC A6 hedging's maxAttempts; 2: one hedge, as before).
  std::uint32_t hedge_max_attempts = 2;
  TimeNs hedge_ns = 0;              // vectors only: send a shard search to a second replica after this
  std::optional<QueryTopicsConfig> query_topics;  // vectors only: skewed query topics
  bool zipf = false;
  double zipf_exponent = 0.0;
};

// `scenario_dir` resolves a runbook's path; its ids must lie below `keys`.
PointWorkloadConfig read_point_workload(ObjectReader reader, bool has_vectors, const std::string& scenario_dir = "",
                                        std::uint64_t keys = 0);

class PointWorkload {
 public:
  PointWorkload(const PointWorkloadConfig& config, std::uint64_t key_count, std::uint64_t seed);

  // The next operation; an insert is a kPut with *new_id set (a new id, not an upsert).
  PointOp next_op(bool* new_id = nullptr);
  KeyId next_key();

  // From now on, `share` of requests go to `hot_keys` (uniformly among them).
  void set_hot_keys(std::vector<KeyId> hot_keys, double share);
  void clear_hot_keys();
  // Draws `count` distinct hot keys (stream "workload.hot_keys").
  std::vector<KeyId> pick_hot_keys(std::uint32_t count);

 private:
  PointWorkloadConfig config_;
  std::uint64_t key_count_;
  ZipfGenerator zipf_;
  Rng op_rng_;
  Rng key_rng_;
  Rng hot_rng_;
  std::vector<KeyId> hot_keys_;
  double hot_share_ = 0;
};

}  // namespace ringsim
