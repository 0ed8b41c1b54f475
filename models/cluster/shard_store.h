// Where keys live and the vector indexes that hold them. Key ownership: assign_targets()
// asks the placement for each key's replicas (vector mode: the placement places logical
// shards, and every key of a shard gets the shard's replicas). In vector mode every node
// keeps one HNSW index (index/shard.h) per shard replica it holds; this part applies
// client writes and migrated chunks to them, runs shard searches on them and drops copies
// from them. Cost of the work is returned in ns for the node's cores to spend. A node frees
// its index of a shard once it holds no key of the shard and none is being copied to it
// (a database drops a shard it handed off; its memory returns to the node).
//
// Events owned: none. State owned: the per-node indexes, the vector store (the truth
// searches are judged against), the shards' replica lists, the index operation log.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "cluster/migration.h"
#include "index/index_op_log.h"
#include "index/shard.h"
#include "models/cluster/cluster_core.h"
#include "models/cluster/compaction_driver.h"
#include "workloads/vector_data.h"

namespace ringsim {

class ShardStore {
 public:
  ShardStore(ClusterCore& core, const ClusterScenario& scenario);

  // Every key's target replicas from the placement's current members.
  void assign_targets();
  // Builds the initial indexes from the replica map's holders; each index by one thread in
  // key order, so results are identical at any thread count.
  void build_initial_indexes(std::uint32_t threads);

  // The node's index of `shard`, or nullptr (vector mode).
  const Shard* shard_index(NodeId node, std::uint32_t shard) const;
  const ReplicaList& shard_targets(std::uint32_t shard) const { return shard_targets_[shard]; }
  VectorStore& store() { return *store_; }
  const VectorStore* store_if_any() const { return store_.get(); }

  // Removes the node's copy of the key, from its index too; frees the index when the node
  // no longer holds or receives any key of the shard.
  void drop_copy(KeyId key, NodeId node);
  // A client upsert or delete applied to the node's index; its cost in ns.
  TimeNs apply_write_on_node(NodeId node, PointOp op, KeyId key);
  // Searches the node's index of `shard` (which must exist); the counted distance work, of
  // which `deleted_visits` landed on deleted entries (tombstones).
  std::uint64_t search(NodeId node, std::uint32_t shard, const float* query, std::vector<SearchHit>& hits,
                       std::uint64_t& deleted_visits);
  // Inserts keys [first, end) of the transfer into the target's indexes; their cost in ns.
  TimeNs index_chunk(const Transfer& transfer, std::size_t first, std::size_t end);
  // The node's process ended: its indexes are gone.
  void drop_node(NodeId node);

  std::uint64_t index_memory_bytes() const;
  std::uint64_t node_index_memory_bytes(NodeId node) const;
  // The largest share of deleted entries in any shard index (0 without indexes).
  double tombstone_ratio_max() const;
  // Mean live vectors per shard replica (0 without replicas).
  double vectors_per_shard_replica() const;
  // A compaction's fresh index replaces the node's index of `shard`.
  void install_compacted(NodeId node, std::uint32_t shard, std::unique_ptr<Shard> fresh);
  const CompactionDriver* compaction() const { return compaction_.get(); }
  // Records every index operation into `log` from now on (benchmarks replay it bare).
  void set_index_op_log(IndexOpLog* log);

 private:
  Shard& mutable_shard_index(NodeId node, std::uint32_t shard);
  void log_index_op(IndexOp op, const float* vector);
  // Frees the node's index of `shard` when it holds no key of it and none is incoming.
  void release_if_unheld(NodeId node, std::uint32_t shard);

  ClusterCore& core_;
  IndexOpLog* index_op_log_ = nullptr;
  std::vector<ReplicaList> shard_targets_;
  std::vector<std::vector<KeyId>> keys_of_shard_;  // vector mode: every key of each shard
  std::unique_ptr<VectorStore> store_;
  std::vector<std::vector<std::unique_ptr<Shard>>> node_shards_;  // [node][shard]
  std::unique_ptr<CompactionDriver> compaction_;  // with index.compaction only
};

}  // namespace ringsim
