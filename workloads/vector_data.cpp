#include "workloads/vector_data.h"

#include <cstring>
#include <filesystem>
#include <fstream>

#include "cluster/placement/placement.h"
#include "sim/assert.h"
#include "sim/config_error.h"

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
  const std::string file = reader.optional_string("fvecs_file", "");
  if (!file.empty()) {
    const std::filesystem::path path = std::filesystem::path(file).is_absolute()
                                           ? std::filesystem::path(file)
                                           : std::filesystem::path(scenario_dir) / file;
    if (!std::filesystem::exists(path)) reader.fail("fvecs_file", "no such file: " + path.string());
    config.fvecs_path = path.string();
  }
  reader.finish();
  return config;
}

VectorStore::VectorStore(const VectorDataConfig& config, std::uint64_t keys, std::uint64_t seed)
    : config_(config), deleted_(keys, 0) {
  RINGSIM_ASSERT(static_cast<double>(keys) * config.dim <= kVectorFloatsMax);
  if (config.fvecs_path.empty()) {
    generate(keys, seed);
  } else {
    load_fvecs(keys);
  }
}

void VectorStore::generate(std::uint64_t keys, std::uint64_t seed) {
  Rng centre_rng(seed, "vectors.centres");
  Rng point_rng(seed, "vectors.points");
  const std::uint32_t dim = config_.dim;
  std::vector<float> centres(std::size_t{config_.clusters} * dim);
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

void VectorStore::load_fvecs(std::uint64_t keys) {
  std::ifstream in(config_.fvecs_path, std::ios::binary);
  if (!in) throw ConfigError(config_.fvecs_path, "", "cannot open the .fvecs file");
  data_.resize(keys * config_.dim);
  for (std::uint64_t key = 0; key < keys; ++key) {
    std::int32_t dim = 0;
    if (!in.read(reinterpret_cast<char*>(&dim), sizeof dim)) {
      throw ConfigError(config_.fvecs_path, "",
                        "has " + std::to_string(key) + " vectors; the scenario needs " + std::to_string(keys));
    }
    if (dim != static_cast<std::int32_t>(config_.dim)) {
      throw ConfigError(config_.fvecs_path, "",
                        "vector " + std::to_string(key) + " has dimension " + std::to_string(dim) +
                            "; the scenario says " + std::to_string(config_.dim));
    }
    if (!in.read(reinterpret_cast<char*>(&data_[key * config_.dim]),
                 static_cast<std::streamsize>(sizeof(float) * config_.dim))) {
      throw ConfigError(config_.fvecs_path, "", "truncated at vector " + std::to_string(key));
    }
  }
}

void VectorStore::set(KeyId key, const float* vector) {
  std::memcpy(&data_[std::size_t{key} * config_.dim], vector, sizeof(float) * config_.dim);
  deleted_[key] = 0;
}

void VectorStore::make_query(Rng& rng, std::vector<float>& out) const {
  out.resize(config_.dim);
  const std::uint64_t base = rng.next_below(key_count());
  const double noise = config_.spread * config_.query_noise;
  for (std::uint32_t i = 0; i < config_.dim; ++i) {
    out[i] = vector(static_cast<KeyId>(base))[i] + static_cast<float>(noise * rng.next_standard_normal());
  }
}

void VectorStore::make_update(Rng& rng, KeyId key, std::vector<float>& out) const {
  out.resize(config_.dim);
  const double noise = config_.spread * config_.query_noise;
  for (std::uint32_t i = 0; i < config_.dim; ++i) {
    out[i] = vector(key)[i] + static_cast<float>(noise * rng.next_standard_normal());
  }
}

}  // namespace ringsim
