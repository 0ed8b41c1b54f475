#include "workloads/point_workload.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "sim/file_check.h"
#include "sim/assert.h"
#include "sim/config_error.h"
#include "sim/distribution_config.h"

namespace ringsim {

namespace {
constexpr double kZipfExponentMax = 10;
constexpr double kWeightMax = 1;
constexpr double kMixSumTolerance = 1e-9;
}  // namespace

DataConfig read_data(ObjectReader reader, const std::string& scenario_dir) {
  DataConfig config;
  config.keys = reader.required_integer("keys", 1, kKeysMax);
  if (std::optional<ObjectReader> vectors = reader.optional_object("vectors")) {
    VectorIndexConfig index;
    index.data = read_vector_data(*vectors, scenario_dir);
    index.shards = static_cast<std::uint32_t>(reader.required_integer("shards", 1, kShardsMax));
    if (std::optional<ObjectReader> partitioning = reader.optional_object("partitioning")) {
      index.partitioning = read_partitioning(*partitioning);
    }
    if (static_cast<double>(config.keys) * index.data.dim > kVectorFloatsMax) {
      reader.fail("keys", "keys x dim = " + std::to_string(static_cast<double>(config.keys) * index.data.dim) +
                              " floats; at most " + std::to_string(kVectorFloatsMax) + " are allowed");
    }
    // A vector's record: the floats plus its id and metadata.
    config.value_bytes = Distribution::constant(index.data.dim * sizeof(float) + kVectorRecordOverheadBytes);
    config.vectors = index;
  } else {
    config.value_bytes = read_distribution(reader.required_object("value_size"), "bytes", kValueBytesMax);
  }
  reader.finish();
  return config;
}

std::vector<std::uint32_t> generate_key_bytes(const DataConfig& config, std::uint64_t seed) {
  if (config.vectors) {
    return std::vector<std::uint32_t>(
        config.keys, static_cast<std::uint32_t>(std::llround(config.value_bytes.mean())));
  }
  Rng rng(seed, "data.value_bytes");
  std::vector<std::uint32_t> key_bytes(config.keys);
  for (std::uint32_t& bytes : key_bytes) {
    const double value = std::min(config.value_bytes.sample(rng), kValueBytesMax);
    bytes = static_cast<std::uint32_t>(std::llround(std::max(1.0, value)));
  }
  return key_bytes;
}

namespace {

RunbookConfig read_runbook_config(ObjectReader reader, const std::string& scenario_dir, std::uint64_t keys) {
  constexpr double kRunbookRateMax = 1e7;
  constexpr std::uint64_t kSearchQueriesMax = 1'000'000;
  RunbookConfig config;
  const std::filesystem::path file = reader.required_string("file");
  const std::filesystem::path path = file.is_absolute() ? file : std::filesystem::path(scenario_dir) / file;
  if (const auto problem = regular_file_problem(path.string())) reader.fail("file", *problem + ": " + path.string());
  config.path = path.string();
  config.dataset = reader.required_string("dataset");
  config.rate_qps = reader.optional_number("rate_qps", NumberRange::positive(kRunbookRateMax), config.rate_qps);
  config.search_queries = static_cast<std::uint32_t>(
      reader.optional_integer("search_queries", 1, kSearchQueriesMax, config.search_queries));
  reader.finish();
  config.book = read_runbook(config.path, config.dataset, keys);
  if (config.book.max_pts > keys) {
    throw ConfigError(config.path, "/" + config.dataset + "/max_pts",
                      "is " + std::to_string(config.book.max_pts) + "; the scenario stores at most data.keys = " +
                          std::to_string(keys) + " vectors");
  }
  return config;
}

}  // namespace

PointWorkloadConfig read_point_workload(ObjectReader reader, bool has_vectors, const std::string& scenario_dir,
                                        std::uint64_t keys) {
  PointWorkloadConfig config;
  if (has_vectors && reader.has("runbook")) {
    config.runbook = read_runbook_config(reader.required_object("runbook"), scenario_dir, keys);
    // A runbook checks every search against brute force unless told otherwise.
    config.recall_sample_rate = 1.0;
    config.search_weight = 1.0;
    config.get_weight = 0.0;
    config.arrivals.rate_qps = config.runbook->rate_qps;  // what estimates of the run count on
  }
  if (!config.runbook || reader.has("arrivals")) config.arrivals = read_arrivals(reader.required_object("arrivals"));
  if (std::optional<ObjectReader> mix = reader.optional_object("mix")) {
    const NumberRange weight = NumberRange::at_least(0, kWeightMax);
    config.get_weight = mix->optional_number("get", weight, 0);
    config.put_weight = mix->optional_number("put", weight, 0);
    if (has_vectors) {
      if (mix->has("put") && mix->has("upsert")) mix->fail("upsert", "give either put or upsert (the same operation)");
      config.put_weight += mix->optional_number("upsert", weight, 0);
      config.search_weight = mix->optional_number("search", weight, 0);
      config.delete_weight = mix->optional_number("delete", weight, 0);
      config.insert_weight = mix->optional_number("insert", weight, 0);
    }
    // Shares, not weights: a mix that does not sum to 1 is a mistake, not something to
    // normalise silently.
    const double total =
        config.get_weight + config.put_weight + config.search_weight + config.delete_weight + config.insert_weight;
    if (std::abs(total - 1) > kMixSumTolerance) {
      char text[64];
      std::snprintf(text, sizeof text, "%.12g", total);
      throw ConfigError(mix->file(), mix->pointer(),
                        std::string("the operation shares sum to ") + text +
                            "; they must sum to 1 (e.g. {\"get\": 0.9, \"put\": 0.1})");
    }
    mix->finish();
  }
  if (has_vectors) {
    config.recall_sample_rate =
        reader.optional_number("recall_sample_rate", NumberRange::at_least(0, 1), config.runbook ? 1.0 : 0.02);
    config.hedge_ns = static_cast<TimeNs>(std::llround(
        reader.optional_number("hedge_ms", NumberRange::at_least(0, 60'000), 0) * kNsPerMs));
    config.hedge_max_attempts =
        static_cast<std::uint32_t>(reader.optional_integer("hedge_max_attempts", 2, 5, config.hedge_max_attempts));
    if (std::optional<ObjectReader> topics = reader.optional_object("query_topics")) {
      config.query_topics = read_query_topics(*topics);
    }
  }
  if (std::optional<ObjectReader> popularity = reader.optional_object("popularity")) {
    const std::string type = popularity->required_choice("type", {"uniform", "zipf"});
    config.zipf = type == "zipf";
    if (config.zipf) {
      config.zipf_exponent = popularity->required_number("s", NumberRange::at_least(0, kZipfExponentMax));
    }
    popularity->finish();
  }
  reader.finish();
  return config;
}

PointWorkload::PointWorkload(const PointWorkloadConfig& config, std::uint64_t key_count, std::uint64_t seed)
    : config_(config),
      key_count_(key_count),
      zipf_(key_count, config.zipf ? config.zipf_exponent : 0.0),
      op_rng_(seed, "workload.ops"),
      key_rng_(seed, "workload.keys"),
      hot_rng_(seed, "workload.hot_keys") {
  RINGSIM_ASSERT(key_count > 0);
}

PointOp PointWorkload::next_op(bool* new_id) {
  const double total = config_.get_weight + config_.put_weight + config_.search_weight + config_.delete_weight +
                       config_.insert_weight;
  double draw = op_rng_.next_unit() * total;
  if (new_id != nullptr) *new_id = false;
  if (draw < config_.get_weight) return PointOp::kGet;
  draw -= config_.get_weight;
  if (draw < config_.put_weight) return PointOp::kPut;
  draw -= config_.put_weight;
  if (draw < config_.search_weight) return PointOp::kSearch;
  draw -= config_.search_weight;
  if (config_.insert_weight > 0 && draw >= config_.delete_weight) {
    if (new_id != nullptr) *new_id = true;
    return PointOp::kPut;
  }
  return PointOp::kDelete;
}

KeyId PointWorkload::next_key() {
  if (!hot_keys_.empty() && key_rng_.next_unit() < hot_share_) {
    return hot_keys_[key_rng_.next_below(hot_keys_.size())];
  }
  if (config_.zipf) return static_cast<KeyId>(zipf_.sample(key_rng_) - 1);
  return static_cast<KeyId>(key_rng_.next_below(key_count_));
}

void PointWorkload::set_hot_keys(std::vector<KeyId> hot_keys, double share) {
  hot_keys_ = std::move(hot_keys);
  hot_share_ = share;
}

void PointWorkload::clear_hot_keys() {
  hot_keys_.clear();
  hot_share_ = 0;
}

std::vector<KeyId> PointWorkload::pick_hot_keys(std::uint32_t count) {
  std::vector<KeyId> keys;
  while (keys.size() < count && keys.size() < key_count_) {
    const auto key = static_cast<KeyId>(hot_rng_.next_below(key_count_));
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  }
  return keys;
}

}  // namespace ringsim

namespace ringsim {

void read_index(ObjectReader reader, VectorIndexConfig& config) {
  constexpr std::uint64_t kHnswMMax = 256;
  constexpr std::uint64_t kEfMax = 100'000;
  constexpr std::uint64_t kTopKMax = 10'000;
  config.hnsw.dim = config.data.dim;
  config.hnsw.metric = config.data.metric;
  config.hnsw.m = static_cast<std::uint32_t>(reader.optional_integer("m", 2, kHnswMMax, config.hnsw.m));
  config.hnsw.ef_construction = static_cast<std::uint32_t>(
      reader.optional_integer("ef_construction", 1, kEfMax, config.hnsw.ef_construction));
  config.ef_search = static_cast<std::uint32_t>(reader.optional_integer("ef_search", 1, kEfMax, config.ef_search));
  config.k = static_cast<std::uint32_t>(reader.optional_integer("k", 1, kTopKMax, config.k));
  if (config.ef_search < config.k) reader.fail("ef_search", "must be >= k");
  if (std::optional<ObjectReader> extra = reader.optional_object("search_extra_ms")) {
    constexpr double kSearchExtraMsMax = 60'000;
    config.search_extra_ns = read_distribution(*extra, "ms", kSearchExtraMsMax).scaled(kNsPerMs);
  }
  config.hnsw.replace_deleted = reader.optional_bool("replace_deleted", false);
  if (std::optional<ObjectReader> compaction = reader.optional_object("compaction")) {
    config.compaction_tombstone_ratio =
        compaction->required_number("tombstone_ratio", NumberRange::positive(1));
    compaction->finish();
  }
  reader.finish();
}

}  // namespace ringsim
