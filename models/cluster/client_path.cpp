#include "models/cluster/client_path.h"

#include <algorithm>

#include "models/cluster/shard_store.h"

namespace ringsim {

namespace {
// A request redirected this often is failing to find its key: give up rather than loop.
constexpr std::uint8_t kRedirectsMax = 8;
}  // namespace

ClientPath::ClientPath(ClusterCore& core, const ClusterScenario& scenario)
    : core_(core),
      workload_(scenario.workload, scenario.data.keys, core.seed),
      arrivals_(scenario.workload.arrivals, Rng(core.seed, "workload.arrivals")),
      router_(scenario.cluster.replication.read_policy, core.seed),
      service_rng_(core.seed, "node.service"),
      update_rng_(core.seed, "workload.updates"),
      backoff_rng_(core.seed, "client.backoff"),
      budget_(scenario.cluster.client.retry_budget_ratio, scenario.cluster.client.retry_budget_max_tokens),
      throttle_(scenario.cluster.client.retry_throttling),
      finagle_budget_(scenario.cluster.client.finagle_budget),
      breaker_(scenario.cluster.client.circuit_breaker),
      hot_keys_(core),
      workload_config_has_runbook_(scenario.workload.runbook.has_value()),
      get_op_(core.metrics.register_op("get")),
      // A vector write replaces the vector under its id or inserts it: an upsert, and named so
      // (the mix accepts "put" or "upsert" for it).
      put_op_(core.metrics.register_op(scenario.data.vectors.has_value() ? "upsert" : "put")) {
  Metrics& metrics = core.metrics;
  // timeouts is the total: client_timeouts (a client's get/put/delete attempt, or a whole
  // search attempt) + shard_timeouts (a coordinator's call to one shard replica).
  counters_.timeouts = metrics.register_counter("timeouts");
  counters_.client_timeouts = metrics.register_counter("client_timeouts");
  counters_.shard_timeouts = metrics.register_counter("shard_timeouts");
  counters_.retries = metrics.register_counter("retries");
  counters_.redirects = metrics.register_counter("redirects");
  counters_.failed_requests = metrics.register_counter("failed_requests");
  counters_.unavailable_requests = metrics.register_counter("unavailable_requests");
  counters_.lost_key_requests = metrics.register_counter("lost_key_requests");
  counters_.queue_rejections = metrics.register_counter("queue_rejections");
  counters_.retries_refused_budget = metrics.register_counter("retries_refused_budget");
  counters_.breaker_opens = metrics.register_counter("breaker_opens");
  counters_.breaker_rejections = metrics.register_counter("breaker_rejections");
  counters_.overloaded_answers = metrics.register_counter("overloaded_answers");
  if (scenario.cluster.client.hedging.enabled) counters_.get_hedges = metrics.register_counter("get_hedges");
  goodput_result_ = metrics.register_result("goodput_qps");
  rate_gauges_ = {metrics.register_gauge("retries_per_s"), metrics.register_gauge("overloaded_per_s"),
                  metrics.register_gauge("dropped_expired_per_s"), metrics.register_gauge("timeouts_per_s")};
}

void ClientPath::start(Simulator& simulator) {
  hot_keys_.start();
  if (workload_config_has_runbook_) return;  // The runbook driver issues the requests.
  core_.schedule_after(arrivals_.next_gap_ns(simulator.now_ns()), kArrival);
}

void ClientPath::on_arrival(Simulator& simulator) {
  core_.schedule_after(arrivals_.next_gap_ns(simulator.now_ns()), kArrival);
  bool new_id = false;
  const PointOp op = workload_.next_op(&new_id);
  KeyId key = workload_.next_key();
  if (new_id) {
    // An insert of a new id (vectors): the id is stored from now on; with none free it
    // upserts the drawn key instead.
    const std::optional<KeyId> free = core_.parts.shards->store().insert_free_id();
    new_id = free.has_value();
    if (free) key = *free;
  }
  issue(simulator, op, key, new_id);
}

bool ClientPath::issue(Simulator& simulator, PointOp op, KeyId key, bool new_id) {
  // A lost key is refused once the cluster knows it is lost: before the detector declares
  // its last holder dead, requests still go there and time out.
  if (core_.replicas.lost(key) && core_.undetected.key_holders(key).empty()) {
    core_.metrics.add(counters_.lost_key_requests);
    return false;
  }
  if (requests_.full()) {
    core_.metrics.add(counters_.failed_requests);
    return false;
  }
  const std::uint32_t slot = requests_.allocate();
  ClientRequest& request = requests_.at(slot);
  request.op = op;
  request.key = key;
  request.start_ns = simulator.now_ns();
  if (op == PointOp::kSearch) {
    start_search_(simulator, slot);
    return true;
  }
  budget_.on_request();
  finagle_budget_.deposit(simulator.now_ns());
  if (op == PointOp::kGet) hot_keys_.record_get(key);
  if (core_.vectors && op == PointOp::kPut && new_id) {
    // The id's vector is stored as it is (the caller made it live).
  } else if (core_.vectors && op == PointOp::kPut) {
    // The client's new embedding becomes the truth searches are judged against.
    std::vector<float> update;
    core_.parts.shards->store().make_update(update_rng_, key, update);
    core_.parts.shards->store().set(key, update.data());
  } else if (op == PointOp::kDelete) {
    core_.parts.shards->store().mark_deleted(key);
  }
  issue_attempt(simulator, slot);
  return true;
}

NodeId ClientPath::choose_read_replica(KeyId key, const NodeSet& tried) {
  // Candidates: holders the cluster believes up, the placement's replicas first (in its
  // preference order), then old owners whose handoff has not completed, then a hot key's
  // extra read replicas.
  const ReplicaMap& replicas = core_.replicas;
  const NodeSet serving = (replicas.holders(key) | core_.undetected.key_holders(key)) & core_.believed_up;
  const NodeSet extras = hot_keys_.extra_replicas(key).without(serving) & core_.believed_up;
  NodeId candidates[kNodesMax];
  int count = 0;
  for (const NodeId node : replicas.target(key)) {
    if (serving.contains(node)) candidates[count++] = node;
  }
  serving.for_each([&](NodeId node) {
    if (!replicas.target(key).contains(node)) candidates[count++] = node;
  });
  extras.for_each([&](NodeId node) { candidates[count++] = node; });
  // Prefer replicas this request has not tried yet.
  int untried = 0;
  for (int i = 0; i < count; ++i) {
    if (!tried.contains(candidates[i])) candidates[untried++] = candidates[i];
  }
  if (untried > 0) count = untried;
  if (count == 0) return kOutsideNode;
  // The primary policy would send every read of a hot key to one node: its reads are
  // spread uniformly over all its replicas instead.
  if (!extras.empty() && core_.config.replication.read_policy == ReplicationConfig::ReadPolicy::kPrimary) {
    return router_.pick_uniform(candidates, count);
  }
  return router_.pick(candidates, count);
}

void ClientPath::issue_attempt(Simulator& simulator, std::uint32_t slot) {
  ClientRequest& request = requests_.at(slot);
  RINGSIM_ASSERT(request.waiting.empty() && request.op != PointOp::kSearch);
  if (!breaker_.allow(simulator.now_ns())) {
    core_.metrics.add(counters_.breaker_rejections);
    fail_request(slot);
    return;
  }
  if (request.op == PointOp::kGet) {
    const NodeId node = choose_read_replica(request.key, request.tried);
    if (node == kOutsideNode) {
      core_.metrics.add(counters_.unavailable_requests);
      fail_request(slot);
      return;
    }
    request.tried.insert(node);
    request.waiting.insert(node);
  } else {
    const NodeSet writers =
        (core_.replicas.holders(request.key) | core_.replicas.incoming(request.key) |
         core_.undetected.key_holders(request.key)) &
        core_.believed_up;
    if (request.attempt == 0) {
      request.acks_needed = static_cast<std::uint8_t>(
          std::min<int>(static_cast<int>(core_.config.replication.write_quorum), writers.size()));
    }
    if (request.acks_needed == 0) {
      core_.metrics.add(counters_.unavailable_requests);
      fail_request(slot);
      return;
    }
    request.waiting = writers.without(request.acked);
  }
  const std::uint64_t token = requests_.token(slot);
  request.deadline_ns = simulator.now_ns() + core_.config.client.timeout_ns;
  request.waiting.for_each([&](NodeId node) { send_rpc(simulator, token, node); });
  request.timeout = core_.schedule_timer(core_.config.client.timeout_ns, kClientTimeout, token);
  const HedgingPolicyConfig& hedging = core_.config.client.hedging;
  if (request.op == PointOp::kGet && hedging.enabled) {
    request.copies = 1;
    // A6: "If hedgingDelay is unset or 0, all hedged requests are sent at once".
    if (hedging.hedging_delay_ns == 0) {
      while (send_hedge(simulator, slot)) {
      }
    } else {
      core_.schedule_timer(hedging.hedging_delay_ns, kClientHedge, token);
    }
  }
}

bool ClientPath::send_hedge(Simulator& simulator, std::uint32_t slot) {
  ClientRequest& request = requests_.at(slot);
  if (request.copies >= core_.config.client.hedging.max_attempts) return false;
  const NodeId node = choose_read_replica(request.key, request.tried);
  // Distinct replicas only; and hedges are throttled like retries (A6).
  if (node == kOutsideNode || request.tried.contains(node) || !throttle_.allows()) return false;
  request.copies += 1;
  request.tried.insert(node);
  request.waiting.insert(node);
  core_.metrics.add(counters_.get_hedges);
  send_rpc(simulator, requests_.token(slot), node);
  return true;
}

void ClientPath::on_client_hedge(Simulator& simulator, std::uint64_t token) {
  const job_token::Request decoded = job_token::decode_request(token);
  ClientRequest* request = requests_.find(decoded);
  if (request == nullptr || decoded.attempt != request->attempt) return;  // Ended: nothing to hedge.
  if (!send_hedge(simulator, decoded.slot)) return;
  if (request->copies < core_.config.client.hedging.max_attempts) {
    core_.schedule_timer(core_.config.client.hedging.hedging_delay_ns, kClientHedge, token);
  }
}

void ClientPath::send_rpc(Simulator& simulator, std::uint64_t token, NodeId node) {
  const ClientRequest& request = requests_.at(job_token::decode_request(token).slot);
  double bytes = core_.config.network.request_overhead_bytes;
  if (request.op == PointOp::kPut) bytes += core_.replicas.key_bytes(request.key);
  router_.add_outstanding(node);
  const std::optional<TimeNs> arrival_ns = core_.network.send(kOutsideNode, node, bytes, simulator.now_ns());
  if (!arrival_ns) return;  // Cut off by a partition: only the timeout will tell.
  if (core_.vectors && (request.op == PointOp::kPut || request.op == PointOp::kDelete)) {
    pending_writes_[{node, token}] = request.key;
  }
  core_.schedule_at(*arrival_ns, kRpcAtNode, token,
                    job_token::encode(job_token::Address{node, core_.nodes[node].incarnation}));
}

void ClientPath::on_rpc_at_node(Simulator& simulator, std::uint64_t token, std::uint64_t address) {
  const job_token::Address to = job_token::decode_address(address);
  Node& node = core_.nodes[to.node];
  if (node.incarnation != to.incarnation || !node.running()) {
    pending_writes_.erase({node.id, token});
    return;  // Nobody answers.
  }
  // A get carries its attempt's deadline (the request's table holds what the message
  // would: fixed when it was sent; an attempt already over is past its deadline).
  TimeNs deadline_ns = kTimeNsMax;
  if (job_token::decode_request(token).op == PointOp::kGet) {
    const ClientRequest* request = requests_.find(job_token::decode_request(token));
    const bool current = request != nullptr && request->attempt == job_token::decode_request(token).attempt;
    deadline_ns = current ? request->deadline_ns : simulator.now_ns();
  }
  if (core_.parts.stations->admit(simulator, node, QueuedJob{token, simulator.now_ns(), deadline_ns}) ==
      Station::Admission::kRejected) {
    pending_writes_.erase({node.id, token});
    core_.metrics.add(counters_.queue_rejections);
    // A full queue answers "overloaded" at once, without a core.
    const double bytes = core_.config.network.request_overhead_bytes;
    if (const std::optional<TimeNs> arrival_ns = core_.network.send(node.id, kOutsideNode, bytes, simulator.now_ns())) {
      core_.schedule_at(*arrival_ns, kReplyAtClient, token,
                        job_token::encode(job_token::Reply{node.id, job_token::ReplyStatus::kOverloaded}));
    }
  }
}

void ClientPath::on_dropped(Node& node, std::uint64_t job) { pending_writes_.erase({node.id, job}); }

double ClientPath::on_service_start(Simulator& simulator, Node& node, std::uint64_t job) {
  (void)simulator;
  const PointOp op = job_token::decode_request(job).op;
  if (op == PointOp::kGet) {
    const ClientRequest* request = requests_.find(job_token::decode_request(job));
    if (request != nullptr && hot_keys_.cache_enabled() && hot_keys_.cache_get(node, request->key)) {
      return core_.config.node.cache.hit_service_ns.sample(service_rng_);
    }
    return core_.config.node.get_service_ns.sample(service_rng_);
  }
  if (const ClientRequest* request = requests_.find(job_token::decode_request(job)); request != nullptr) {
    hot_keys_.cache_put(node, request->key);
  }
  if (!core_.vectors) return core_.config.node.put_service_ns.sample(service_rng_);
  // An upsert or delete does real index work on this replica when it starts.
  const auto pending = pending_writes_.find({node.id, job});
  RINGSIM_ASSERT(pending != pending_writes_.end());
  const auto duration_ns = static_cast<double>(core_.parts.shards->apply_write_on_node(node.id, op, pending->second));
  pending_writes_.erase(pending);
  return duration_ns;
}

void ClientPath::on_service_done(Simulator& simulator, Node& node, std::uint64_t job) {
  node.requests_served += 1;
  double bytes = core_.config.network.request_overhead_bytes;
  job_token::ReplyStatus status = job_token::ReplyStatus::kOk;
  if (const ClientRequest* request = requests_.find(job_token::decode_request(job));
      request != nullptr && request->op == PointOp::kGet) {
    if (core_.replicas.holders(request->key).contains(node.id) ||
        hot_keys_.extra_replicas(request->key).contains(node.id)) {
      bytes += core_.replicas.key_bytes(request->key);
    } else {
      status = job_token::ReplyStatus::kMoved;  // Handed off while the request was on its way.
    }
  }
  if (const std::optional<TimeNs> arrival_ns = core_.network.send(node.id, kOutsideNode, bytes, simulator.now_ns())) {
    core_.schedule_at(*arrival_ns, kReplyAtClient, job, job_token::encode(job_token::Reply{node.id, status}));
  }
}

void ClientPath::on_reply(Simulator& simulator, std::uint64_t token, std::uint64_t reply_value) {
  const job_token::Request decoded = job_token::decode_request(token);
  ClientRequest* request = requests_.find(decoded);
  if (request == nullptr) return;  // Already completed or failed.
  const job_token::Reply reply = job_token::decode_reply(reply_value);
  const bool write = request->op == PointOp::kPut || request->op == PointOp::kDelete;
  if (reply.status == job_token::ReplyStatus::kOverloaded) {
    core_.metrics.add(counters_.overloaded_answers);
    if (decoded.attempt == request->attempt) on_overloaded(simulator, decoded.slot, reply.node);
    return;
  }
  if (decoded.attempt != request->attempt) {
    // A late reply to an attempt that timed out: a late write ack still counts.
    if (write) {
      request->acked.insert(reply.node);
      if (request->acked.size() >= request->acks_needed) complete_request(simulator, decoded.slot);
    }
    return;
  }
  if (request->waiting.contains(reply.node)) {
    request->waiting.erase(reply.node);
    router_.remove_outstanding(reply.node);
  }
  if (write) {
    request->acked.insert(reply.node);
    if (request->acked.size() >= request->acks_needed) {
      note_outcome(true);
      complete_request(simulator, decoded.slot);
    }
    return;
  }
  note_outcome(true);  // The node answered: served, or "moved".
  if (reply.status == job_token::ReplyStatus::kOk) {
    complete_request(simulator, decoded.slot, reply.node);
    return;
  }
  core_.metrics.add(counters_.redirects);
  request->redirects += 1;
  if (request->redirects > kRedirectsMax) {
    fail_request(decoded.slot);
    return;
  }
  ClientRequests::cancel_timeout(simulator, *request);  // Its attempt is over.
  release_waiting(*request);  // Hedged copies still out belong to the old attempt.
  request->attempt += 1;
  request->tried = NodeSet();
  issue_attempt(simulator, decoded.slot);
}

void ClientPath::on_client_timeout(Simulator& simulator, std::uint64_t token) {
  const job_token::Request decoded = job_token::decode_request(token);
  ClientRequest* request = requests_.find(decoded);
  if (request == nullptr || decoded.attempt != request->attempt) return;
  request->timeout.reset();  // This one, firing now.
  core_.metrics.add(counters_.timeouts);
  core_.metrics.add(counters_.client_timeouts);
  release_waiting(*request);
  note_outcome(false);
  retry_or_fail(simulator, decoded.slot);
}

void ClientPath::on_overloaded(Simulator& simulator, std::uint32_t slot, NodeId node) {
  ClientRequest& request = requests_.at(slot);
  if (!request.waiting.contains(node)) return;
  request.waiting.erase(node);
  router_.remove_outstanding(node);
  // A write attempt fails once the replicas still to answer can no longer make the quorum.
  if (request.acked.size() + request.waiting.size() >= request.acks_needed && request.op != PointOp::kGet) return;
  if (request.op == PointOp::kGet && core_.config.client.hedging.enabled) {
    // A6: a non-fatal error sends the next hedged copy at once; the attempt fails only
    // when no copy is left in flight.
    note_outcome(false);  // First: the failure costs its token before the next copy asks.
    send_hedge(simulator, slot);
    if (!request.waiting.empty()) return;
    ClientRequests::cancel_timeout(simulator, request);
    retry_or_fail(simulator, slot);
    return;
  }
  ClientRequests::cancel_timeout(simulator, request);
  release_waiting(request);
  note_outcome(false);
  retry_or_fail(simulator, slot);
}

void ClientPath::retry_or_fail(Simulator& simulator, std::uint32_t slot) {
  ClientRequest& request = requests_.at(slot);
  if (request.attempt >= core_.config.client.max_retries + request.redirects) {
    fail_request(slot);
    return;
  }
  // gRPC throttling only looks (its tokens move with outcomes); the budgets withdraw.
  if (!throttle_.allows() || !budget_.try_withdraw() || !finagle_budget_.try_withdraw(simulator.now_ns())) {
    core_.metrics.add(counters_.retries_refused_budget);
    fail_request(slot);
    return;
  }
  core_.metrics.add(counters_.retries);
  request.attempt += 1;
  const auto retry = static_cast<std::uint32_t>(request.attempt - request.redirects);
  const TimeNs delay_ns = backoff_delay_ns(core_.config.client, std::max<std::uint32_t>(1, retry), backoff_rng_);
  if (delay_ns == 0) {
    issue_attempt(simulator, slot);
    return;
  }
  request.timeout = core_.schedule_after(delay_ns, kClientRetry, requests_.token(slot));
}

void ClientPath::on_client_retry(Simulator& simulator, std::uint64_t token) {
  const job_token::Request decoded = job_token::decode_request(token);
  ClientRequest* request = requests_.find(decoded);
  if (request == nullptr || decoded.attempt != request->attempt) return;
  request->timeout.reset();  // This retry's event, firing now.
  issue_attempt(simulator, decoded.slot);
}

void ClientPath::note_outcome(bool success) {
  const TimeNs now_ns = core_.simulator->now_ns();
  if (success) {
    breaker_.on_success(now_ns);
    throttle_.on_success();
  } else {
    breaker_.on_failure(now_ns);
    throttle_.on_failure();
  }
  if (breaker_.opens() != breaker_opens_seen_) {
    core_.metrics.add(counters_.breaker_opens, static_cast<std::int64_t>(breaker_.opens() - breaker_opens_seen_));
    breaker_opens_seen_ = breaker_.opens();
  }
}

void ClientPath::on_hot_keys_window(Simulator& simulator) {
  (void)simulator;
  hot_keys_.on_window();
}

void ClientPath::sample_gauges(TimeNs now_ns) {
  hot_keys_.sample_gauges();
  const Metrics& metrics = core_.metrics;
  const std::array<std::int64_t, 4> now = {metrics.counter(counters_.retries),
                                           metrics.counter(counters_.overloaded_answers),
                                           core_.parts.stations->dropped_expired(), metrics.counter(counters_.timeouts)};
  const double window_s = metrics.open_window_s(now_ns);
  for (std::size_t i = 0; i < now.size(); ++i) {
    core_.metrics.set_gauge(rate_gauges_[i], static_cast<double>(now[i] - window_counts_[i]) / window_s);
  }
  window_counts_ = now;
}

void ClientPath::finish(TimeNs end_ns) {
  hot_keys_.finish();
  const TimeNs measured_ns = end_ns - std::min(end_ns, core_.metrics.warmup_ns());
  core_.metrics.set_result(goodput_result_, measured_ns <= 0 ? 0
                                                             : static_cast<double>(completed_after_warmup_) /
                                                                   ns_to_s(measured_ns));
}

void ClientPath::release_waiting(ClientRequest& request) {
  request.waiting.for_each([&](NodeId node) { router_.remove_outstanding(node); });
  request.waiting = NodeSet();
}

void ClientPath::complete_request(Simulator& simulator, std::uint32_t slot, NodeId answered_by) {
  ClientRequest& request = requests_.at(slot);
  if (simulator.now_ns() >= core_.metrics.warmup_ns()) completed_after_warmup_ += 1;
  if (answered_by != kOutsideNode) hot_keys_.record_served(answered_by, simulator.now_ns() - request.start_ns);
  release_waiting(request);
  ClientRequests::cancel_timeout(simulator, request);
  RINGSIM_ASSERT(request.op != PointOp::kSearch && request.op != PointOp::kApply);
  const OpId op = request.op == PointOp::kGet ? get_op_ : request.op == PointOp::kPut ? put_op_ : delete_op_;
  core_.metrics.record_latency(op, simulator.now_ns() - request.start_ns, simulator.now_ns());
  requests_.release(slot);
}

void ClientPath::fail_request(std::uint32_t slot) {
  release_waiting(requests_.at(slot));
  ClientRequests::cancel_timeout(*core_.simulator, requests_.at(slot));
  core_.metrics.add(counters_.failed_requests);
  requests_.release(slot);
}

void ClientPath::forget_node_writes(NodeId node) {
  pending_writes_.erase(pending_writes_.lower_bound({node, 0}),
                        pending_writes_.lower_bound({static_cast<NodeId>(node + 1), 0}));
}

}  // namespace ringsim
