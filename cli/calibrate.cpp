#include "cli/calibrate.h"

#include <chrono>
#include <cstdio>
#include <vector>

#include "index/cost_model.h"
#include "index/shard.h"
#include "sim/random.h"
#include "workloads/vector_data.h"

namespace ringsim {

namespace {
constexpr std::uint32_t kCalibrationSeed = 17;
constexpr std::uint32_t kTopK = 10;
constexpr std::uint32_t kEfSearch = 64;
}  // namespace

int run_calibration(int vectors_per_dim, int searches_per_dim) {
  std::printf("# ringsim calibrate: %d vectors and %d top-%u searches (ef %u) per dimension\n", vectors_per_dim,
              searches_per_dim, kTopK, kEfSearch);
  std::printf("# dim  ns_per_distance  distances_per_search  us_per_search  (current table: ns_per_distance)\n");
  const CostModel current;
  std::vector<DistanceCostRow> measured;
  for (const DistanceCostRow& row : default_distance_costs()) {
    VectorDataConfig data;
    data.dim = row.dim;
    data.clusters = 32;
    data.spread = 0.2;
    const VectorStore store(data, static_cast<std::uint64_t>(vectors_per_dim), kCalibrationSeed);
    HnswConfig config;
    config.dim = row.dim;
    Shard shard(config);
    for (std::uint32_t id = 0; id < store.key_count(); ++id) shard.upsert(id, store.vector(id));
    Rng rng(kCalibrationSeed, "calibrate.queries");
    std::vector<std::vector<float>> queries(static_cast<std::size_t>(searches_per_dim));
    for (std::vector<float>& query : queries) store.make_query(rng, query);
    std::vector<SearchHit> hits;
    // One untimed pass warms caches and the allocator, so the first dimension is not penalised.
    for (const std::vector<float>& query : queries) shard.search(query.data(), kTopK, kEfSearch, hits);
    std::uint64_t distances = 0;
    const auto start = std::chrono::steady_clock::now();
    for (const std::vector<float>& query : queries) distances += shard.search(query.data(), kTopK, kEfSearch, hits);
    const double elapsed_ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
    const double ns_per_distance = elapsed_ns / static_cast<double>(distances);
    measured.push_back({row.dim, ns_per_distance});
    std::printf("%5u  %15.1f  %20.0f  %13.1f  (%.1f)\n", row.dim, ns_per_distance,
                static_cast<double>(distances) / searches_per_dim, elapsed_ns / searches_per_dim / 1000.0,
                current.ns_per_distance(row.dim));
  }
  std::printf("\n// Paste into index/cost_model.cpp, default_distance_costs():\n  static const std::vector<DistanceCostRow> table = {\n     ");
  for (const DistanceCostRow& row : measured) std::printf(" {%u, %.1f},", row.dim, row.ns_per_distance);
  std::printf("\n  };\n");
  return 0;
}

}  // namespace ringsim
