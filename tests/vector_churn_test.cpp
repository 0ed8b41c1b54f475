// Deletion churn on HNSW shards: deletes are tombstones (memory stays, searches walk
// through them and that wasted work is counted), compaction rebuilds without them (less
// memory, no wasted work, the same answers), replace_deleted reuses their slots, and in a
// cluster compaction runs as a DAG when the tombstone ratio reaches its trigger.
#include <catch2/catch.hpp>

#include "index/brute_force.h"
#include "index/shard.h"
#include "models/cluster/cluster_model.h"
#include "models/cluster/shard_store.h"
#include "sim/random.h"
#include "tests/test_support.h"
#include "workloads/vector_data.h"

namespace ringsim {
namespace {

constexpr std::uint32_t kChurnDim = 16;

VectorStore churn_store(std::uint64_t keys) {
  VectorDataConfig config;
  config.dim = kChurnDim;
  config.clusters = 8;
  config.spread = 0.3;
  return VectorStore(config, keys, 11);
}

HnswConfig churn_config(bool replace_deleted = false) {
  HnswConfig config;
  config.dim = kChurnDim;
  config.m = 12;
  config.ef_construction = 64;
  config.replace_deleted = replace_deleted;
  return config;
}

struct SearchTotals {
  std::uint64_t work = 0;
  double recall = 0;
};

SearchTotals search_all(const Shard& shard, const VectorStore& store, const std::vector<std::uint32_t>& live) {
  Rng rng(3);
  std::vector<float> query;
  std::vector<SearchHit> hits;
  std::vector<SearchHit> truth;
  SearchTotals totals;
  for (int i = 0; i < 100; ++i) {
    store.make_query(rng, query);
    totals.work += shard.search(query.data(), 10, 20, hits);
    brute_force_search(VectorMetric::kL2, store.data(), kChurnDim, live, query.data(), 10, truth);
    totals.recall += recall(hits, truth) / 100;
  }
  return totals;
}

TEST_CASE("tombstones keep memory and cost search work, compaction drops both", "[vectors][churn]") {
  const VectorStore store = churn_store(6000);
  Shard shard(churn_config());
  for (std::uint32_t id = 0; id < 6000; ++id) shard.upsert(id, store.vector(id));
  const std::uint64_t full_bytes = shard.memory_bytes();
  std::vector<std::uint32_t> live;
  for (std::uint32_t id = 0; id < 6000; ++id) {
    if (id % 4 != 0) {
      shard.remove(id);  // three in four deleted
    } else {
      live.push_back(id);
    }
  }
  CHECK(shard.live_count() == live.size());
  CHECK(shard.element_count() == 6000);
  CHECK(shard.tombstone_ratio() == Approx(0.75));
  CHECK(shard.memory_bytes() == full_bytes);  // deletes free nothing
  const std::uint64_t visits_before = shard.deleted_visits();
  const SearchTotals tombstoned = search_all(shard, store, live);
  const std::uint64_t wasted = shard.deleted_visits() - visits_before;
  CHECK(wasted > tombstoned.work / 4);  // most of the walk crosses deleted entries

  std::uint64_t rebuild_work = 0;
  const std::unique_ptr<Shard> compacted = shard.compacted(rebuild_work);
  CHECK(rebuild_work > 0);
  CHECK(compacted->live_count() == live.size());
  CHECK(compacted->element_count() == live.size());
  CHECK(compacted->tombstone_ratio() == 0);
  // 2,048 slots instead of 8,192 (hnswlib's fixed table of 65,536 update locks stays).
  CHECK(compacted->memory_bytes() < full_bytes * 3 / 4);
  const SearchTotals clean = search_all(*compacted, store, live);
  CHECK(compacted->deleted_visits() == 0);
  CAPTURE(tombstoned.work, clean.work, tombstoned.recall, clean.recall);
  CHECK(clean.work < tombstoned.work);  // search cost rose with tombstones
  CHECK(clean.recall >= 0.9);
  for (const std::uint32_t id : live) REQUIRE(compacted->contains(id));
}

TEST_CASE("replace_deleted puts new ids into deleted slots", "[vectors][churn]") {
  const VectorStore store = churn_store(3000);
  for (const bool replace : {false, true}) {
    Shard shard(churn_config(replace));
    for (std::uint32_t id = 0; id < 2000; ++id) shard.upsert(id, store.vector(id));
    for (std::uint32_t id = 0; id < 500; ++id) shard.remove(id);
    for (std::uint32_t id = 2000; id < 2500; ++id) shard.upsert(id, store.vector(id));
    CAPTURE(replace);
    CHECK(shard.live_count() == 2000);
    CHECK(shard.element_count() == (replace ? 2000u : 2500u));
    for (std::uint32_t id = 0; id < 500; ++id) REQUIRE(!shard.contains(id));
    // A new id is found at distance zero wherever it went.
    std::vector<SearchHit> hits;
    for (std::uint32_t id = 2000; id < 2500; id += 50) {
      REQUIRE(shard.contains(id));
      shard.search(store.vector(id), 1, 64, hits);
      REQUIRE(!hits.empty());
      CHECK(hits[0].id == id);
    }
  }
}

nlohmann::json churn_json(double compaction_ratio) {
  nlohmann::json index = {{"m", 12}, {"ef_construction", 64}, {"ef_search", 20}, {"k", 10}};
  if (compaction_ratio > 0) index["compaction"] = {{"tombstone_ratio", compaction_ratio}};
  return {
      {"name", "vector-churn-test"},
      {"seed", 6},
      {"duration_s", 10},
      {"window_s", 0.5},
      {"cluster",
       {{"nodes", 3},
        {"node", {{"cores", 4}}},
        {"placement", {{"strategy", "ring"}, {"vnodes_per_node", 32}}},
        {"replication", {{"factor", 1}, {"write_quorum", 1}}},
        {"client", {{"timeout_ms", 200}, {"max_retries", 1}}}}},
      {"data",
       {{"keys", 3000}, {"shards", 3}, {"vectors", {{"dim", kChurnDim}, {"clusters", 8}, {"spread", 0.3}}}}},
      {"index", index},
      {"workload",
       {{"arrivals", {{"type", "poisson"}, {"rate_qps", 600}}},
        {"mix", {{"search", 0.3}, {"delete", 0.6}, {"insert", 0.1}}},
        {"recall_sample_rate", 0.2}}},
  };
}

TEST_CASE("churn in a cluster: tombstones accumulate, compaction runs as a DAG and clears them", "[vectors][churn]") {
  Run plain(testing::scenario_from(churn_json(0)));
  plain.run_to_end();
  const RunSummary without = plain.summary();
  Run compacting(testing::scenario_from(churn_json(0.3)));
  const auto& model = dynamic_cast<const ClusterModel&>(compacting.model());
  const std::uint64_t start_bytes = model.index_memory_bytes();
  compacting.run_to_end();
  model.check_invariants();  // every holder's index still holds its live keys
  const RunSummary with = compacting.summary();
  CAPTURE(without.find("tombstone_ratio_max").value(), with.find("tombstone_ratio_max").value());
  // Without compaction: deletes outnumber inserts, tombstones pile up, memory never falls.
  CHECK(without.find("tombstone_ratio_max").value() > 0.4);
  CHECK(without.find("deleted_visits_per_search").value() > 0);
  CHECK(without.find("index_memory_bytes").value() >= static_cast<double>(start_bytes));
  // With compaction at 0.3: it ran, ratios stay near the trigger, less wasted work and memory.
  CHECK(with.find("compactions").value() >= 3);
  CHECK(with.find("tombstone_ratio_max").value() < 0.4);
  CHECK(with.find("deleted_visits_per_search").value() < without.find("deleted_visits_per_search").value());
  CHECK(with.find("index_memory_bytes").value() < without.find("index_memory_bytes").value());
  CHECK(with.find("recall_at_k").value() > 0.85);
  CHECK(with.find("searches_short_of_k").has_value());
}

}  // namespace
}  // namespace ringsim
