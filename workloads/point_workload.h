// The client side of the point-operation workload: which operation comes next (get or put,
// by weight), on which key (uniform or Zipf popularity, plus temporary hot keys), and how
// large each key's value is.
//
// Key ids are dense (0..keys-1); a key's position on the ring is key_hash(id), so the
// most popular Zipf ranks land on arbitrary nodes, as real hot keys do.
#pragma once

#include <cstdint>
#include <vector>

#include "cluster/replica_map.h"
#include "sim/distribution.h"
#include "sim/json_reader.h"
#include "sim/random.h"
#include "workloads/arrivals.h"

namespace ringsim {

struct DataConfig {
  std::uint64_t keys = 0;
  Distribution value_bytes = Distribution::constant(0);
};

inline constexpr double kValueBytesMax = 64.0 * 1024 * 1024;

DataConfig read_data(ObjectReader reader);
// Draws every key's size from the config's distribution (stream "data.value_bytes").
std::vector<std::uint32_t> generate_key_bytes(const DataConfig& config, std::uint64_t seed);

enum class PointOp : std::uint8_t { kGet = 0, kPut = 1 };

struct PointWorkloadConfig {
  ArrivalConfig arrivals;
  double get_weight = 1.0;
  double put_weight = 0.0;
  bool zipf = false;
  double zipf_exponent = 0.0;
};

PointWorkloadConfig read_point_workload(ObjectReader reader);

class PointWorkload {
 public:
  PointWorkload(const PointWorkloadConfig& config, std::uint64_t key_count, std::uint64_t seed);

  PointOp next_op();
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
