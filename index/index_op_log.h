// A record of every operation the simulation applied to its HNSW indexes, in order, so a
// benchmark can replay exactly the same hnswlib work without the simulator and compare
// wall times. Recording is optional (off unless a log is attached) and changes nothing.
#pragma once

#include <cstdint>
#include <vector>

#include "index/shard.h"

namespace ringsim {

struct IndexOp {
  enum class Kind : std::uint8_t { kCreate, kUpsert, kRemove, kSearch, kDestroyNode, kDestroyShard };
  Kind kind;
  std::uint16_t node;
  std::uint32_t shard;
  std::uint32_t id;      // key id (upsert/remove), query index (search)
  std::uint32_t k;       // search
  std::uint32_t ef;      // search
  std::uint64_t level_seed;  // create
};

struct IndexOpLog {
  HnswConfig config;            // shared by every index (level_seed per create op)
  std::vector<IndexOp> ops;
  std::vector<float> vectors;   // upserted values, dim floats each, in upsert order
  std::vector<float> queries;   // dim floats per search query
};

}  // namespace ringsim
