// HNSW shards against exact brute force: recall is high at high ef and falls with ef
// (so it is really computed), a merged sharded search equals brute force when each shard
// is searched exhaustively, writes are visible, work is counted deterministically.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "index/brute_force.h"
#include "index/cost_model.h"
#include "index/hnsw_layout.h"
#include "index/shard.h"
#include "sim/random.h"
#include "workloads/vector_data.h"

namespace ringsim {
namespace {

constexpr std::uint32_t kDim = 32;

VectorStore make_store(std::uint64_t keys, VectorMetric metric = VectorMetric::kL2) {
  VectorDataConfig config;
  config.dim = kDim;
  config.clusters = 32;
  config.spread = 0.2;
  config.metric = metric;
  return VectorStore(config, keys, 5);
}

std::vector<std::uint32_t> all_ids(std::uint64_t count) {
  std::vector<std::uint32_t> ids(count);
  for (std::uint32_t i = 0; i < count; ++i) ids[i] = i;
  return ids;
}

double mean_recall(const Shard& shard, const VectorStore& store, const std::vector<std::uint32_t>& ids,
                   std::uint32_t ef, int queries) {
  Rng rng(9);
  std::vector<float> query;
  std::vector<SearchHit> found;
  std::vector<SearchHit> truth;
  double sum = 0;
  for (int i = 0; i < queries; ++i) {
    store.make_query(rng, query);
    shard.search(query.data(), 10, ef, found);
    brute_force_search(store.metric(), store.data(), kDim, ids, query.data(), 10, truth);
    sum += recall(found, truth);
  }
  return sum / queries;
}

TEST_CASE("a full shard's recall is high at high ef and falls when ef falls", "[index]") {
  for (const VectorMetric metric : {VectorMetric::kL2, VectorMetric::kCosine}) {
    const VectorStore store = make_store(20'000, metric);
    HnswConfig config;
    config.dim = kDim;
    config.metric = metric;
    config.m = 16;
    config.ef_construction = 100;
    Shard shard(config);
    for (std::uint32_t id = 0; id < store.key_count(); ++id) shard.upsert(id, store.vector(id));
    CHECK(shard.live_count() == store.key_count());
    CHECK(shard.capacity() >= store.key_count());  // Grew from its initial 1024 slots.
    const std::vector<std::uint32_t> ids = all_ids(store.key_count());
    const double high = mean_recall(shard, store, ids, 256, 100);
    const double low = mean_recall(shard, store, ids, 10, 100);
    CAPTURE(static_cast<int>(metric), high, low);
    CHECK(high >= 0.99);
    CHECK(low < high - 0.02);
  }
}

TEST_CASE("searching every shard exhaustively and merging equals brute force", "[index]") {
  const VectorStore store = make_store(2'000);
  constexpr int kShards = 5;
  HnswConfig config;
  config.dim = kDim;
  std::vector<std::unique_ptr<Shard>> shards;
  for (int i = 0; i < kShards; ++i) shards.push_back(std::make_unique<Shard>(config));
  for (std::uint32_t id = 0; id < store.key_count(); ++id) shards[id % kShards]->upsert(id, store.vector(id));
  Rng rng(3);
  std::vector<float> query;
  std::vector<SearchHit> part;
  std::vector<SearchHit> merged;
  std::vector<SearchHit> truth;
  for (int q = 0; q < 50; ++q) {
    store.make_query(rng, query);
    merged.clear();
    for (const auto& shard : shards) {
      shard->search(query.data(), 10, 2'000, part);  // ef >= shard size: exhaustive
      merged.insert(merged.end(), part.begin(), part.end());
    }
    std::sort(merged.begin(), merged.end(), [](const SearchHit& a, const SearchHit& b) {
      return a.distance < b.distance || (a.distance == b.distance && a.id < b.id);
    });
    merged.resize(10);
    brute_force_search(VectorMetric::kL2, store.data(), kDim, all_ids(store.key_count()), query.data(), 10, truth);
    for (std::size_t i = 0; i < truth.size(); ++i) {
      REQUIRE(merged[i].id == truth[i].id);
      REQUIRE(merged[i].distance == Approx(truth[i].distance).epsilon(1e-4));
    }
  }
}

TEST_CASE("upserts and deletes are visible to the next search", "[index]") {
  const VectorStore store = make_store(500);
  HnswConfig config;
  config.dim = kDim;
  Shard shard(config);
  for (std::uint32_t id = 0; id < store.key_count(); ++id) shard.upsert(id, store.vector(id));
  std::vector<SearchHit> hits;
  // Move vector 7 onto a far-away point and query there: it must be the nearest.
  std::vector<float> far(kDim, 50.0f);
  shard.upsert(7, far.data());
  shard.search(far.data(), 1, 64, hits);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].id == 7);
  CHECK(hits[0].distance == Approx(0.0f).margin(1e-6));
  shard.remove(7);
  CHECK_FALSE(shard.contains(7));
  shard.search(far.data(), 5, 64, hits);
  for (const SearchHit& hit : hits) CHECK(hit.id != 7);
  shard.upsert(7, far.data());  // Undeletes.
  CHECK(shard.contains(7));
  shard.search(far.data(), 1, 64, hits);
  CHECK(hits[0].id == 7);
  CHECK(shard.live_count() == store.key_count());
}

TEST_CASE("counted work and graphs are deterministic and independent of other shards", "[index]") {
  const VectorStore store = make_store(3'000);
  HnswConfig config;
  config.dim = kDim;
  const auto build = [&](std::uint64_t& work) {
    auto shard = std::make_unique<Shard>(config);
    work = 0;
    for (std::uint32_t id = 0; id < store.key_count(); ++id) work += shard->upsert(id, store.vector(id));
    return shard;
  };
  std::uint64_t work_a = 0;
  std::uint64_t work_b = 0;
  const auto a = build(work_a);
  const auto b = build(work_b);
  CHECK(work_a > store.key_count());
  CHECK(work_a == work_b);
  CHECK(a->structure_digest() == b->structure_digest());
  std::vector<float> query(store.vector(11), store.vector(11) + kDim);
  std::vector<SearchHit> hits_a;
  std::vector<SearchHit> hits_b;
  CHECK(a->search(query.data(), 10, 50, hits_a) == b->search(query.data(), 10, 50, hits_b));
  CHECK(hits_a == hits_b);
  // A different insertion order gives a different graph: the digest really sees structure.
  Shard reversed(config);
  for (std::uint32_t id = static_cast<std::uint32_t>(store.key_count()); id-- > 0;) reversed.upsert(id, store.vector(id));
  CHECK(reversed.structure_digest() != a->structure_digest());
}

TEST_CASE("the cost model interpolates its calibration table", "[index]") {
  CostModel model;
  model.distance_costs = {{32, 10.0}, {64, 20.0}};
  CHECK(model.ns_per_distance(16) == 10.0);
  CHECK(model.ns_per_distance(48) == Approx(15.0));
  CHECK(model.ns_per_distance(128) == Approx(40.0));
  CHECK(model.search_ns(1000, 64) == model.search_overhead_ns + 20'000);
}


// The layout the estimate and the snapshot transfer use (index/hnsw_layout.h) is the one the
// live index has: after the fixed parts, what a built shard reports is whole upper-level
// lists, about 1/(M-1) per element.
TEST_CASE("hnswlib's layout arithmetic matches a built shard", "[index]") {
  const VectorStore store = make_store(3'000);
  HnswConfig config;
  config.dim = kDim;
  config.m = 12;
  Shard shard(config);
  for (std::uint32_t id = 0; id < store.key_count(); ++id) shard.upsert(id, store.vector(id));
  const double elements = static_cast<double>(store.key_count());
  const double slots = static_cast<double>(shard.capacity());
  CHECK(slots == 4096);  // 1024 doubled twice
  const double fixed = slots * (hnsw_layout::level0_record_bytes(kDim, 12) + hnsw_layout::kSlotOverheadBytes) +
                       hnsw_layout::kFixedBytes + elements * hnsw_layout::kLabelMapBytesPerEntry;
  const double upper = static_cast<double>(shard.memory_bytes()) - fixed;
  REQUIRE(upper > 0);
  CHECK(std::fmod(upper, hnsw_layout::upper_list_bytes(12)) == 0);
  CHECK(upper == Approx(hnsw_layout::expected_upper_bytes(elements, 12)).epsilon(0.15));
  CHECK(hnsw_layout::level0_record_bytes(kDim, 12) == 32 * 4 + 2 * 12 * 4 + 4 + 8);
}

}  // namespace
}  // namespace ringsim
