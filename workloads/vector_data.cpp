#include "workloads/vector_data.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "cluster/placement/placement.h"
#include "sim/file_check.h"
#include "sim/assert.h"
#include "sim/config_error.h"
#include "workloads/vector_files.h"

namespace ringsim {

namespace {
constexpr double kSpreadMax = 100;
constexpr std::uint32_t kClustersMax = 1'000'000;
}  // namespace

std::uint32_t shard_of_key(KeyId key, std::uint32_t shards) {
  return static_cast<std::uint32_t>(detail::placement_mix64(key_hash(key)) % shards);
}

VectorDataConfig read_vector_data(ObjectReader reader, const std::string& scenario_dir) {
  VectorDataConfig config;
  config.dim = static_cast<std::uint32_t>(reader.required_integer("dim", 1, kVectorDimMax));
  const std::string metric = reader.optional_choice("metric", {"l2", "ip", "cosine"}, "l2");
  config.metric = metric == "l2" ? VectorMetric::kL2 : metric == "ip" ? VectorMetric::kInnerProduct : VectorMetric::kCosine;
  config.clusters = static_cast<std::uint32_t>(reader.optional_integer("clusters", 1, kClustersMax, config.clusters));
  config.spread = reader.optional_number("spread", NumberRange::positive(kSpreadMax), config.spread);
  config.query_noise = reader.optional_number("query_noise", NumberRange::at_least(0, kSpreadMax), config.query_noise);
  if (reader.has("stored_at_start")) {
    config.stored_at_start = static_cast<std::uint64_t>(reader.required_integer("stored_at_start", 0, kKeysMax));
  }
  const auto file_key = [&](const char* key) {
    const std::string file = reader.optional_string(key, "");
    if (file.empty()) return std::string();
    const std::filesystem::path path = std::filesystem::path(file).is_absolute()
                                           ? std::filesystem::path(file)
                                           : std::filesystem::path(scenario_dir) / file;
    if (const auto problem = regular_file_problem(path.string())) reader.fail(key, *problem + ": " + path.string());
    return path.string();
  };
  const std::string fvecs = file_key("fvecs_file");
  const std::string bvecs = file_key("bvecs_file");
  config.hdf5_path = file_key("hdf5_file");
  config.queries_path = file_key("queries_file");
  config.ground_truth_path = file_key("ground_truth_file");
  if (!fvecs.empty() && !bvecs.empty()) reader.fail("bvecs_file", "give either fvecs_file or bvecs_file");
  config.base_path = fvecs.empty() ? bvecs : fvecs;
  if (!config.hdf5_path.empty() && !config.base_path.empty()) {
    reader.fail("hdf5_file", "give either an HDF5 file or an fvecs/bvecs base, not both");
  }
  if (!config.hdf5_path.empty() && (!config.queries_path.empty() || !config.ground_truth_path.empty())) {
    reader.fail("hdf5_file", "an HDF5 file brings its own queries (test) and truth (neighbors)");
  }
  if (!config.ground_truth_path.empty() && config.queries_path.empty()) {
    reader.fail("ground_truth_file", "ground truth needs the queries it answers: give queries_file too");
  }
  if (!config.ground_truth_path.empty() && config.base_path.empty()) {
    reader.fail("ground_truth_file", "ground truth needs the base it indexes: give fvecs_file or bvecs_file too");
  }
  reader.finish();
  return config;
}

VectorStore::VectorStore(const VectorDataConfig& config, std::uint64_t keys, std::uint64_t seed)
    : config_(config), deleted_(keys, 0) {
  RINGSIM_ASSERT(static_cast<double>(keys) * config.dim <= kVectorFloatsMax);
  if (config.base_path.empty() && config.hdf5_path.empty()) {
    generate(keys, seed);
  }
  load_files(keys);
  for (std::uint64_t key = std::min(config.stored_at_start, keys); key < keys; ++key) {
    mark_deleted(static_cast<KeyId>(key));
  }
}

void VectorStore::mark_deleted(KeyId key) {
  if (deleted_[key] != 0) return;
  deleted_[key] = 1;
  free_ids_.push_back(key);
}

void VectorStore::store_from_data_set(KeyId key, KeyId source) {
  const std::size_t dim = config_.dim;
  if (key != source && data_set_.empty()) data_set_ = data_;  // The first replace: keep the originals.
  const std::vector<float>& from = data_set_.empty() ? data_ : data_set_;
  if (!(key == source && data_set_.empty())) {
    std::memcpy(&data_[key * dim], &from[std::size_t{source} * dim], sizeof(float) * dim);
  }
  deleted_[key] = 0;
}

std::optional<KeyId> VectorStore::insert_free_id() {
  while (!free_ids_.empty()) {
    const KeyId key = free_ids_.front();
    free_ids_.pop_front();
    if (deleted_[key] == 0) continue;  // stored again by an upsert since
    deleted_[key] = 0;
    return key;
  }
  return std::nullopt;
}

void VectorStore::generate(std::uint64_t keys, std::uint64_t seed) {
  Rng centre_rng(seed, "vectors.centres");
  Rng point_rng(seed, "vectors.points");
  const std::uint32_t dim = config_.dim;
  std::vector<float>& centres = centres_;
  centres.resize(std::size_t{config_.clusters} * dim);
  for (float& value : centres) value = static_cast<float>(centre_rng.next_standard_normal());
  data_.resize(keys * dim);
  for (std::uint64_t key = 0; key < keys; ++key) {
    const std::uint64_t cluster = point_rng.next_below(config_.clusters);
    for (std::uint32_t i = 0; i < dim; ++i) {
      data_[key * dim + i] =
          centres[cluster * dim + i] + static_cast<float>(config_.spread * point_rng.next_standard_normal());
    }
  }
}

void VectorStore::load_files(std::uint64_t keys) {
  NeighbourRows truth;
  std::string truth_path = config_.ground_truth_path;
  if (!config_.hdf5_path.empty()) {
    Hdf5VectorSet set = read_hdf5_vector_set(config_.hdf5_path, config_.dim, keys, kVectorFloatsMax);
    data_ = std::move(set.train.values);
    queries_ = std::move(set.test.values);
    truth = std::move(set.neighbors);
    truth_path = config_.hdf5_path;
  } else {
    if (!config_.base_path.empty()) data_ = read_vecs_file(config_.base_path, config_.dim, keys, kVectorFloatsMax).values;
    if (!config_.queries_path.empty()) {
      queries_ = read_vecs_file(config_.queries_path, config_.dim, 0, kVectorFloatsMax).values;
    }
    if (!truth_path.empty()) truth = read_ivecs_file(truth_path, kVectorFloatsMax);
  }
  if (truth.rows == 0) return;
  if (truth.rows != query_count()) {
    throw ConfigError(truth_path, "", "has " + std::to_string(truth.rows) + " ground-truth rows for " +
                                          std::to_string(query_count()) + " queries");
  }
  for (const std::int32_t id : truth.ids) {
    if (id < 0 || static_cast<std::uint64_t>(id) >= keys) {
      throw ConfigError(truth_path, "", "names vector id " + std::to_string(id) + "; the scenario stores ids 0.." +
                                            std::to_string(keys - 1) + " (set data.keys to the base's size)");
    }
  }
  truth_ = std::move(truth.ids);
  truth_k_ = truth.k;
}

void VectorStore::set(KeyId key, const float* vector) {
  std::memcpy(&data_[std::size_t{key} * config_.dim], vector, sizeof(float) * config_.dim);
  deleted_[key] = 0;
}

std::int64_t VectorStore::make_query(Rng& rng, std::vector<float>& out) const {
  out.resize(config_.dim);
  if (!queries_.empty()) {
    const std::uint64_t row = rng.next_below(query_count());
    out.assign(queries_.begin() + static_cast<std::ptrdiff_t>(row * config_.dim),
               queries_.begin() + static_cast<std::ptrdiff_t>((row + 1) * config_.dim));
    return static_cast<std::int64_t>(row);
  }
  if (!centres_.empty()) {
    // Held out: a fresh draw from the mixture the stored vectors came from.
    const std::uint64_t cluster = rng.next_below(config_.clusters);
    for (std::uint32_t i = 0; i < config_.dim; ++i) {
      out[i] = centres_[cluster * config_.dim + i] + static_cast<float>(config_.spread * rng.next_standard_normal());
    }
    return -1;
  }
  const std::uint64_t base = rng.next_below(key_count());
  const double noise = config_.spread * config_.query_noise;
  for (std::uint32_t i = 0; i < config_.dim; ++i) {
    out[i] = vector(static_cast<KeyId>(base))[i] + static_cast<float>(noise * rng.next_standard_normal());
  }
  return -1;
}

bool VectorStore::ground_truth(std::int64_t query, std::uint32_t k, std::vector<SearchHit>& out) const {
  if (truth_k_ == 0 || query < 0) return false;
  out.clear();
  const std::uint32_t count = std::min(k, truth_k_);
  for (std::uint32_t i = 0; i < count; ++i) {
    out.push_back(SearchHit{static_cast<std::uint32_t>(truth_[static_cast<std::size_t>(query) * truth_k_ + i]), 0.0f});
  }
  return true;
}

void VectorStore::make_update(Rng& rng, KeyId key, std::vector<float>& out) const {
  out.resize(config_.dim);
  const double noise = config_.spread * config_.query_noise;
  for (std::uint32_t i = 0; i < config_.dim; ++i) {
    out[i] = vector(key)[i] + static_cast<float>(noise * rng.next_standard_normal());
  }
}

}  // namespace ringsim
