// The client path: open-loop arrivals of point operations, and the unary RPC of a get, put
// or delete from the client to its replicas and back (searches are handed to the
// SearchCoordinator at arrival).
//
// A get goes to one replica chosen by the read policy among the nodes that hold the key
// and are believed up (plus a hot key's extra read replicas, HotKeyMitigation); a put or
// delete goes to every holder and incoming copy and completes at write_quorum acks. Each
// attempt has a timeout; on expiry, or when a node answers "overloaded" (its queue was
// full), the attempt failed and the client retries another replica up to max_retries, per
// its retry policy (retry_policy.h): after a backoff (event kClientRetry), if the retry
// budget has a token (ringsim's bucket, Finagle's budget or gRPC's throttling,
// retry_limits.h; a refusal counts in retries_refused_budget), and while the circuit breaker lets attempts out (an open breaker
// fails requests at once). A node that no longer holds the key (its handoff completed while
// the request was in flight) answers "moved" and the client retries at once (a redirect,
// not a timeout). A get carries its attempt's deadline (sent + timeout) for drop_expired;
// writes carry none (a dropped write would leave its replica behind). Searches keep their
// own retries (SearchCoordinator). A timeout that can no longer fire usefully (its
// request completed, failed or was redirected) is cancelled. The replica's half (service on its cores, the write
// applied to its index in vector mode) is the StationWork of request jobs.
//
// Events owned: kArrival; kRpcAtNode, kReplyAtClient, kClientTimeout of request tokens
// whose op is not a search; kClientRetry; kClientHedge; kHotKeysWindow (handed to
// HotKeyMitigation). With hedging_policy a get's attempt is up to max_attempts copies
// (gRFC A6 hedging; cluster_config.h HedgingPolicyConfig); its timeout covers them all.
// Summary: counters retries (sent), retries_refused_budget, breaker_opens,
// breaker_rejections (requests failed at once by an open breaker), overloaded_answers;
// result goodput_qps (requests of every kind, gets, puts, deletes and searches, answered per
// second after warm-up); gauges
// per window retries_per_s, overloaded_per_s, dropped_expired_per_s. State owned: the request table (shared with the search
// coordinator), the workload and arrivals, the writes on their way to replicas.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <utility>

#include "models/cluster/client_requests.h"
#include "models/cluster/cluster_core.h"
#include "models/cluster/hot_key_mitigation.h"
#include "models/cluster/node_stations.h"
#include "models/cluster/read_router.h"
#include "models/cluster/retry_limits.h"
#include "models/cluster/retry_policy.h"
#include "workloads/point_workload.h"

namespace ringsim {

// Counters of the client's requests, searches included.
struct ClientCounters {
  CounterId timeouts = 0;         // Total: client_timeouts + shard_timeouts.
  CounterId client_timeouts = 0;  // Client attempts (get/put/delete, or a search attempt).
  CounterId shard_timeouts = 0;   // A search coordinator's shard calls.
  CounterId retries = 0;
  CounterId redirects = 0;
  CounterId failed_requests = 0;
  CounterId unavailable_requests = 0;
  CounterId lost_key_requests = 0;
  CounterId queue_rejections = 0;
  CounterId retries_refused_budget = 0;
  CounterId breaker_opens = 0;
  CounterId breaker_rejections = 0;
  CounterId overloaded_answers = 0;
  CounterId get_hedges = 0;  // hedging_policy: copies sent after the first
};

class ClientPath final : public StationWork {
 public:
  ClientPath(ClusterCore& core, const ClusterScenario& scenario);

  void start(Simulator& simulator);
  void set_delete_op(OpId op) { delete_op_ = op; }
  // Vector mode: who takes a search once its slot is filled (the search coordinator). Handed
  // in, so the client path does not depend on the coordinator, which depends on it.
  using SearchStarter = std::function<void(Simulator&, std::uint32_t slot)>;
  void set_search_starter(SearchStarter starter) { start_search_ = std::move(starter); }

  void on_arrival(Simulator& simulator);
  // Starts one request of `op` on `key` now (a runbook's operation; with new_id, an insert:
  // the key's value is already stored). Returns false when the client cannot take it.
  bool issue(Simulator& simulator, PointOp op, KeyId key, bool new_id);
  void on_rpc_at_node(Simulator& simulator, std::uint64_t token, std::uint64_t address);
  void on_reply(Simulator& simulator, std::uint64_t token, std::uint64_t reply);
  void on_client_timeout(Simulator& simulator, std::uint64_t token);
  void on_client_retry(Simulator& simulator, std::uint64_t token);
  // hedging_policy: the next copy of a get is due.
  void on_client_hedge(Simulator& simulator, std::uint64_t token);
  void on_hot_keys_window(Simulator& simulator);
  void sample_gauges(TimeNs now_ns);
  void finish(TimeNs end_ns);
  // A request answered outside this path (a search, by the search coordinator) counts
  // towards goodput_qps like the point operations.
  void count_completion(TimeNs now_ns) {
    if (now_ns >= core_.metrics.warmup_ns()) completed_after_warmup_ += 1;
  }
  void add_tables(std::vector<SummaryTable>& tables) const { hot_keys_.add_tables(tables); }

  double on_service_start(Simulator& simulator, Node& node, std::uint64_t job) override;
  void on_service_done(Simulator& simulator, Node& node, std::uint64_t job) override;
  void on_dropped(Node& node, std::uint64_t job) override;

  // The node's process ended: writes on their way to it or queued there are gone.
  void forget_node_writes(NodeId node);
  // Ends a request that found no node to ask (counted unavailable) or gave up.
  void fail_request(std::uint32_t slot);

  ClientRequests& requests() { return requests_; }
  ReadRouter& router() { return router_; }
  const ReadRouter& router() const { return router_; }
  const ClientCounters& counters() const { return counters_; }
  ArrivalProcess& arrivals() { return arrivals_; }
  PointWorkload& workload() { return workload_; }
  const CircuitBreaker& breaker() const { return breaker_; }
  const HotKeyMitigation& hot_keys() const { return hot_keys_; }
  // Writes sent to a replica and not yet applied there: (node, token) -> key.
  const std::map<std::pair<NodeId, std::uint64_t>, KeyId>& pending_writes() const { return pending_writes_; }

 private:
  void issue_attempt(Simulator& simulator, std::uint32_t slot);
  void send_rpc(Simulator& simulator, std::uint64_t token, NodeId node);
  void complete_request(Simulator& simulator, std::uint32_t slot, NodeId answered_by = kOutsideNode);
  // The current attempt failed (timeout or "overloaded"): retry per the policy or give up.
  void retry_or_fail(Simulator& simulator, std::uint32_t slot);
  void on_overloaded(Simulator& simulator, std::uint32_t slot, NodeId node);
  void note_outcome(bool success);
  // hedging_policy: sends the get's next copy to a replica not asked yet, if any is left,
  // the policy allows another and the throttle lets it out. True when one went out.
  bool send_hedge(Simulator& simulator, std::uint32_t slot);
  void release_waiting(ClientRequest& request);
  NodeId choose_read_replica(KeyId key, const NodeSet& tried);

  ClusterCore& core_;
  SearchStarter start_search_;
  PointWorkload workload_;
  ArrivalProcess arrivals_;
  ReadRouter router_;
  Rng service_rng_;
  Rng update_rng_;
  Rng backoff_rng_;
  RetryBudget budget_;
  GrpcRetryThrottle throttle_;
  FinagleRetryBudget finagle_budget_;
  CircuitBreaker breaker_;
  HotKeyMitigation hot_keys_;
  std::uint64_t breaker_opens_seen_ = 0;
  std::uint64_t completed_after_warmup_ = 0;
  std::array<std::int64_t, 4> window_counts_{};  // retries, overloaded, dropped, timeouts at the last sample
  std::array<SeriesId, 4> rate_gauges_{};
  ResultId goodput_result_ = 0;
  ClientRequests requests_;
  // Upserts and deletes on their way to or queued at a replica: (node, token) -> key. The
  // replica applies the write even after the client's quorum completed the request.
  std::map<std::pair<NodeId, std::uint64_t>, KeyId> pending_writes_;
  bool workload_config_has_runbook_ = false;  // no arrivals: a runbook issues the requests
  OpId get_op_;
  OpId put_op_;
  OpId delete_op_ = 0;
  ClientCounters counters_;
};

}  // namespace ringsim
