// ClusterModel: vectors. Per-node HNSW indexes per shard, the scatter-gather search path,
// index maintenance on writes and migration, and recall sampling against brute force.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include "index/brute_force.h"
#include "sim/assert.h"
#include "models/cluster/cluster_model.h"
#include "models/cluster/cluster_requests.h"

namespace ringsim {

namespace {
constexpr int kAddressNodeBits = 16;
constexpr std::uint64_t kReplyOk = 0;
constexpr std::uint64_t kReplyMoved = 1;
constexpr double kBytesPerHit = 8;  // id + distance

std::uint64_t address(NodeId node, std::uint32_t incarnation) {
  return std::uint64_t{node} | (std::uint64_t{incarnation} << kAddressNodeBits);
}
NodeId node_of(std::uint64_t address) { return static_cast<NodeId>(address & 0xffff); }
std::uint32_t incarnation_of(std::uint64_t address) { return static_cast<std::uint32_t>(address >> kAddressNodeBits); }

bool closer(const SearchHit& a, const SearchHit& b) {
  return a.distance < b.distance || (a.distance == b.distance && a.id < b.id);
}
}  // namespace

void ClusterModel::set_index_op_log(IndexOpLog* log) {
  index_op_log_ = log;
  if (log != nullptr && vectors_) log->config = vectors_->hnsw;
}

void ClusterModel::log_index_op(IndexOp op, const float* vector) {
  if (index_op_log_ == nullptr) return;
  if (vector != nullptr) {
    std::vector<float>& into = op.kind == IndexOp::Kind::kSearch ? index_op_log_->queries : index_op_log_->vectors;
    op.id = op.kind == IndexOp::Kind::kSearch ? static_cast<std::uint32_t>(into.size() / store_->dim()) : op.id;
    into.insert(into.end(), vector, vector + store_->dim());
  }
  index_op_log_->ops.push_back(op);
}

const Shard* ClusterModel::shard_index(NodeId node, std::uint32_t shard) const {
  if (!vectors_ || node >= node_shards_.size() || node_shards_[node].empty()) return nullptr;
  return node_shards_[node][shard].get();
}

Shard& ClusterModel::mutable_shard_index(NodeId node, std::uint32_t shard) {
  std::vector<std::unique_ptr<Shard>>& shards = node_shards_[node];
  if (shards.empty()) shards.resize(vectors_->shards);
  if (!shards[shard]) {
    HnswConfig config = vectors_->hnsw;
    // Every replica of a shard uses the same level seed: replicas built in the same order
    // are identical graphs.
    config.level_seed = derive_stream_seed(seed_, "hnsw.levels") + shard;
    shards[shard] = std::make_unique<Shard>(config);
    log_index_op({IndexOp::Kind::kCreate, node, shard, 0, 0, 0, config.level_seed}, nullptr);
  }
  return *shards[shard];
}

std::uint64_t ClusterModel::index_memory_bytes() const {
  std::uint64_t bytes = 0;
  for (const auto& shards : node_shards_) {
    for (const auto& shard : shards) bytes += shard ? shard->memory_bytes() : 0;
  }
  return bytes;
}

void ClusterModel::assign_targets() {
  if (!vectors_) {
    placement_->assign(replicas_.key_count(), config_.replication.factor, replicas_.mutable_targets());
    return;
  }
  // The placement places shards; every key of a shard gets the shard's replicas.
  placement_->assign(vectors_->shards, config_.replication.factor, shard_targets_);
  std::vector<ReplicaList>& targets = replicas_.mutable_targets();
  for (KeyId key = 0; key < replicas_.key_count(); ++key) targets[key] = shard_targets_[replicas_.unit_of(key)];
}

void ClusterModel::build_initial_indexes(std::uint32_t threads) {
  // One task per (node, shard) replica; each is built by one thread in key order.
  std::vector<std::pair<NodeId, std::uint32_t>> tasks;
  std::vector<std::vector<KeyId>> keys_of_shard(vectors_->shards);
  for (KeyId key = 0; key < replicas_.key_count(); ++key) keys_of_shard[replicas_.unit_of(key)].push_back(key);
  for (const Node& node : nodes_) {
    for (std::uint32_t shard = 0; shard < vectors_->shards; ++shard) {
      if (replicas_.unit_keys_on(shard, node.id) == 0) continue;
      mutable_shard_index(node.id, shard);  // Created here, single-threaded.
      tasks.emplace_back(node.id, shard);
    }
  }
  std::atomic<std::size_t> next_task{0};
  if (index_op_log_ != nullptr) {
    for (const auto& [node, shard] : tasks) {
      for (const KeyId key : keys_of_shard[shard]) {
        if (replicas_.holders(key).contains(node)) {
          log_index_op({IndexOp::Kind::kUpsert, node, shard, key, 0, 0, 0}, store_->vector(key));
        }
      }
    }
  }
  const auto worker = [&] {
    for (std::size_t task = next_task++; task < tasks.size(); task = next_task++) {
      const auto [node, shard] = tasks[task];
      Shard& index = *node_shards_[node][shard];
      for (const KeyId key : keys_of_shard[shard]) {
        if (replicas_.holders(key).contains(node)) index.upsert(key, store_->vector(key));
      }
    }
  };
  const std::uint32_t thread_count = std::max<std::uint32_t>(1, std::min<std::uint32_t>(threads, static_cast<std::uint32_t>(tasks.size())));
  std::vector<std::thread> pool;
  for (std::uint32_t i = 1; i < thread_count; ++i) pool.emplace_back(worker);
  worker();
  for (std::thread& thread : pool) thread.join();
}

void ClusterModel::drop_copy(KeyId key, NodeId node) {
  replicas_.remove_holder(key, node);
  if (!vectors_) return;
  if (Shard* index = node_shards_[node].empty() ? nullptr : node_shards_[node][replicas_.unit_of(key)].get()) {
    index->remove(key);
    log_index_op({IndexOp::Kind::kRemove, node, replicas_.unit_of(key), key, 0, 0, 0}, nullptr);
  }
}

TimeNs ClusterModel::apply_write_on_node(NodeId node, PointOp op, KeyId key) {
  Shard& index = mutable_shard_index(node, replicas_.unit_of(key));
  if (op == PointOp::kDelete || store_->deleted(key)) {
    index.remove(key);
    log_index_op({IndexOp::Kind::kRemove, node, replicas_.unit_of(key), key, 0, 0, 0}, nullptr);
    return vectors_->cost.insert_overhead_ns;
  }
  log_index_op({IndexOp::Kind::kUpsert, node, replicas_.unit_of(key), key, 0, 0, 0}, store_->vector(key));
  return vectors_->cost.insert_ns(index.upsert(key, store_->vector(key)), vectors_->data.dim);
}

TimeNs ClusterModel::run_shard_search(NodeId node, std::uint64_t shard_token) {
  const std::uint32_t slot = Requests::slot_of(shard_token);
  Request* request = requests_->find(ShardToken::request_bits(shard_token));
  const Shard* index = shard_index(node, ShardToken::shard_of(shard_token));
  if (request == nullptr || index == nullptr || request->query.empty()) return vectors_->cost.search_overhead_ns;
  std::vector<SearchHit>& hits = shard_results_[{slot, shard_token, node}];
  log_index_op({IndexOp::Kind::kSearch, node, ShardToken::shard_of(shard_token), 0, vectors_->k, vectors_->ef_search, 0},
               request->query.data());
  const std::uint64_t work = index->search(request->query.data(), vectors_->k, vectors_->ef_search, hits);
  request->distance_computations += work;
  // The optional extra time of this shard search (its own stream, so other draws are unchanged).
  const TimeNs extra_ns =
      vectors_->search_extra_ns ? static_cast<TimeNs>(std::llround(vectors_->search_extra_ns->sample(search_extra_rng_))) : 0;
  return vectors_->cost.search_ns(work, vectors_->data.dim) + extra_ns;
}

TimeNs ClusterModel::index_chunk(const Transfer& transfer, std::size_t first, std::size_t end) {
  RINGSIM_ASSERT(vectors_);
  // The target inserts the chunk's vectors into its indexes now (real hnswlib work); the
  // counted work is what the apply job costs on its core.
  std::uint64_t work = 0;
  std::uint64_t vectors = 0;
  for (std::size_t i = first; i < end; ++i) {
    const KeyId key = transfer.keys[i];
    if (replicas_.lost(key) || store_->deleted(key)) continue;
    Shard& index = mutable_shard_index(transfer.target, replicas_.unit_of(key));
    log_index_op({IndexOp::Kind::kUpsert, transfer.target, replicas_.unit_of(key), key, 0, 0, 0}, store_->vector(key));
    work += index.upsert(key, store_->vector(key));
    vectors += 1;
  }
  return static_cast<TimeNs>(vectors) * vectors_->cost.insert_overhead_ns +
         vectors_->cost.insert_ns(work, vectors_->data.dim) - vectors_->cost.insert_overhead_ns;
}

NodeId ClusterModel::choose_shard_replica(std::uint32_t shard, const NodeSet& exclude) {
  NodeId candidates[kNodesMax];
  int count = 0;
  // Placement order first (the primary is first), then complete old owners.
  const ReplicaList* target = &shard_targets_[shard];
  const auto usable = [&](NodeId node) {
    return believed_up_.contains(node) && !exclude.contains(node) && replicas_.unit_complete_on(shard, node);
  };
  if (target != nullptr) {
    for (const NodeId node : *target) {
      if (usable(node)) candidates[count++] = node;
    }
  }
  believed_up_.for_each([&](NodeId node) {
    if (usable(node) && (target == nullptr || !target->contains(node))) candidates[count++] = node;
  });
  if (count == 0) return kOutsideNode;
  return pick_by_read_policy(candidates, count);
}

void ClusterModel::start_search(Simulator& simulator, std::uint32_t slot) {
  Request& request = requests_->at(slot);
  forget_search_state(slot);
  // The client picks a coordinator among the nodes it believes up (not one it tried).
  NodeId candidates[kNodesMax];
  int count = 0;
  int untried = 0;
  believed_up_.for_each([&](NodeId node) {
    if (nodes_[node].running() && nodes_[node].holds_data) candidates[count++] = node;
  });
  for (int i = 0; i < count; ++i) {
    if (!request.tried.contains(candidates[i])) candidates[untried++] = candidates[i];
  }
  if (untried > 0) count = untried;
  if (count == 0) {
    metrics_.add(unavailable_requests_);
    fail_request(slot);
    return;
  }
  const NodeId coordinator = candidates[routing_rng_.next_below(static_cast<std::uint64_t>(count))];
  request.tried.insert(coordinator);
  request.coordinator = coordinator;
  request.coordinator_incarnation = nodes_[coordinator].incarnation;
  const std::uint64_t token = requests_->token(slot);
  const double bytes = config_.network.request_overhead_bytes + static_cast<double>(store_->value_bytes());
  if (const std::optional<TimeNs> arrival_ns = network_.send(kOutsideNode, coordinator, bytes, simulator.now_ns())) {
    simulator.schedule_at(*arrival_ns, handler_id_, kSearchAtCoordinator, token,
                          address(coordinator, request.coordinator_incarnation));
  }
  // A search may need a shard retry or two inside the cluster before it answers.
  const TimeNs timeout_ns = config_.client.timeout_ns * (config_.client.max_retries + 2);
  simulator.schedule_after(timeout_ns, handler_id_, kClientTimeout, token);
}

void ClusterModel::on_search_at_coordinator(Simulator& simulator, std::uint64_t token, std::uint64_t addr) {
  const Node& coordinator = nodes_[node_of(addr)];
  if (coordinator.incarnation != incarnation_of(addr) || !coordinator.running()) return;
  Request* request = requests_->find(token);
  if (request == nullptr || Requests::attempt_of(token) != request->attempt) return;
  request->calls.assign(vectors_->shards, Request::ShardCall{});
  request->merged.clear();
  request->shards_pending = vectors_->shards;
  request->shards_answered = 0;
  const std::uint32_t slot = Requests::slot_of(token);
  for (std::uint32_t shard = 0; shard < vectors_->shards; ++shard) send_shard_call(simulator, slot, shard, false);
}

void ClusterModel::send_shard_call(Simulator& simulator, std::uint32_t slot, std::uint32_t shard, bool hedge) {
  Request& request = requests_->at(slot);
  Request::ShardCall& call = request.calls[shard];
  if (call.attempt >= ShardToken::kAttemptsMax - 1) {
    if (!hedge) finish_shard(simulator, slot, shard);  // Out of attempt numbers: partial.
    return;
  }
  const NodeId replica = choose_shard_replica(shard, call.tried);
  if (replica == kOutsideNode) {
    if (!hedge) finish_shard(simulator, slot, shard);  // No replica to ask: partial.
    return;
  }
  if (hedge || !call.tried.empty()) call.attempt += 1;
  call.tried.insert(replica);
  const std::uint64_t shard_token = ShardToken::make(slot, requests_->generation(slot), shard, call.attempt);
  const double bytes = config_.network.request_overhead_bytes + static_cast<double>(store_->value_bytes());
  if (const std::optional<TimeNs> arrival_ns =
          network_.send(request.coordinator, replica, bytes, simulator.now_ns())) {
    simulator.schedule_at(*arrival_ns, handler_id_, kRpcAtNode, shard_token,
                          address(replica, nodes_[replica].incarnation));
  }
  simulator.schedule_after(config_.client.timeout_ns, handler_id_, kShardTimeout, shard_token);
  if (!hedge && call.attempt == 0 && workload_config_.hedge_ns > 0) {
    simulator.schedule_after(workload_config_.hedge_ns, handler_id_, kShardHedge, shard_token);
  }
}

void ClusterModel::on_shard_reply(Simulator& simulator, std::uint64_t shard_token, std::uint64_t reply) {
  const std::uint32_t slot = Requests::slot_of(shard_token);
  const NodeId node = node_of(reply);
  const auto key = std::make_tuple(slot, shard_token, node);
  Request* request = requests_->find(ShardToken::request_bits(shard_token));
  const Node& coordinator = request != nullptr ? nodes_[request->coordinator] : nodes_[0];
  const std::uint32_t shard = ShardToken::shard_of(shard_token);
  if (request == nullptr || request->calls.empty() || request->calls[shard].done ||
      coordinator.incarnation != request->coordinator_incarnation || !coordinator.running()) {
    shard_results_.erase(key);
    return;
  }
  if ((reply >> kAddressNodeBits) == kReplyMoved) {
    shard_results_.erase(key);
    metrics_.add(redirects_);
    send_shard_call(simulator, slot, shard, false);
    return;
  }
  if (const auto found = shard_results_.find(key); found != shard_results_.end()) {
    // Merge into the running top-k; replicas of one shard never overlap other shards.
    std::vector<SearchHit>& merged = request->merged;
    merged.insert(merged.end(), found->second.begin(), found->second.end());
    std::sort(merged.begin(), merged.end(), closer);
    if (merged.size() > vectors_->k) merged.resize(vectors_->k);
    shard_results_.erase(found);
  }
  request->shards_answered += 1;
  finish_shard(simulator, slot, shard);
}

void ClusterModel::finish_shard(Simulator& simulator, std::uint32_t slot, std::uint32_t shard) {
  Request& request = requests_->at(slot);
  RINGSIM_ASSERT(!request.calls[shard].done);
  request.calls[shard].done = true;
  RINGSIM_ASSERT(request.shards_pending > 0);
  request.shards_pending -= 1;
  if (request.shards_pending > 0) return;
  if (request.shards_answered < vectors_->shards) metrics_.add(partial_searches_);
  const double bytes = config_.network.request_overhead_bytes + kBytesPerHit * static_cast<double>(request.merged.size());
  if (const std::optional<TimeNs> arrival_ns =
          network_.send(request.coordinator, kOutsideNode, bytes, simulator.now_ns())) {
    simulator.schedule_at(*arrival_ns, handler_id_, kReplyAtClient, requests_->token(slot),
                          std::uint64_t{request.coordinator} | (kReplyOk << kAddressNodeBits));
  }
}

void ClusterModel::on_shard_timeout(Simulator& simulator, std::uint64_t shard_token) {
  Request* request = requests_->find(ShardToken::request_bits(shard_token));
  const std::uint32_t shard = ShardToken::shard_of(shard_token);
  if (request == nullptr || request->calls.empty() || request->calls[shard].done) return;
  if (request->calls[shard].attempt != ShardToken::attempt_of(shard_token)) return;
  metrics_.add(timeouts_);
  const std::uint32_t slot = Requests::slot_of(shard_token);
  if (request->calls[shard].attempt >= std::min<std::uint32_t>(config_.client.max_retries, ShardToken::kAttemptsMax)) {
    finish_shard(simulator, slot, shard);  // Give up on this shard: the result is partial.
    return;
  }
  metrics_.add(retries_);
  send_shard_call(simulator, slot, shard, false);
}

void ClusterModel::on_shard_hedge(Simulator& simulator, std::uint64_t shard_token) {
  Request* request = requests_->find(ShardToken::request_bits(shard_token));
  const std::uint32_t shard = ShardToken::shard_of(shard_token);
  if (request == nullptr || request->calls.empty() || request->calls[shard].done) return;
  if (request->calls[shard].attempt != ShardToken::attempt_of(shard_token)) return;
  metrics_.add(hedges_);
  send_shard_call(simulator, Requests::slot_of(shard_token), shard, true);
}

void ClusterModel::forget_search_state(std::uint32_t slot) {
  const auto first = shard_results_.lower_bound({slot, 0, 0});
  const auto last = shard_results_.lower_bound({slot + 1, 0, 0});
  shard_results_.erase(first, last);
}

void ClusterModel::sample_recall(const Request& request) {
  if (recall_rng_.next_unit() >= workload_config_.recall_sample_rate) return;
  // The truth is every vector the user stored and did not delete: a lost vector is a
  // vector the database should have returned, so losing data costs recall.
  std::vector<std::uint32_t> live;
  live.reserve(replicas_.key_count());
  for (KeyId key = 0; key < replicas_.key_count(); ++key) {
    if (!store_->deleted(key)) live.push_back(key);
  }
  std::vector<SearchHit> truth;
  brute_force_search(store_->metric(), store_->data(), store_->dim(), live, request.query.data(), vectors_->k, truth);
  const double value = recall(request.merged, truth);
  recall_window_sum_ += value;
  recall_window_count_ += 1;
  recall_total_sum_ += value;
  recall_total_count_ += 1;
}

}  // namespace ringsim
