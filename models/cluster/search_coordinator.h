// A vector search from arrival to its latency sample, in one place (vector mode):
//
//   begin: the client draws a query and picks a coordinator among the nodes it believes
//   up (not one it tried) -> kSearchAtCoordinator: the coordinator fans out one shard call
//   per shard to one replica (read policy; every hedge_ns another copy to a replica not asked, up to
//   hedge_max_attempts copies) -> kRpcAtNode / service on the replica's cores (a real HNSW search of its
//   index, StationWork of shard-call jobs) -> kShardReply: merge into the running top-k;
//   "moved" retries at once, kShardTimeout retries another replica up to max_retries and
//   then leaves the shard out (a partial result) -> the merged top-k goes back to the
//   client (kReplyAtClient) -> latency, and for a sample of searches recall at k against
//   brute force over every live vector.
//
// The client's own timeout (kClientTimeout) covers the whole search, shard retries
// included; on expiry it retries with another coordinator. When a search completes or
// fails, its timeout and its shard calls' timeouts and hedges are cancelled.
//
// Events owned: kSearchAtCoordinator, kShardReply, kShardTimeout, kShardHedge, and
// kRpcAtNode / kReplyAtClient / kClientTimeout of searches. State owned: the shard results
// between a replica's service and the coordinator's merge, recall and search totals. The
// request itself lives in the client's table (ClientRequests).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <tuple>
#include <vector>

#include "models/cluster/client_requests.h"
#include "models/cluster/cluster_core.h"
#include "models/cluster/node_stations.h"
#include "models/cluster/search_touch.h"
#include "workloads/partitioning.h"

namespace ringsim {

class SearchCoordinator final : public StationWork {
 public:
  // Registers the vector-mode metrics (delete's latency too, for the client path).
  SearchCoordinator(ClusterCore& core, const PointWorkloadConfig& workload);

  OpId delete_op() const { return delete_op_; }
  // Hears every recall measured (a runbook attributes them to its current step).
  void set_recall_listener(std::function<void(double)> listener) { recall_listener_ = std::move(listener); }

  // A new search in request slot `slot` (op, key and start time set).
  void begin(Simulator& simulator, std::uint32_t slot);

  void on_search_at_coordinator(Simulator& simulator, std::uint64_t token, std::uint64_t address);
  void on_shard_rpc_at_node(Simulator& simulator, std::uint64_t shard_token, std::uint64_t address);
  double on_service_start(Simulator& simulator, Node& node, std::uint64_t shard_token) override;
  void on_service_done(Simulator& simulator, Node& node, std::uint64_t shard_token) override;
  void on_shard_reply(Simulator& simulator, std::uint64_t shard_token, std::uint64_t reply);
  void on_shard_timeout(Simulator& simulator, std::uint64_t shard_token);
  void on_shard_hedge(Simulator& simulator, std::uint64_t shard_token);
  void on_reply(Simulator& simulator, std::uint64_t token, std::uint64_t reply);
  void on_client_timeout(Simulator& simulator, std::uint64_t token);

  void sample_gauges();
  void finish();
  // Completed searches, newest first, at most kRecentSearches.
  const std::vector<SearchTouch>& recent_searches() const { return recent_; }

 private:
  void start_attempt(Simulator& simulator, std::uint32_t slot);
  void send_shard_call(Simulator& simulator, std::uint32_t slot, std::uint32_t shard, bool hedge);
  void finish_shard(Simulator& simulator, std::uint32_t slot, std::uint32_t shard);
  // The live search a shard call belongs to, with its fan-out under way, or nullptr.
  ClientRequest* live_call(const job_token::ShardCall& call);
  void complete(Simulator& simulator, std::uint32_t slot);
  void fail(std::uint32_t slot);
  // Cancels the search's own timeout and every shard timeout and hedge armed for it.
  void cancel_timers(Simulator& simulator, ClientRequest& request);
  void sample_recall(const ClientRequest& request);
  void record_recall(double value);
  void forget_search_state(std::uint32_t slot);
  // Ends one shard call's outstanding count at `node` (nothing when it has ended already),
  // or every call of the request's fan-out.
  void release_shard_call(ClientRequest::ShardCall& call, NodeId node);
  void release_shard_calls(ClientRequest& request);
  // Cancels the shard's pending timeout and hedge timers (a call superseded or ended).
  static void cancel_shard_timers(Simulator& simulator, ClientRequest::ShardCall& call);
  NodeId choose_shard_replica(std::uint32_t shard, const NodeSet& exclude);
  // The shards a search asks: every shard, or the nprobe whose centroids are nearest.
  void shards_to_probe(const std::vector<float>& query, std::vector<std::uint32_t>& out) const;
  void record_touch(const ClientRequest& request, TimeNs now_ns);

  ClusterCore& core_;
  PointWorkloadConfig workload_;
  // Shard-call hedging: workload.hedge_ms (hedge_max_attempts copies), else the client's
  // hedging_policy (gRFC A6; cluster_config.h HedgingPolicyConfig).
  bool hedging_ = false;
  TimeNs hedge_ns_ = 0;
  std::uint32_t hedge_max_attempts_ = 2;
  Rng query_rng_;
  Rng recall_rng_;
  Rng search_extra_rng_;  // index.search_extra_ms draws
  std::unique_ptr<QueryTopics> topics_;  // workload.query_topics, built at the first search
  std::vector<std::uint32_t> probe_;      // scratch: the shards of the current fan-out
  std::vector<double> shard_searches_;   // per shard: fan-outs that asked it
  std::vector<SearchTouch> recent_;  // newest first
  std::uint64_t searches_logged_ = 0;
  // Shard-search results between the replica's service and the coordinator's merge,
  // keyed by (request slot, shard token, node).
  std::map<std::tuple<std::uint32_t, std::uint64_t, NodeId>, std::vector<SearchHit>> shard_results_;
  double recall_window_sum_ = 0;
  std::uint64_t recall_window_count_ = 0;
  double recall_total_sum_ = 0;
  std::uint64_t recall_total_count_ = 0;
  double search_distance_total_ = 0;
  double search_shards_total_ = 0;
  std::uint64_t searches_completed_ = 0;
  OpId search_op_ = 0;
  OpId delete_op_ = 0;
  CounterId partial_searches_ = 0;
  CounterId hedges_ = 0;
  ResultId recall_result_ = 0;
  ResultId recall_samples_result_ = 0;
  ResultId index_memory_result_ = 0;
  ResultId distances_per_search_result_ = 0;
  ResultId shards_per_search_result_ = 0;
  ResultId vectors_per_shard_result_ = 0;
  ResultId hottest_shard_share_result_ = 0;
  SeriesId recall_gauge_ = 0;
  SeriesId recall_samples_gauge_ = 0;
  SeriesId index_memory_gauge_ = 0;
  double search_deleted_visits_total_ = 0;  // distance computations on deleted entries
  CounterId short_of_k_ = 0;
  ResultId deleted_visits_result_ = 0;
  ResultId tombstone_result_ = 0;
  SeriesId tombstone_gauge_ = 0;
  std::vector<SeriesId> node_index_memory_gauges_;  // node.<id>.index_memory_bytes, by node id
  std::function<void(double)> recall_listener_;
};

}  // namespace ringsim
