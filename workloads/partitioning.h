// Where a vector collection's keys go: its logical shards by hash of the id (the default)
// or by nearest centroid (IVF-style semantic partitioning: k-means with one centroid per
// shard, trained on a seeded sample, every vector to its nearest centroid), and where a
// search goes: every shard (hash) or the `nprobe` shards whose centroids are nearest the
// query. Also the skewed query topics a workload may ask for.
//
// Scenario keys (docs/shards.md):
//   data.partitioning: {"type": "hash" | "centroid", "nprobe": 2, "sample": 10000,
//                       "iterations": 20}
//   workload.query_topics: {"topics": 16, "zipf_s": 1.0}
// Simplifications: a key keeps its shard for the whole run (an upsert that moves a vector
// far away does not re-home it); centroids are trained once, at time zero.
// Streams: "data.partitioning" (the k-means sample and seeding), "workload.query_topics"
// (the topics' k-means, their popularity order, the draws).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/json_reader.h"
#include "sim/random.h"
#include "workloads/vector_data.h"

namespace ringsim {

struct PartitioningConfig {
  bool centroid = false;
  std::uint32_t nprobe = 2;         // centroid: shards a search asks (clamped to the shard count)
  std::uint64_t sample = 10'000;    // centroid: vectors k-means trains on
  std::uint32_t iterations = 20;    // centroid: Lloyd rounds at most
};

struct QueryTopicsConfig {
  std::uint32_t topics = 16;  // k-means clusters of the data that queries are drawn near
  double zipf_s = 1.0;        // topic popularity: rank r drawn with probability ~ r^-s
};

PartitioningConfig read_partitioning(ObjectReader reader);
QueryTopicsConfig read_query_topics(ObjectReader reader);

// Each key's shard, and the shards' centroids (shards x dim; empty for hash).
struct KeyPartition {
  std::vector<std::uint32_t> shard_of_key;
  std::vector<float> centroids;
};
KeyPartition partition_keys(const VectorStore& store, std::uint32_t shards, const PartitioningConfig& config,
                            std::uint64_t seed);

// Queries near the data with a skewed choice of topic: the topic by Zipf rank (ranks
// shuffled over the topics by a seeded permutation), then a uniform stored vector of that
// topic plus `noise` x N(0, 1) in every dimension (as VectorStore::make_query).
class QueryTopics {
 public:
  QueryTopics(const VectorStore& store, const QueryTopicsConfig& config, double noise, std::uint64_t seed);
  void make_query(Rng& rng, std::vector<float>& out) const;
  std::uint32_t topic_count() const { return static_cast<std::uint32_t>(keys_of_topic_.size()); }

 private:
  const VectorStore& store_;
  double noise_;
  ZipfGenerator zipf_;
  std::vector<std::uint32_t> topic_of_rank_;
  std::vector<std::vector<KeyId>> keys_of_topic_;
};

}  // namespace ringsim
