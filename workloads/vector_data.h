// The vectors a cluster stores, and the truth that recall is measured against.
//
// Generated data is a Gaussian mixture: `clusters` centres drawn from N(0, 1)^dim, each
// vector a centre plus N(0, spread^2) noise, so nearest neighbours are meaningful (on
// uniform random data HNSW recall is poor and uninformative). Queries are held out: fresh
// points drawn from the same mixture (a centre, then N(0, spread^2) noise), never a stored
// vector, as ANN benchmarks split base and query sets; a stored vector plus noise would
// find its own source almost always and inflate recall. Everything derives from the
// scenario seed (the caller's named stream draws queries). Alternatively vectors load from a
// file (.fvecs / .bvecs / ann-benchmarks HDF5, workloads/vector_files.h) with optional
// held-out queries (.fvecs or HDF5 `test`) and ground truth (.ivecs or HDF5 `neighbors`:
// neighbour ids into the base, which must lie below `keys`); a file base without query
// file gets queries near stored vectors (a stored vector plus `query_noise x spread` noise).
//
// The store holds the current value of every key (upserts replace it, deletes hide it):
// brute-force ground truth at any virtual time is computed over it.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
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
  std::uint64_t stored_at_start = UINT64_MAX;  // keys stored when the run begins (the rest are free ids)
  std::string base_path;          // .fvecs / .bvecs base vectors; empty: generate
  std::string hdf5_path;          // ann-benchmarks HDF5 (train, test, neighbors)
  std::string queries_path;       // .fvecs held-out queries
  std::string ground_truth_path;  // .ivecs true neighbour ids per query
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
  // Deletes `key` (a no-op when deleted); its id becomes free for a later insert.
  void mark_deleted(KeyId key);
  // An insert takes a free id: ids never stored first (ascending), then deleted ids in the
  // order they were deleted; the id's vector (generated, from the file, or its last
  // value) is stored again. nullopt when every id is stored.
  std::optional<KeyId> insert_free_id();
  // Stores `key` again with the data set's own vector of `source` (a runbook's insert:
  // source == key; its replace: the tag `key` takes the vector of id `source`).
  void store_from_data_set(KeyId key, KeyId source);

  // A query: one of the file's queries when there are any (returns its row), else held out
  // from the same mixture (generated data), else near a stored vector (returns -1).
  std::int64_t make_query(Rng& rng, std::vector<float>& out) const;
  // The given true neighbours of file query `query` (at most k ids, closest first); false
  // without a ground-truth file (the caller computes the truth by brute force).
  bool ground_truth(std::int64_t query, std::uint32_t k, std::vector<SearchHit>& out) const;
  std::uint64_t query_count() const { return queries_.size() / config_.dim; }
  std::uint32_t ground_truth_k() const { return truth_k_; }
  // A new value for `key`, near its current one (an updated embedding).
  void make_update(Rng& rng, KeyId key, std::vector<float>& out) const;
  std::uint32_t value_bytes() const { return config_.dim * static_cast<std::uint32_t>(sizeof(float)); }

 private:
  void generate(std::uint64_t keys, std::uint64_t seed);
  void load_files(std::uint64_t keys);

  VectorDataConfig config_;
  std::vector<float> data_;
  std::vector<float> centres_;  // generated data: the mixture's centres, clusters x dim
  std::vector<float> data_set_;  // the vectors as loaded or generated (kept once one is replaced)
  std::vector<std::uint8_t> deleted_;
  std::vector<float> queries_;       // file queries, query_count x dim
  std::vector<std::int32_t> truth_;  // file ground truth, query_count x truth_k_
  std::uint32_t truth_k_ = 0;
  std::deque<KeyId> free_ids_;  // may hold ids stored again since; skipped when taken
};

}  // namespace ringsim
