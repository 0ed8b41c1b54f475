// ClusterModel: the client path. Open-loop arrivals, replica choice, unary RPCs with
// timeouts and retries, service on the nodes' cores, replies.
#include <cmath>

#include "sim/assert.h"
#include "models/cluster/cluster_model.h"
#include "models/cluster/cluster_requests.h"

namespace ringsim {

namespace {
// A reply's status, carried in the reply event next to the replying node.
constexpr std::uint64_t kReplyOk = 0;
constexpr std::uint64_t kReplyMoved = 1;
constexpr int kAddressNodeBits = 16;
// A request redirected this often is failing to find its key: give up rather than loop.
constexpr std::uint8_t kRedirectsMax = 8;

std::uint64_t address(NodeId node, std::uint32_t incarnation) {
  return std::uint64_t{node} | (std::uint64_t{incarnation} << kAddressNodeBits);
}
NodeId node_of(std::uint64_t address) { return static_cast<NodeId>(address & 0xffff); }
std::uint32_t incarnation_of(std::uint64_t address) {
  return static_cast<std::uint32_t>(address >> kAddressNodeBits);
}
}  // namespace

void ClusterModel::on_arrival(Simulator& simulator) {
  simulator.schedule_after(arrivals_.next_gap_ns(simulator.now_ns()), handler_id_, kArrival);
  const PointOp op = workload_.next_op();
  const KeyId key = workload_.next_key();
  if (replicas_.lost(key)) {
    metrics_.add(lost_key_requests_);
    return;
  }
  if (requests_->full()) {
    metrics_.add(failed_requests_);
    return;
  }
  const std::uint32_t slot = requests_->allocate();
  Request& request = requests_->at(slot);
  request.op = op;
  request.key = key;
  request.start_ns = simulator.now_ns();
  if (op == PointOp::kSearch) {
    store_->make_query(query_rng_, request.query);
    start_search(simulator, slot);
    return;
  }
  if (vectors_ && op == PointOp::kPut) {
    // The client's new embedding becomes the truth searches are judged against.
    std::vector<float> update;
    store_->make_update(update_rng_, key, update);
    store_->set(key, update.data());
  } else if (op == PointOp::kDelete) {
    store_->mark_deleted(key);
  }
  issue_attempt(simulator, slot);
}

NodeId ClusterModel::choose_read_replica(KeyId key, const NodeSet& tried) {
  // Candidates: holders the cluster believes up, the placement's replicas first (in its
  // preference order), then old owners whose handoff has not completed.
  const NodeSet serving = replicas_.holders(key) & believed_up_;
  NodeId candidates[kNodesMax];
  int count = 0;
  for (const NodeId node : replicas_.target(key)) {
    if (serving.contains(node)) candidates[count++] = node;
  }
  serving.for_each([&](NodeId node) {
    if (!replicas_.target(key).contains(node)) candidates[count++] = node;
  });
  // Prefer replicas this request has not tried yet.
  int untried = 0;
  for (int i = 0; i < count; ++i) {
    if (!tried.contains(candidates[i])) candidates[untried++] = candidates[i];
  }
  if (untried > 0) count = untried;
  if (count == 0) return kOutsideNode;
  return pick_by_read_policy(candidates, count);
}

NodeId ClusterModel::pick_by_read_policy(const NodeId* candidates, int count) {
  RINGSIM_ASSERT(count > 0);
  switch (config_.replication.read_policy) {
    case ReplicationConfig::ReadPolicy::kPrimary:
      return candidates[0];
    case ReplicationConfig::ReadPolicy::kRandom:
      return candidates[routing_rng_.next_below(static_cast<std::uint64_t>(count))];
    case ReplicationConfig::ReadPolicy::kLeastLoadedOfTwo: {
      const NodeId first = candidates[routing_rng_.next_below(static_cast<std::uint64_t>(count))];
      const NodeId second = candidates[routing_rng_.next_below(static_cast<std::uint64_t>(count))];
      return client_outstanding_[second] < client_outstanding_[first] ? second : first;
    }
  }
  return candidates[0];
}

Station::Admission ClusterModel::admit_job(Simulator& simulator, Node& node, const QueuedJob& job,
                                          Station::Lane lane) {
  const Station::Admission admission = node.station.arrive(job, simulator.now_ns(), lane);
  if (admission == Station::Admission::kStarted) start_service(simulator, node, job);
  return admission;
}

void ClusterModel::issue_attempt(Simulator& simulator, std::uint32_t slot) {
  Request& request = requests_->at(slot);
  RINGSIM_ASSERT(request.waiting.empty());
  if (request.op == PointOp::kSearch) {
    start_search(simulator, slot);
    return;
  }
  if (request.op == PointOp::kGet) {
    const NodeId node = choose_read_replica(request.key, request.tried);
    if (node == kOutsideNode) {
      metrics_.add(unavailable_requests_);
      fail_request(slot);
      return;
    }
    request.tried.insert(node);
    request.waiting.insert(node);
  } else {
    const NodeSet writers = (replicas_.holders(request.key) | replicas_.incoming(request.key)) & believed_up_;
    if (request.attempt == 0) {
      request.acks_needed = static_cast<std::uint8_t>(
          std::min<int>(static_cast<int>(config_.replication.write_quorum), writers.size()));
    }
    if (request.acks_needed == 0) {
      metrics_.add(unavailable_requests_);
      fail_request(slot);
      return;
    }
    request.waiting = writers.without(request.acked);
  }
  const std::uint64_t token = requests_->token(slot);
  request.waiting.for_each([&](NodeId node) { send_rpc(simulator, token, node); });
  simulator.schedule_after(config_.client.timeout_ns, handler_id_, kClientTimeout, token);
}

void ClusterModel::send_rpc(Simulator& simulator, std::uint64_t token, NodeId node) {
  const Request& request = requests_->at(Requests::slot_of(token));
  double bytes = config_.network.request_overhead_bytes;
  if (request.op == PointOp::kPut) bytes += replicas_.key_bytes(request.key);
  client_outstanding_[node] += 1;
  const std::optional<TimeNs> arrival_ns = network_.send(kOutsideNode, node, bytes, simulator.now_ns());
  if (!arrival_ns) return;  // Cut off by a partition: only the timeout will tell.
  if (vectors_ && (request.op == PointOp::kPut || request.op == PointOp::kDelete)) {
    pending_writes_[{node, token}] = request.key;
  }
  simulator.schedule_at(*arrival_ns, handler_id_, kRpcAtNode, token, address(node, nodes_[node].incarnation));
}

void ClusterModel::on_rpc_at_node(Simulator& simulator, std::uint64_t token, std::uint64_t addr) {
  Node& node = nodes_[node_of(addr)];
  if (node.incarnation != incarnation_of(addr) || !node.running()) {
    pending_writes_.erase({node.id, token});
    return;  // Nobody answers.
  }
  if (admit_job(simulator, node, QueuedJob{token, simulator.now_ns()}) == Station::Admission::kRejected) {
    pending_writes_.erase({node.id, token});
    metrics_.add(queue_rejections_);
  }
}

void ClusterModel::start_service(Simulator& simulator, Node& node, const QueuedJob& job) {
  double duration_ns = 0;
  if (is_dag_job(job.job_id)) {
    DagJob& dag_job = dag_jobs_[job.job_id & 0xffffffff];
    RINGSIM_ASSERT(dag_job.active);
    // An abandoned attempt leaves its queue slot without using the core.
    if (!dag_job.abandoned) {
      duration_ns = static_cast<double>(dag_job.service_ns);
      dag_job.listener->on_attempt_started(simulator, dag_job.attempt);
    }
  } else if (ShardToken::is_shard_token(job.job_id)) {
    duration_ns = static_cast<double>(run_shard_search(node.id, job.job_id));
  } else if (Requests::op_of(job.job_id) == PointOp::kApply) {
    RINGSIM_ASSERT(!apply_queue_ns_[node.id].empty());
    duration_ns = static_cast<double>(apply_queue_ns_[node.id].front());
    apply_queue_ns_[node.id].pop_front();
  } else if (Requests::op_of(job.job_id) == PointOp::kGet) {
    duration_ns = config_.node.get_service_ns.sample(service_rng_);
  } else if (vectors_) {
    // An upsert or delete does real index work on this replica when it starts.
    const auto pending = pending_writes_.find({node.id, job.job_id});
    RINGSIM_ASSERT(pending != pending_writes_.end());
    duration_ns = static_cast<double>(apply_write_on_node(node.id, Requests::op_of(job.job_id), pending->second));
    pending_writes_.erase(pending);
  } else {
    duration_ns = config_.node.put_service_ns.sample(service_rng_);
  }
  duration_ns *= node.slow_factor;
  simulator.schedule_after(static_cast<TimeNs>(std::llround(duration_ns)), handler_id_, kServiceDone,
                           job.job_id, address(node.id, node.incarnation));
}

void ClusterModel::on_service_done(Simulator& simulator, std::uint64_t token, std::uint64_t addr) {
  Node& node = nodes_[node_of(addr)];
  if (node.incarnation != incarnation_of(addr)) return;  // The node crashed meanwhile.
  const auto start_next = [&] {
    if (const std::optional<QueuedJob> next = node.station.complete(simulator.now_ns())) {
      start_service(simulator, node, *next);
    }
  };
  if (is_dag_job(token)) {
    DagJob& dag_job = dag_jobs_[token & 0xffffffff];
    RINGSIM_ASSERT(dag_job.active);
    dag_job.active = false;
    free_dag_jobs_.push_back(static_cast<std::uint32_t>(token & 0xffffffff));
    if (!dag_job.abandoned) dag_job.listener->on_attempt_ended(simulator, dag_job.attempt, AttemptEnd::kCompleted);
    start_next();
    return;
  }
  if (Requests::op_of(token) == PointOp::kApply && !ShardToken::is_shard_token(token)) {
    // Migration work: nobody waits for a reply; the low bits name its range.
    on_range_apply_done(simulator, static_cast<std::uint32_t>(token & kApplyRangeMask));
    start_next();
    return;
  }
  node.requests_served += 1;
  if (ShardToken::is_shard_token(token)) {
    const Request* request = requests_->find(ShardToken::request_bits(token));
    const std::uint32_t shard = ShardToken::shard_of(token);
    const auto result = shard_results_.find({Requests::slot_of(token), token, node.id});
    const double hits = result == shard_results_.end() ? 0.0 : static_cast<double>(result->second.size());
    const std::uint64_t status = replicas_.unit_complete_on(shard, node.id) ? kReplyOk : kReplyMoved;
    if (request != nullptr) {
      const std::optional<TimeNs> arrival_ns = network_.send(
          node.id, request->coordinator, config_.network.request_overhead_bytes + 8 * hits, simulator.now_ns());
      if (arrival_ns) {
        simulator.schedule_at(*arrival_ns, handler_id_, kShardReply, token,
                              std::uint64_t{node.id} | (status << kAddressNodeBits));
      }
    }
    start_next();
    return;
  }
  double bytes = config_.network.request_overhead_bytes;
  std::uint64_t status = kReplyOk;
  if (const Request* request = requests_->find(token); request != nullptr && request->op == PointOp::kGet) {
    if (replicas_.holders(request->key).contains(node.id)) {
      bytes += replicas_.key_bytes(request->key);
    } else {
      status = kReplyMoved;  // Handed off while the request was on its way.
    }
  }
  if (const std::optional<TimeNs> arrival_ns = network_.send(node.id, kOutsideNode, bytes, simulator.now_ns())) {
    simulator.schedule_at(*arrival_ns, handler_id_, kReplyAtClient, token,
                          std::uint64_t{node.id} | (status << kAddressNodeBits));
  }
  start_next();
}

void ClusterModel::on_reply(Simulator& simulator, std::uint64_t token, std::uint64_t reply) {
  Request* request = requests_->find(token);
  if (request == nullptr) return;  // Already completed or failed.
  const NodeId node = node_of(reply);
  const std::uint64_t status = reply >> kAddressNodeBits;
  const std::uint32_t slot = Requests::slot_of(token);
  if (Requests::attempt_of(token) != request->attempt) {
    // A late reply to an attempt that timed out: a late write ack still counts.
    if (request->op == PointOp::kPut || request->op == PointOp::kDelete) {
      request->acked.insert(node);
      if (request->acked.size() >= request->acks_needed) complete_request(simulator, slot);
    }
    return;
  }
  if (request->waiting.contains(node)) {
    request->waiting.erase(node);
    client_outstanding_[node] -= 1;
  }
  if (request->op == PointOp::kSearch) {
    if (node == request->coordinator) complete_request(simulator, slot);
    return;
  }
  if (request->op == PointOp::kPut || request->op == PointOp::kDelete) {
    request->acked.insert(node);
    if (request->acked.size() >= request->acks_needed) complete_request(simulator, slot);
    return;
  }
  if (status == kReplyOk) {
    complete_request(simulator, slot);
    return;
  }
  metrics_.add(redirects_);
  request->redirects += 1;
  if (request->redirects > kRedirectsMax) {
    fail_request(slot);
    return;
  }
  request->attempt += 1;
  request->tried = NodeSet();
  issue_attempt(simulator, slot);
}

void ClusterModel::on_client_timeout(Simulator& simulator, std::uint64_t token) {
  Request* request = requests_->find(token);
  if (request == nullptr || Requests::attempt_of(token) != request->attempt) return;
  metrics_.add(timeouts_);
  request->waiting.for_each([&](NodeId node) { client_outstanding_[node] -= 1; });
  request->waiting = NodeSet();
  const std::uint32_t slot = Requests::slot_of(token);
  if (request->op == PointOp::kSearch) request->calls.clear();  // Shard calls of the old attempt end.
  if (request->attempt >= config_.client.max_retries + request->redirects) {
    fail_request(slot);
    return;
  }
  metrics_.add(retries_);
  request->attempt += 1;
  issue_attempt(simulator, slot);
}

void ClusterModel::complete_request(Simulator& simulator, std::uint32_t slot) {
  Request& request = requests_->at(slot);
  request.waiting.for_each([&](NodeId node) { client_outstanding_[node] -= 1; });
  request.waiting = NodeSet();
  OpId op = get_op_;
  switch (request.op) {
    case PointOp::kGet:
      op = get_op_;
      break;
    case PointOp::kPut:
      op = put_op_;
      break;
    case PointOp::kDelete:
      op = delete_op_;
      break;
    case PointOp::kSearch:
      op = search_op_;
      searches_completed_ += 1;
      search_distance_total_ += static_cast<double>(request.distance_computations);
      search_shards_total_ += request.shards_answered;
      sample_recall(request);
      forget_search_state(slot);
      break;
    case PointOp::kApply:
      RINGSIM_ASSERT(false);
  }
  metrics_.record_latency(op, simulator.now_ns() - request.start_ns, simulator.now_ns());
  requests_->release(slot);
}

void ClusterModel::fail_request(std::uint32_t slot) {
  Request& request = requests_->at(slot);
  request.waiting.for_each([&](NodeId node) { client_outstanding_[node] -= 1; });
  request.waiting = NodeSet();
  if (request.op == PointOp::kSearch) forget_search_state(slot);
  metrics_.add(failed_requests_);
  requests_->release(slot);
}

}  // namespace ringsim
