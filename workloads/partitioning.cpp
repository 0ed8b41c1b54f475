#include "workloads/partitioning.h"

#include <algorithm>

#include "sim/assert.h"
#include "workloads/kmeans.h"

namespace ringsim {

namespace {
constexpr std::uint32_t kIterationsMax = 1000;
constexpr std::uint64_t kSampleMax = 1'000'000;
constexpr std::uint32_t kTopicsMax = 4096;
constexpr double kZipfSMax = 10;
}  // namespace

PartitioningConfig read_partitioning(ObjectReader reader) {
  PartitioningConfig config;
  config.centroid = reader.optional_choice("type", {"hash", "centroid"}, "hash") == "centroid";
  config.nprobe = static_cast<std::uint32_t>(reader.optional_integer("nprobe", 1, 4096, config.nprobe));
  config.sample = reader.optional_integer("sample", 1, kSampleMax, config.sample);
  config.iterations = static_cast<std::uint32_t>(reader.optional_integer("iterations", 1, kIterationsMax, config.iterations));
  if (!config.centroid) {
    for (const char* key : {"nprobe", "sample", "iterations"}) {
      if (reader.has(key)) reader.fail(key, "applies only to \"type\": \"centroid\"");
    }
  }
  reader.finish();
  return config;
}

QueryTopicsConfig read_query_topics(ObjectReader reader) {
  QueryTopicsConfig config;
  config.topics = static_cast<std::uint32_t>(reader.optional_integer("topics", 1, kTopicsMax, config.topics));
  config.zipf_s = reader.optional_number("zipf_s", NumberRange::at_least(0, kZipfSMax), config.zipf_s);
  reader.finish();
  return config;
}

KeyPartition partition_keys(const VectorStore& store, std::uint32_t shards, const PartitioningConfig& config,
                            std::uint64_t seed) {
  KeyPartition partition;
  partition.shard_of_key.resize(store.key_count());
  if (!config.centroid) {
    for (KeyId key = 0; key < store.key_count(); ++key) partition.shard_of_key[key] = shard_of_key(key, shards);
    return partition;
  }
  Rng rng(seed, "data.partitioning");
  KMeansInput input;
  input.vectors = store.data().data();
  input.count = store.key_count();
  input.dim = store.dim();
  input.k = shards;
  input.sample = config.sample;
  input.iterations = config.iterations;
  partition.centroids = kmeans(input, rng);
  for (KeyId key = 0; key < store.key_count(); ++key) {
    partition.shard_of_key[key] = nearest_centroid(partition.centroids, store.dim(), store.vector(key));
  }
  return partition;
}

QueryTopics::QueryTopics(const VectorStore& store, const QueryTopicsConfig& config, double noise, std::uint64_t seed)
    : store_(store), noise_(noise), zipf_(config.topics, config.zipf_s) {
  Rng rng(seed, "workload.query_topics");
  KMeansInput input;
  input.vectors = store.data().data();
  input.count = store.key_count();
  input.dim = store.dim();
  input.k = config.topics;
  const std::vector<float> centroids = kmeans(input, rng);
  keys_of_topic_.resize(config.topics);
  for (KeyId key = 0; key < store.key_count(); ++key) {
    keys_of_topic_[nearest_centroid(centroids, store.dim(), store.vector(key))].push_back(key);
  }
  // Which topic is the most popular is itself drawn, not the first centroid k-means found.
  topic_of_rank_.resize(config.topics);
  for (std::uint32_t i = 0; i < config.topics; ++i) topic_of_rank_[i] = i;
  for (std::uint32_t i = config.topics; i > 1; --i) std::swap(topic_of_rank_[i - 1], topic_of_rank_[rng.next_below(i)]);
}

void QueryTopics::make_query(Rng& rng, std::vector<float>& out) const {
  // Draw ranks until one names a topic with vectors (k-means++ keeps topics non-empty, so
  // this loops only in degenerate data, where repeated vectors share a topic).
  const std::vector<KeyId>* keys = nullptr;
  while (keys == nullptr || keys->empty()) keys = &keys_of_topic_[topic_of_rank_[zipf_.sample(rng) - 1]];
  const KeyId base = (*keys)[rng.next_below(keys->size())];
  out.resize(store_.dim());
  for (std::uint32_t i = 0; i < store_.dim(); ++i) {
    out[i] = store_.vector(base)[i] + static_cast<float>(noise_ * rng.next_standard_normal());
  }
}

}  // namespace ringsim
