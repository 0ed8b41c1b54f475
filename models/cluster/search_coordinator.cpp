#include "models/cluster/search_coordinator.h"

#include <algorithm>
#include <cmath>

#include "index/brute_force.h"
#include "workloads/kmeans.h"
#include "models/cluster/client_path.h"
#include "models/cluster/shard_store.h"

namespace ringsim {

namespace {
constexpr double kBytesPerHit = 8;  // id + distance

bool closer(const SearchHit& a, const SearchHit& b) {
  return a.distance < b.distance || (a.distance == b.distance && a.id < b.id);
}
}  // namespace

SearchCoordinator::SearchCoordinator(ClusterCore& core, const PointWorkloadConfig& workload)
    : core_(core), workload_(workload), query_rng_(core.seed, "workload.queries"),
      recall_rng_(core.seed, "workload.recall_sample"),
      search_extra_rng_(core.seed, "node.search_extra") {
  const HedgingPolicyConfig& policy = core.config.client.hedging;
  if (workload_.hedge_ns > 0) {
    hedging_ = true;
    hedge_ns_ = workload_.hedge_ns;
    hedge_max_attempts_ = workload_.hedge_max_attempts;
  } else if (policy.enabled) {
    hedging_ = true;
    hedge_ns_ = policy.hedging_delay_ns;
    hedge_max_attempts_ = policy.max_attempts;
  }
  // Registration order fixes the summary's column order: as before the model was split.
  Metrics& metrics = core.metrics;
  search_op_ = metrics.register_op("search");
  delete_op_ = metrics.register_op("delete");
  partial_searches_ = metrics.register_counter("partial_searches");
  hedges_ = metrics.register_counter("hedges");
  recall_result_ = metrics.register_result("recall_at_k");
  recall_samples_result_ = metrics.register_result("recall_samples");
  index_memory_result_ = metrics.register_result("index_memory_bytes");
  distances_per_search_result_ = metrics.register_result("distance_computations_per_search");
  shards_per_search_result_ = metrics.register_result("shards_per_search");
  vectors_per_shard_result_ = metrics.register_result("vectors_per_shard_replica");
  hottest_shard_share_result_ = metrics.register_result("hottest_shard_share");
  shard_searches_.assign(core.vectors->shards, 0.0);
  recall_gauge_ = metrics.register_gauge("recall_at_k");
  recall_samples_gauge_ = metrics.register_gauge("recall_samples");
  index_memory_gauge_ = metrics.register_gauge("index_memory_bytes");
  short_of_k_ = metrics.register_counter("searches_short_of_k");
  deleted_visits_result_ = metrics.register_result("deleted_visits_per_search");
  tombstone_result_ = metrics.register_result("tombstone_ratio_max");
  tombstone_gauge_ = metrics.register_gauge("tombstone_ratio_max");
}

void SearchCoordinator::begin(Simulator& simulator, std::uint32_t slot) {
  ClientRequest& request = core_.parts.client->requests().at(slot);
  const VectorStore& store = core_.parts.shards->store();
  if (workload_.query_topics && !topics_) {
    const VectorDataConfig& data = core_.vectors->data;
    topics_ = std::make_unique<QueryTopics>(store, *workload_.query_topics, data.spread * data.query_noise, core_.seed);
  }
  if (topics_) {
    topics_->make_query(query_rng_, request.query);
    request.query_index = -1;  // a drawn query: its truth comes from brute force
  } else {
    request.query_index = store.make_query(query_rng_, request.query);
  }
  start_attempt(simulator, slot);
}

// Client side: pick a coordinator, send it the query, arm the client's timeout.
void SearchCoordinator::start_attempt(Simulator& simulator, std::uint32_t slot) {
  ClientRequests& requests = core_.parts.client->requests();
  ClientRequest& request = requests.at(slot);
  forget_search_state(slot);
  // The client picks a coordinator among the nodes it believes up (not one it tried): a
  // crashed node the detector has not declared dead yet is one of them, and the attempt
  // sent to it times out.
  NodeId candidates[kNodesMax];
  int count = 0;
  int untried = 0;
  core_.believed_up.for_each([&](NodeId node) {
    if (core_.nodes[node].holds_data) candidates[count++] = node;
  });
  for (int i = 0; i < count; ++i) {
    if (!request.tried.contains(candidates[i])) candidates[untried++] = candidates[i];
  }
  if (untried > 0) count = untried;
  if (count == 0) {
    core_.metrics.add(core_.parts.client->counters().unavailable_requests);
    fail(slot);
    return;
  }
  const NodeId coordinator = core_.parts.client->router().pick_uniform(candidates, count);
  request.tried.insert(coordinator);
  request.coordinator = coordinator;
  request.coordinator_incarnation = core_.nodes[coordinator].incarnation;
  const std::uint64_t token = requests.token(slot);
  const double bytes =
      core_.config.network.request_overhead_bytes + static_cast<double>(core_.parts.shards->store().value_bytes());
  if (const std::optional<TimeNs> arrival_ns = core_.network.send(kOutsideNode, coordinator, bytes, simulator.now_ns())) {
    core_.schedule_at(*arrival_ns, kSearchAtCoordinator, token,
                      job_token::encode(job_token::Address{coordinator, request.coordinator_incarnation}));
  }
  // A search attempt may need shard retries inside the cluster before it answers: its own
  // timeout (client.search_timeout_ms, cluster/cluster_config.h) covers them.
  request.timeout = core_.schedule_timer(search_timeout_ns(core_.config.client), kClientTimeout, token);
}

// Coordinator: fan out one call per shard.
void SearchCoordinator::on_search_at_coordinator(Simulator& simulator, std::uint64_t token, std::uint64_t address) {
  const job_token::Address to = job_token::decode_address(address);
  const Node& coordinator = core_.nodes[to.node];
  if (coordinator.incarnation != to.incarnation || !coordinator.running()) return;
  const job_token::Request decoded = job_token::decode_request(token);
  ClientRequest* request = core_.parts.client->requests().find(decoded);
  if (request == nullptr || decoded.attempt != request->attempt) return;
  const std::uint32_t shards = core_.vectors->shards;
  shards_to_probe(request->query, probe_);
  // Shards not probed count as done from the start: the fan-out waits for the others.
  ClientRequest::ShardCall unprobed;
  unprobed.done = probe_.size() != shards;
  release_shard_calls(*request);
  request->calls.assign(shards, unprobed);
  request->merged.clear();
  request->shards_pending = static_cast<std::uint32_t>(probe_.size());
  request->shards_called = static_cast<std::uint32_t>(probe_.size());
  request->shards_answered = 0;
  for (const std::uint32_t shard : probe_) {
    request->calls[shard].done = false;
    shard_searches_[shard] += 1;
  }
  for (const std::uint32_t shard : probe_) send_shard_call(simulator, decoded.slot, shard, false);
}

void SearchCoordinator::shards_to_probe(const std::vector<float>& query, std::vector<std::uint32_t>& out) const {
  const std::uint32_t shards = core_.vectors->shards;
  if (core_.shard_centroids.empty() || query.empty()) {
    out.resize(shards);
    for (std::uint32_t shard = 0; shard < shards; ++shard) out[shard] = shard;
    return;
  }
  const std::uint32_t nprobe = std::min(core_.vectors->partitioning.nprobe, shards);
  nearest_centroids(core_.shard_centroids, core_.vectors->data.dim, query.data(), nprobe, out);
}

NodeId SearchCoordinator::choose_shard_replica(std::uint32_t shard, const NodeSet& exclude) {
  NodeId candidates[kNodesMax];
  int count = 0;
  // Placement order first (the primary is first), then complete old owners.
  const ReplicaList& target = core_.parts.shards->shard_targets(shard);
  const auto usable = [&](NodeId node) {
    // A crashed node the detector has not declared dead still looks complete to the
    // cluster, even when its copy was the shard's last (RF 1): the call to it times out.
    return core_.believed_up.contains(node) && !exclude.contains(node) &&
           (core_.replicas.unit_complete_on(shard, node) || core_.undetected.unit_believed_on(shard, node));
  };
  for (const NodeId node : target) {
    if (usable(node)) candidates[count++] = node;
  }
  core_.believed_up.for_each([&](NodeId node) {
    if (usable(node) && !target.contains(node)) candidates[count++] = node;
  });
  if (count == 0) return kOutsideNode;
  return core_.parts.client->router().pick(candidates, count);
}

void SearchCoordinator::send_shard_call(Simulator& simulator, std::uint32_t slot, std::uint32_t shard, bool hedge) {
  ClientRequests& requests = core_.parts.client->requests();
  ClientRequest& request = requests.at(slot);
  ClientRequest::ShardCall& call = request.calls[shard];
  if (call.attempt >= job_token::kShardAttemptsMax - 1) {
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
  // In flight from now until its reply, its timeout or the end of its shard: the load
  // least_loaded_of_two compares (a replica is asked at most once per shard and fan-out).
  call.waiting.insert(replica);
  core_.parts.client->router().add_outstanding(replica);
  const std::uint64_t shard_token =
      job_token::encode(job_token::ShardCall{slot, requests.generation(slot), shard, call.attempt});
  const double bytes =
      core_.config.network.request_overhead_bytes + static_cast<double>(core_.parts.shards->store().value_bytes());
  if (const std::optional<TimeNs> arrival_ns =
          core_.network.send(request.coordinator, replica, bytes, simulator.now_ns())) {
    core_.schedule_at(*arrival_ns, kRpcAtNode, shard_token,
                      job_token::encode(job_token::Address{replica, core_.nodes[replica].incarnation}));
  }
  // The previous call's timers could only find their attempt superseded and do nothing.
  cancel_shard_timers(simulator, call);
  call.timeout = core_.schedule_timer(core_.config.client.timeout_ns, kShardTimeout, shard_token);
  request.shard_timers.push_back(*call.timeout);
  if (hedging_ && (hedge || call.attempt == 0)) {
    // The first call and its hedges, up to hedge_max_attempts copies (gRFC A6 hedging).
    call.copies = hedge ? static_cast<std::uint8_t>(call.copies + 1) : std::uint8_t{1};
    if (call.copies < hedge_max_attempts_) {
      call.hedge_timer = core_.schedule_timer(hedge_ns_, kShardHedge, shard_token);
      request.shard_timers.push_back(*call.hedge_timer);
    }
  }
}

// Replica: queue the shard call on its cores, search its index, answer the coordinator.
void SearchCoordinator::on_shard_rpc_at_node(Simulator& simulator, std::uint64_t shard_token, std::uint64_t address) {
  const job_token::Address to = job_token::decode_address(address);
  Node& node = core_.nodes[to.node];
  if (node.incarnation != to.incarnation || !node.running()) return;  // Nobody answers.
  if (core_.parts.stations->admit(simulator, node, QueuedJob{shard_token, simulator.now_ns()}) ==
      Station::Admission::kRejected) {
    core_.metrics.add(core_.parts.client->counters().queue_rejections);
  }
}

double SearchCoordinator::on_service_start(Simulator& simulator, Node& node, std::uint64_t shard_token) {
  (void)simulator;
  const job_token::ShardCall call = job_token::decode_shard_call(shard_token);
  ClientRequest* request = core_.parts.client->requests().find(call.slot, call.generation);
  const VectorIndexConfig& vectors = *core_.vectors;
  if (request == nullptr || core_.parts.shards->shard_index(node.id, call.shard) == nullptr || request->query.empty()) {
    return static_cast<double>(vectors.cost.search_overhead_ns);
  }
  std::vector<SearchHit>& hits = shard_results_[{call.slot, shard_token, node.id}];
  std::uint64_t deleted_visits = 0;
  std::uint64_t work = 0;
  {
    const ProfileScope scope(core_.profiler, ProfilePhase::kSearch);
    work = core_.parts.shards->search(node.id, call.shard, request->query.data(), hits, deleted_visits);
  }
  request->distance_computations += work;
  search_deleted_visits_total_ += static_cast<double>(deleted_visits);
  // The optional extra time of this shard search (index.search_extra_ms; its own stream, so
  // other draws are unchanged).
  const double extra_ns = vectors.search_extra_ns ? std::round(vectors.search_extra_ns->sample(search_extra_rng_)) : 0;
  return static_cast<double>(vectors.cost.search_ns(work, vectors.data.dim)) + extra_ns;
}

void SearchCoordinator::on_service_done(Simulator& simulator, Node& node, std::uint64_t shard_token) {
  node.requests_served += 1;
  const job_token::ShardCall call = job_token::decode_shard_call(shard_token);
  const ClientRequest* request = core_.parts.client->requests().find(call.slot, call.generation);
  const auto result = shard_results_.find({call.slot, shard_token, node.id});
  const double hits = result == shard_results_.end() ? 0.0 : static_cast<double>(result->second.size());
  const auto status = core_.replicas.unit_complete_on(call.shard, node.id) ? job_token::ReplyStatus::kOk
                                                                           : job_token::ReplyStatus::kMoved;
  if (request == nullptr) return;
  const std::optional<TimeNs> arrival_ns = core_.network.send(
      node.id, request->coordinator, core_.config.network.request_overhead_bytes + kBytesPerHit * hits,
      simulator.now_ns());
  if (arrival_ns) core_.schedule_at(*arrival_ns, kShardReply, shard_token, job_token::encode(job_token::Reply{node.id, status}));
}

ClientRequest* SearchCoordinator::live_call(const job_token::ShardCall& call) {
  ClientRequest* request = core_.parts.client->requests().find(call.slot, call.generation);
  if (request == nullptr || request->calls.empty() || request->calls[call.shard].done) return nullptr;
  return request;
}

// Coordinator: merge a shard's answer, or retry it elsewhere.
void SearchCoordinator::on_shard_reply(Simulator& simulator, std::uint64_t shard_token, std::uint64_t reply_value) {
  const job_token::ShardCall call = job_token::decode_shard_call(shard_token);
  const job_token::Reply reply = job_token::decode_reply(reply_value);
  const auto key = std::make_tuple(call.slot, shard_token, reply.node);
  ClientRequest* request = live_call(call);
  if (request == nullptr || core_.nodes[request->coordinator].incarnation != request->coordinator_incarnation ||
      !core_.nodes[request->coordinator].running()) {
    shard_results_.erase(key);
    return;
  }
  release_shard_call(request->calls[call.shard], reply.node);
  if (reply.status == job_token::ReplyStatus::kMoved) {
    shard_results_.erase(key);
    core_.metrics.add(core_.parts.client->counters().redirects);
    send_shard_call(simulator, call.slot, call.shard, false);
    return;
  }
  if (const auto found = shard_results_.find(key); found != shard_results_.end()) {
    // Merge into the running top-k; replicas of one shard never overlap other shards.
    std::vector<SearchHit>& merged = request->merged;
    merged.insert(merged.end(), found->second.begin(), found->second.end());
    std::sort(merged.begin(), merged.end(), closer);
    if (merged.size() > core_.vectors->k) merged.resize(core_.vectors->k);
    shard_results_.erase(found);
  }
  request->shards_answered += 1;
  finish_shard(simulator, call.slot, call.shard);
}

void SearchCoordinator::finish_shard(Simulator& simulator, std::uint32_t slot, std::uint32_t shard) {
  ClientRequests& requests = core_.parts.client->requests();
  ClientRequest& request = requests.at(slot);
  RINGSIM_ASSERT(!request.calls[shard].done);
  request.calls[shard].done = true;
  cancel_shard_timers(simulator, request.calls[shard]);
  // Copies still out (hedges, a late first call) no longer count: the shard is answered
  // or given up, as a get's losing copies stop counting when the get completes.
  request.calls[shard].waiting.for_each(
      [&](NodeId node) { release_shard_call(request.calls[shard], node); });
  RINGSIM_ASSERT(request.shards_pending > 0);
  request.shards_pending -= 1;
  if (request.shards_pending > 0) return;
  if (request.shards_answered < request.shards_called) core_.metrics.add(partial_searches_);
  const double bytes =
      core_.config.network.request_overhead_bytes + kBytesPerHit * static_cast<double>(request.merged.size());
  if (const std::optional<TimeNs> arrival_ns =
          core_.network.send(request.coordinator, kOutsideNode, bytes, simulator.now_ns())) {
    core_.schedule_at(*arrival_ns, kReplyAtClient, requests.token(slot),
                      job_token::encode(job_token::Reply{request.coordinator, job_token::ReplyStatus::kOk}));
  }
}

void SearchCoordinator::on_shard_timeout(Simulator& simulator, std::uint64_t shard_token) {
  const job_token::ShardCall call = job_token::decode_shard_call(shard_token);
  ClientRequest* request = live_call(call);
  if (request == nullptr || request->calls[call.shard].attempt != call.attempt) return;
  request->calls[call.shard].timeout.reset();  // This one, firing now.
  core_.metrics.add(core_.parts.client->counters().timeouts);
  core_.metrics.add(core_.parts.client->counters().shard_timeouts);
  // The shard's calls are over for the client (as a get's copies at its timeout): a crashed
  // or overloaded replica stops counting as busy here, not never.
  ClientRequest::ShardCall& timed_out = request->calls[call.shard];
  timed_out.waiting.for_each([&](NodeId node) { release_shard_call(timed_out, node); });
  const std::uint32_t attempts_max =
      std::min<std::uint32_t>(core_.config.client.max_retries, job_token::kShardAttemptsMax);
  if (request->calls[call.shard].attempt >= attempts_max) {
    finish_shard(simulator, call.slot, call.shard);  // Give up on this shard: the result is partial.
    return;
  }
  core_.metrics.add(core_.parts.client->counters().retries);
  send_shard_call(simulator, call.slot, call.shard, false);
}

void SearchCoordinator::on_shard_hedge(Simulator& simulator, std::uint64_t shard_token) {
  const job_token::ShardCall call = job_token::decode_shard_call(shard_token);
  ClientRequest* request = live_call(call);
  if (request == nullptr || request->calls[call.shard].attempt != call.attempt) return;
  request->calls[call.shard].hedge_timer.reset();  // This one, firing now.
  core_.metrics.add(hedges_);
  send_shard_call(simulator, call.slot, call.shard, true);
}

// Client side: the merged answer arrived, or the whole search timed out.
void SearchCoordinator::on_reply(Simulator& simulator, std::uint64_t token, std::uint64_t reply) {
  const job_token::Request decoded = job_token::decode_request(token);
  const ClientRequest* request = core_.parts.client->requests().find(decoded);
  if (request == nullptr || decoded.attempt != request->attempt) return;  // Completed, or an old attempt.
  if (job_token::decode_reply(reply).node == request->coordinator) complete(simulator, decoded.slot);
}

void SearchCoordinator::on_client_timeout(Simulator& simulator, std::uint64_t token) {
  const job_token::Request decoded = job_token::decode_request(token);
  ClientRequest* request = core_.parts.client->requests().find(decoded);
  if (request == nullptr || decoded.attempt != request->attempt) return;
  request->timeout.reset();  // This one, firing now.
  const ClientCounters& counters = core_.parts.client->counters();
  core_.metrics.add(counters.timeouts);
  core_.metrics.add(counters.client_timeouts);
  // Shard calls of the old attempt end, with their timeouts and hedges (a shard-call token
  // does not name the search's attempt: kept, an old timer would act on the next fan-out's
  // call of the same shard and attempt number).
  release_shard_calls(*request);
  for (ClientRequest::ShardCall& call : request->calls) cancel_shard_timers(simulator, call);
  request->calls.clear();
  if (request->attempt >= core_.config.client.max_retries + request->redirects) {
    fail(decoded.slot);
    return;
  }
  core_.metrics.add(counters.retries);
  request->attempt += 1;
  start_attempt(simulator, decoded.slot);
}

void SearchCoordinator::complete(Simulator& simulator, std::uint32_t slot) {
  ClientRequests& requests = core_.parts.client->requests();
  const ClientRequest& request = requests.at(slot);
  searches_completed_ += 1;
  core_.parts.client->count_completion(simulator.now_ns());
  search_distance_total_ += static_cast<double>(request.distance_computations);
  search_shards_total_ += request.shards_answered;
  record_touch(request, simulator.now_ns());
  // Fewer than k results: tombstones crowded the candidate lists, or shards were missing.
  if (request.merged.size() < core_.vectors->k) core_.metrics.add(short_of_k_);
  sample_recall(request);
  release_shard_calls(requests.at(slot));
  forget_search_state(slot);
  cancel_timers(simulator, requests.at(slot));
  core_.metrics.record_latency(search_op_, simulator.now_ns() - request.start_ns, simulator.now_ns());
  requests.release(slot);
}

void SearchCoordinator::record_touch(const ClientRequest& request, TimeNs now_ns) {
  // Newest first: the oldest entry (or a new one) moves to the front and is refilled, so
  // its vectors keep their capacity from search to search.
  if (recent_.size() < kRecentSearches) recent_.emplace_back();
  std::rotate(recent_.rbegin(), recent_.rbegin() + 1, recent_.rend());
  SearchTouch& touch = recent_.front();
  touch.sequence = ++searches_logged_;
  touch.completed_ns = now_ns;
  touch.coordinator = request.coordinator;
  touch.shards.clear();
  touch.replicas.clear();
  for (std::uint32_t shard = 0; shard < request.calls.size(); ++shard) {
    if (request.calls[shard].tried.empty()) continue;  // Not probed.
    touch.shards.push_back(shard);
    touch.replicas.push_back(request.calls[shard].tried);
  }
}

void SearchCoordinator::fail(std::uint32_t slot) {
  release_shard_calls(core_.parts.client->requests().at(slot));
  forget_search_state(slot);
  cancel_timers(*core_.simulator, core_.parts.client->requests().at(slot));
  core_.parts.client->fail_request(slot);
}

void SearchCoordinator::cancel_timers(Simulator& simulator, ClientRequest& request) {
  // The search is over: its slot's next generation makes every timer armed for it stale,
  // so none of them can do anything when it fires.
  ClientRequests::cancel_timeout(simulator, request);
  for (const EventId timer : request.shard_timers) simulator.cancel(timer);
  request.shard_timers.clear();
}

void SearchCoordinator::cancel_shard_timers(Simulator& simulator, ClientRequest::ShardCall& call) {
  if (call.timeout) simulator.cancel(*call.timeout);
  if (call.hedge_timer) simulator.cancel(*call.hedge_timer);
  call.timeout.reset();
  call.hedge_timer.reset();
}

void SearchCoordinator::release_shard_call(ClientRequest::ShardCall& call, NodeId node) {
  if (!call.waiting.contains(node)) return;  // Released already (a late reply).
  call.waiting.erase(node);
  core_.parts.client->router().remove_outstanding(node);
}

void SearchCoordinator::release_shard_calls(ClientRequest& request) {
  for (ClientRequest::ShardCall& call : request.calls) {
    call.waiting.for_each([&](NodeId node) { release_shard_call(call, node); });
  }
}

void SearchCoordinator::forget_search_state(std::uint32_t slot) {
  const auto first = shard_results_.lower_bound({slot, 0, 0});
  const auto last = shard_results_.lower_bound({slot + 1, 0, 0});
  shard_results_.erase(first, last);
}

void SearchCoordinator::sample_recall(const ClientRequest& request) {
  if (recall_rng_.next_unit() >= workload_.recall_sample_rate) return;
  // Only sampled searches pay for the truth: the cost is proportional to recall_sample_rate.
  const ProfileScope scope(core_.profiler, ProfilePhase::kRecall);
  // The truth is every vector the user stored and did not delete: a lost vector is a
  // vector the database should have returned, so losing data costs recall.
  const VectorStore& store = core_.parts.shards->store();
  std::vector<SearchHit> truth;
  // A data set's own ground truth is used as given (it describes the base as loaded).
  if (store.ground_truth(request.query_index, core_.vectors->k, truth)) {
    record_recall(recall(request.merged, truth));
    return;
  }
  std::vector<std::uint32_t> live;
  live.reserve(core_.replicas.key_count());
  for (KeyId key = 0; key < core_.replicas.key_count(); ++key) {
    if (!store.deleted(key)) live.push_back(key);
  }
  brute_force_search(store.metric(), store.data(), store.dim(), live, request.query.data(), core_.vectors->k, truth);
  record_recall(recall(request.merged, truth));
}

void SearchCoordinator::record_recall(double value) {
  if (recall_listener_) recall_listener_(value);
  recall_window_sum_ += value;
  recall_window_count_ += 1;
  recall_total_sum_ += value;
  recall_total_count_ += 1;
}

void SearchCoordinator::sample_gauges() {
  // A window without sampled searches has no recall (kNoValue: an empty CSV cell, a gap in
  // plots), never the last window's value or a made-up 1: an outage must not look perfect.
  const double window_recall = recall_window_count_ > 0
                                   ? recall_window_sum_ / static_cast<double>(recall_window_count_)
                                   : kNoValue;
  // How many searches the window's recall_at_k averages: the report's sampling-error band
  // comes from it.
  core_.metrics.set_gauge(recall_samples_gauge_, static_cast<double>(recall_window_count_));
  recall_window_sum_ = 0;
  recall_window_count_ = 0;
  core_.metrics.set_gauge(recall_gauge_, window_recall);
  core_.metrics.set_gauge(index_memory_gauge_, static_cast<double>(core_.parts.shards->index_memory_bytes()));
  core_.metrics.set_gauge(tombstone_gauge_, core_.parts.shards->tombstone_ratio_max());
  // One series per node, registered when the node first appears (as membership does).
  for (const Node& node : core_.nodes) {
    if (node.id >= node_index_memory_gauges_.size()) {
      node_index_memory_gauges_.push_back(
          core_.metrics.register_gauge("node." + std::to_string(node.id) + ".index_memory_bytes"));
    }
    core_.metrics.set_gauge(node_index_memory_gauges_[node.id],
                            static_cast<double>(core_.parts.shards->node_index_memory_bytes(node.id)));
  }
}

void SearchCoordinator::finish() {
  Metrics& metrics = core_.metrics;
  const double searches = static_cast<double>(std::max<std::uint64_t>(1, searches_completed_));
  metrics.set_result(recall_result_,
                     recall_total_count_ > 0 ? recall_total_sum_ / static_cast<double>(recall_total_count_) : kNoValue);
  metrics.set_result(recall_samples_result_, static_cast<double>(recall_total_count_));
  metrics.set_result(index_memory_result_, static_cast<double>(core_.parts.shards->index_memory_bytes()));
  metrics.set_result(distances_per_search_result_, search_distance_total_ / searches);
  metrics.set_result(shards_per_search_result_, search_shards_total_ / searches);
  metrics.set_result(vectors_per_shard_result_, core_.parts.shards->vectors_per_shard_replica());
  double probes = 0;
  double hottest = 0;
  for (const double count : shard_searches_) probes += count, hottest = std::max(hottest, count);
  metrics.set_result(hottest_shard_share_result_, probes > 0 ? hottest / probes : 0.0);
  metrics.set_result(deleted_visits_result_, search_deleted_visits_total_ / searches);
  metrics.set_result(tombstone_result_, core_.parts.shards->tombstone_ratio_max());
}

}  // namespace ringsim
