#include "workloads/point_workload.h"

#include <algorithm>
#include <cmath>

#include "sim/assert.h"
#include "sim/distribution_config.h"

namespace ringsim {

namespace {
constexpr double kZipfExponentMax = 10;
constexpr double kWeightMax = 1e9;
}  // namespace

DataConfig read_data(ObjectReader reader) {
  DataConfig config;
  config.keys = reader.required_integer("keys", 1, kKeysMax);
  config.value_bytes = read_distribution(reader.required_object("value_size"), "bytes", kValueBytesMax);
  reader.finish();
  return config;
}

std::vector<std::uint32_t> generate_key_bytes(const DataConfig& config, std::uint64_t seed) {
  Rng rng(seed, "data.value_bytes");
  std::vector<std::uint32_t> key_bytes(config.keys);
  for (std::uint32_t& bytes : key_bytes) {
    const double value = std::min(config.value_bytes.sample(rng), kValueBytesMax);
    bytes = static_cast<std::uint32_t>(std::llround(std::max(1.0, value)));
  }
  return key_bytes;
}

PointWorkloadConfig read_point_workload(ObjectReader reader) {
  PointWorkloadConfig config;
  config.arrivals = read_arrivals(reader.required_object("arrivals"));
  if (std::optional<ObjectReader> mix = reader.optional_object("mix")) {
    config.get_weight = mix->optional_number("get", NumberRange::at_least(0, kWeightMax), 0);
    config.put_weight = mix->optional_number("put", NumberRange::at_least(0, kWeightMax), 0);
    if (config.get_weight + config.put_weight <= 0) mix->fail("get", "at least one weight must be > 0");
    mix->finish();
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

PointOp PointWorkload::next_op() {
  const double total = config_.get_weight + config_.put_weight;
  return op_rng_.next_unit() * total < config_.get_weight ? PointOp::kGet : PointOp::kPut;
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
