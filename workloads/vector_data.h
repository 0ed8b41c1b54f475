// The vectors a cluster stores, and the truth that recall is measured against.
//
// Generated data is a Gaussian mixture: `clusters` centres drawn from N(0, 1)^dim, each
// vector a centre plus N(0, spread^2) noise, so nearest neighbours are meaningful (on
// uniform random data HNSW recall is poor and uninformative). Queries are drawn near the
// data: a random stored vector plus noise. Everything derives from the scenario seed.
// Alternatively vectors load from a .fvecs file (int32 dim, then dim float32, repeated).
//
// The store holds the current value of every key (upserts replace it, deletes hide it):
// brute-force ground truth at any virtual time is computed over it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cluster/replica_map.h"
#include "index/shard.h"
#include "sim/json_reader.h"
#include "sim/random.h"

namespace ringsim {

struct VectorDataConfig {
  std::uint32_t dim = 64;
  std::uint32_t clusters = 32;
  double spread = 0.1;
  double query_noise = 0.5;  // query noise as a fraction of spread
  VectorMetric metric = VectorMetric::kL2;
  std::string fvecs_path;  // empty: generate
};

inline constexpr std::uint32_t kVectorDimMax = 4096;
// dim x keys floats are held in memory; beyond this a scenario is a mistake.
inline constexpr double kVectorFloatsMax = 2e9;

VectorDataConfig read_vector_data(ObjectReader reader, const std::string& scenario_dir);

// The logical shard of a key in a collection of `shards` shards: a hash of its id.
std::uint32_t shard_of_key(KeyId key, std::uint32_t shards);

class VectorStore {
 public:
  // Throws ConfigError when a .fvecs file is missing, malformed or too short.
  VectorStore(const VectorDataConfig& config, std::uint64_t keys, std::uint64_t seed);

  std::uint32_t dim() const { return config_.dim; }
  VectorMetric metric() const { return config_.metric; }
  std::uint64_t key_count() const { return deleted_.size(); }
  const float* vector(KeyId key) const { return &data_[std::size_t{key} * config_.dim]; }
  const std::vector<float>& data() const { return data_; }
  bool deleted(KeyId key) const { return deleted_[key] != 0; }

  void set(KeyId key, const float* vector);
  void mark_deleted(KeyId key) { deleted_[key] = 1; }

  // A query near the data.
  void make_query(Rng& rng, std::vector<float>& out) const;
  // A new value for `key`, near its current one (an updated embedding).
  void make_update(Rng& rng, KeyId key, std::vector<float>& out) const;
  std::uint32_t value_bytes() const { return config_.dim * static_cast<std::uint32_t>(sizeof(float)); }

 private:
  void generate(std::uint64_t keys, std::uint64_t seed);
  void load_fvecs(std::uint64_t keys);

  VectorDataConfig config_;
  std::vector<float> data_;
  std::vector<std::uint8_t> deleted_;
};

}  // namespace ringsim
