#include "models/cluster/shard_store.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "sim/assert.h"
#include "sim/config_error.h"

namespace ringsim {

namespace {
const std::string& scenario_file_of_truth(const VectorDataConfig& data) {
  return data.hdf5_path.empty() ? data.ground_truth_path : data.hdf5_path;
}
}  // namespace

ShardStore::ShardStore(ClusterCore& core, const ClusterScenario& scenario) : core_(core) {
  node_shards_.resize(kNodesMax);
  if (!scenario.data.vectors) return;
  store_ = std::make_unique<VectorStore>(core.vectors->data, scenario.data.keys, core.seed);
  if (store_->ground_truth_k() > 0 && store_->ground_truth_k() < core.vectors->k) {
    throw ConfigError(scenario_file_of_truth(core.vectors->data), "",
                      "has " + std::to_string(store_->ground_truth_k()) + " neighbour ids per query; index.k is " +
                          std::to_string(core.vectors->k));
  }
  if (core.vectors->compaction_tombstone_ratio > 0) {
    CompactionConfig compaction;
    compaction.tombstone_ratio = core.vectors->compaction_tombstone_ratio;
    compaction_ = std::make_unique<CompactionDriver>(core, compaction);
  }
  keys_of_shard_.resize(core.vectors->shards);
  for (KeyId key = 0; key < core.replicas.key_count(); ++key) keys_of_shard_[core.replicas.unit_of(key)].push_back(key);
}

void ShardStore::set_index_op_log(IndexOpLog* log) {
  index_op_log_ = log;
  if (log != nullptr && core_.vectors) log->config = core_.vectors->hnsw;
}

void ShardStore::log_index_op(IndexOp op, const float* vector) {
  if (index_op_log_ == nullptr) return;
  if (vector != nullptr) {
    std::vector<float>& into = op.kind == IndexOp::Kind::kSearch ? index_op_log_->queries : index_op_log_->vectors;
    op.id = op.kind == IndexOp::Kind::kSearch ? static_cast<std::uint32_t>(into.size() / store_->dim()) : op.id;
    into.insert(into.end(), vector, vector + store_->dim());
  }
  index_op_log_->ops.push_back(op);
}

const Shard* ShardStore::shard_index(NodeId node, std::uint32_t shard) const {
  if (!core_.vectors || node >= node_shards_.size() || node_shards_[node].empty()) return nullptr;
  return node_shards_[node][shard].get();
}

Shard& ShardStore::mutable_shard_index(NodeId node, std::uint32_t shard) {
  std::vector<std::unique_ptr<Shard>>& shards = node_shards_[node];
  if (shards.empty()) shards.resize(core_.vectors->shards);
  if (!shards[shard]) {
    HnswConfig config = core_.vectors->hnsw;
    // Every replica of a shard uses the same level seed: replicas built in the same order
    // are identical graphs.
    config.level_seed = derive_stream_seed(core_.seed, "hnsw.levels") + shard;
    shards[shard] = std::make_unique<Shard>(config);
    log_index_op({IndexOp::Kind::kCreate, node, shard, 0, 0, 0, config.level_seed}, nullptr);
  }
  return *shards[shard];
}

std::uint64_t ShardStore::index_memory_bytes() const {
  std::uint64_t bytes = 0;
  for (NodeId node = 0; node < node_shards_.size(); ++node) bytes += node_index_memory_bytes(node);
  return bytes;
}

std::uint64_t ShardStore::node_index_memory_bytes(NodeId node) const {
  std::uint64_t bytes = compaction_ ? compaction_->pending_memory_bytes(node) : 0;
  for (const auto& shard : node_shards_[node]) bytes += shard ? shard->memory_bytes() : 0;
  return bytes;
}

double ShardStore::tombstone_ratio_max() const {
  double ratio = 0;
  for (const auto& shards : node_shards_) {
    for (const auto& shard : shards) ratio = shard ? std::max(ratio, shard->tombstone_ratio()) : ratio;
  }
  return ratio;
}

double ShardStore::vectors_per_shard_replica() const {
  double replicas = 0;
  double vectors = 0;
  for (const auto& shards : node_shards_) {
    for (const auto& shard : shards) {
      if (!shard) continue;
      replicas += 1;
      vectors += static_cast<double>(shard->live_count());
    }
  }
  return replicas > 0 ? vectors / replicas : 0.0;
}

void ShardStore::assign_targets() {
  ReplicaMap& replicas = core_.replicas;
  const std::uint32_t factor = core_.config.replication.factor;
  if (!core_.vectors) {
    core_.placement->assign(replicas.key_count(), factor, replicas.mutable_targets());
    return;
  }
  // The placement places shards; every key of a shard gets the shard's replicas.
  core_.placement->assign(core_.vectors->shards, factor, shard_targets_);
  std::vector<ReplicaList>& targets = replicas.mutable_targets();
  for (KeyId key = 0; key < replicas.key_count(); ++key) targets[key] = shard_targets_[replicas.unit_of(key)];
}

void ShardStore::build_initial_indexes(std::uint32_t threads) {
  const ReplicaMap& replicas = core_.replicas;
  // One task per (node, shard) replica; each is built by one thread in key order.
  std::vector<std::pair<NodeId, std::uint32_t>> tasks;
  const std::vector<std::vector<KeyId>>& keys_of_shard = keys_of_shard_;
  for (const Node& node : core_.nodes) {
    for (std::uint32_t shard = 0; shard < core_.vectors->shards; ++shard) {
      if (replicas.unit_keys_on(shard, node.id) == 0) continue;
      mutable_shard_index(node.id, shard);  // Created here, single-threaded.
      tasks.emplace_back(node.id, shard);
    }
  }
  if (index_op_log_ != nullptr) {
    for (const auto& [node, shard] : tasks) {
      for (const KeyId key : keys_of_shard[shard]) {
        if (replicas.holders(key).contains(node) && !store_->deleted(key)) {
          log_index_op({IndexOp::Kind::kUpsert, node, shard, key, 0, 0, 0}, store_->vector(key));
        }
      }
    }
  }
  std::atomic<std::size_t> next_task{0};
  const auto worker = [&] {
    for (std::size_t task = next_task++; task < tasks.size(); task = next_task++) {
      const auto [node, shard] = tasks[task];
      Shard& index = *node_shards_[node][shard];
      for (const KeyId key : keys_of_shard[shard]) {
        if (replicas.holders(key).contains(node) && !store_->deleted(key)) index.upsert(key, store_->vector(key));
      }
    }
  };
  const std::uint32_t thread_count =
      std::max<std::uint32_t>(1, std::min<std::uint32_t>(threads, static_cast<std::uint32_t>(tasks.size())));
  std::vector<std::thread> pool;
  for (std::uint32_t i = 1; i < thread_count; ++i) pool.emplace_back(worker);
  worker();
  for (std::thread& thread : pool) thread.join();
}

void ShardStore::drop_copy(KeyId key, NodeId node) {
  core_.replicas.remove_holder(key, node);
  if (!core_.vectors) return;
  const std::uint32_t shard = core_.replicas.unit_of(key);
  if (Shard* index = node_shards_[node].empty() ? nullptr : node_shards_[node][shard].get()) {
    index->remove(key);
    log_index_op({IndexOp::Kind::kRemove, node, shard, key, 0, 0, 0}, nullptr);
    release_if_unheld(node, shard);
  }
}

void ShardStore::release_if_unheld(NodeId node, std::uint32_t shard) {
  const ReplicaMap& replicas = core_.replicas;
  if (replicas.unit_keys_on(shard, node) > 0) return;
  for (const KeyId key : keys_of_shard_[shard]) {
    if (replicas.incoming(key).contains(node)) return;  // A transfer is filling it.
  }
  node_shards_[node][shard].reset();
  if (compaction_) compaction_->forget(node, shard);
  log_index_op({IndexOp::Kind::kDestroyShard, node, shard, 0, 0, 0, 0}, nullptr);
}

TimeNs ShardStore::apply_write_on_node(NodeId node, PointOp op, KeyId key) {
  const std::uint32_t shard = core_.replicas.unit_of(key);
  Shard& index = mutable_shard_index(node, shard);
  const VectorIndexConfig& vectors = *core_.vectors;
  TimeNs cost_ns = vectors.cost.insert_overhead_ns;
  if (op == PointOp::kDelete || store_->deleted(key)) {
    index.remove(key);
    log_index_op({IndexOp::Kind::kRemove, node, shard, key, 0, 0, 0}, nullptr);
  } else {
    log_index_op({IndexOp::Kind::kUpsert, node, shard, key, 0, 0, 0}, store_->vector(key));
    cost_ns = vectors.cost.insert_ns(index.upsert(key, store_->vector(key)), vectors.data.dim);
  }
  if (compaction_) {
    compaction_->note_write(node, shard, key);
    compaction_->consider(*core_.simulator, node, shard, index);
  }
  // A write that reached a node after its shard left (or before a transfer started) does
  // the work but leaves no index behind.
  release_if_unheld(node, shard);
  return cost_ns;
}

std::uint64_t ShardStore::search(NodeId node, std::uint32_t shard, const float* query, std::vector<SearchHit>& hits,
                                 std::uint64_t& deleted_visits) {
  const Shard* index = shard_index(node, shard);
  RINGSIM_ASSERT(index != nullptr);
  const VectorIndexConfig& vectors = *core_.vectors;
  log_index_op({IndexOp::Kind::kSearch, node, shard, 0, vectors.k, vectors.ef_search, 0}, query);
  const std::uint64_t deleted_before = index->deleted_visits();
  const std::uint64_t work = index->search(query, vectors.k, vectors.ef_search, hits);
  deleted_visits = index->deleted_visits() - deleted_before;
  return work;
}

TimeNs ShardStore::index_chunk(const Transfer& transfer, std::size_t first, std::size_t end) {
  RINGSIM_ASSERT(core_.vectors);
  const VectorIndexConfig& vectors = *core_.vectors;
  // The target inserts the chunk's vectors into its indexes now (real hnswlib work); the
  // counted work is what the apply job costs on its core.
  std::uint64_t work = 0;
  std::uint64_t inserted = 0;
  for (std::size_t i = first; i < end; ++i) {
    const KeyId key = transfer.keys[i];
    if (core_.replicas.lost(key) || store_->deleted(key)) continue;
    const std::uint32_t shard = core_.replicas.unit_of(key);
    Shard& index = mutable_shard_index(transfer.target, shard);
    if (compaction_) compaction_->note_write(transfer.target, shard, key);
    log_index_op({IndexOp::Kind::kUpsert, transfer.target, shard, key, 0, 0, 0}, store_->vector(key));
    work += index.upsert(key, store_->vector(key));
    inserted += 1;
  }
  if (core_.config.migration.copy_index) {
    // shard_transfer "snapshot": the target loads the built graph it received (the real
    // index is still built here, so searches run on one); only the load costs core time.
    double bytes = 0;
    for (std::size_t i = first; i < end; ++i) bytes += core_.replicas.key_bytes(transfer.keys[i]);
    return static_cast<TimeNs>(bytes * core_.config.migration.snapshot_ns_per_byte + 0.5);
  }
  return static_cast<TimeNs>(inserted) * vectors.cost.insert_overhead_ns + vectors.cost.insert_ns(work, vectors.data.dim) -
         vectors.cost.insert_overhead_ns;
}

void ShardStore::install_compacted(NodeId node, std::uint32_t shard, std::unique_ptr<Shard> fresh) {
  RINGSIM_ASSERT(!node_shards_[node].empty() && node_shards_[node][shard]);
  node_shards_[node][shard] = std::move(fresh);
  // The benchmark's replay does not rebuild: it keeps the old index (same results, more memory).
}

void ShardStore::drop_node(NodeId node) {
  if (compaction_) compaction_->forget_node(node);
  node_shards_[node].clear();
  log_index_op({IndexOp::Kind::kDestroyNode, node, 0, 0, 0, 0, 0}, nullptr);
}

}  // namespace ringsim
