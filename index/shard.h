// One HNSW index: the vectors of one logical shard held by one node. Wraps
// hnswlib::HierarchicalNSW behind the project's vocabulary (closest-first hits, key ids,
// counted work) and is the only place that includes hnswlib: its headers define
// non-inline functions, so they may appear in exactly one translation unit.
//
// Work is counted, not timed: every distance computation hnswlib performs (during inserts
// and searches) goes through a counting distance function, and the caller turns the count
// into virtual service time with the cost model. The count depends only on the data and
// the insertion order, so virtual time is the same on any machine running this binary.
//
// Deletes are tombstones, as in hnswlib: the entry stays in the graph (searches still walk
// through it, and that work is counted, see deleted_visits()), its memory stays allocated,
// and only a rebuild (compacted()) drops it.
//
// Capacity grows as vectors arrive (doubling), never a fixed guess that overflows.
// Not thread-safe; distinct shards may be used from distinct threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace ringsim {

enum class VectorMetric : std::uint8_t { kL2, kInnerProduct, kCosine };

struct HnswConfig {
  std::uint32_t dim = 64;
  VectorMetric metric = VectorMetric::kL2;
  std::uint32_t m = 16;
  std::uint32_t ef_construction = 100;
  std::uint64_t level_seed = 100;  // hnswlib's level generator seed
  // A new id takes the slot of a deleted entry when there is one (hnswlib >= 0.7's
  // replace_deleted, done here for 0.6.2: relabel the slot, then updatePoint), so deletes
  // followed by inserts do not grow the index.
  bool replace_deleted = false;
};

struct SearchHit {
  std::uint32_t id;
  float distance;
  bool operator==(const SearchHit&) const = default;
};

class Shard {
 public:
  explicit Shard(const HnswConfig& config);
  ~Shard();
  Shard(const Shard&) = delete;
  Shard& operator=(const Shard&) = delete;

  // Inserts or replaces (and undeletes) the vector of `id`. For kCosine the vector is
  // normalised first. Returns the distance computations it took.
  std::uint64_t upsert(std::uint32_t id, const float* vector);
  // Marks `id` deleted (it stops appearing in results). No-op when absent.
  void remove(std::uint32_t id);
  bool contains(std::uint32_t id) const;

  // The k nearest live vectors, closest first (ties by id). ef >= k is used as given.
  // Returns the distance computations it took.
  std::uint64_t search(const float* query, std::uint32_t k, std::uint32_t ef, std::vector<SearchHit>& hits) const;

  std::uint64_t live_count() const;
  // Entries in the graph, deleted ones included.
  std::uint64_t element_count() const;
  // Deleted entries over all entries (0 when empty).
  double tombstone_ratio() const;
  // Distance computations (searches and inserts alike) that landed on a deleted entry,
  // since the index was made: the wasted part of the counted work.
  std::uint64_t deleted_visits() const;
  std::uint64_t capacity() const;
  // A new index of the live entries only, inserted in slot order (compaction); `work` gets
  // the distance computations the rebuild took.
  std::unique_ptr<Shard> compacted(std::uint64_t& work) const;
  // Bytes the index holds (vectors, graph links, label map estimate).
  std::uint64_t memory_bytes() const;
  // A digest of the graph (levels, links, labels): equal digests mean identical indexes.
  std::uint64_t structure_digest() const;

 private:
  // The vector as stored: normalised for cosine (into a scratch buffer), else itself.
  const float* prepared(const float* vector) const;
  // replace_deleted: puts `id` into the oldest deleted slot; nullopt when there is none.
  std::optional<std::uint64_t> replace_deleted_slot(std::uint32_t id, const float* vector);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ringsim
