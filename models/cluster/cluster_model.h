// The cluster model: a virtual cluster of nodes behind a placement strategy, with clients
// issuing point operations (get/put) open-loop, and a timeline of membership changes,
// faults and load changes. Every replica of every key is accounted for (ReplicaMap), and
// every data movement runs through the Migrator.
//
// Client path (a gRPC-style unary call per replica): the client routes a get to one
// replica chosen by the read policy among the nodes that hold the key and are believed up;
// a put goes to every holder and incoming copy and completes at write_quorum acks. Each
// attempt has a timeout; on expiry the client retries another replica, up to max_retries.
// A node that no longer holds the key (its handoff completed while the request was in
// flight) answers "moved" and the client retries at once (a redirect, not a timeout).
//
// Vectors (when the data has them): keys are grouped into logical shards, the placement
// places shards, and every node keeps one HNSW index per shard replica it holds. A search
// goes to a coordinator node, which fans out one RPC per shard to one replica (read
// policy; optional hedge to a second replica), merges the partial top-k lists and replies;
// shards that time out past their retries leave the result partial. Upserts and deletes
// go to every replica like puts. Migration inserts the moved vectors into the target's
// index (cost on the target's cores) and drops them from the source's. A sample of
// searches is compared with brute force over all live vectors: recall at k.
//
// Membership: joins and graceful removals change the placement at once and migrate the
// affected ranges; a crash destroys the node's copies (keys left with none are lost) but
// the placement only changes when the failure detector declares the node dead, after
// failure_timeout of missed heartbeats. Until then requests to it time out.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "cluster/cluster_config.h"
#include "cluster/migration.h"
#include "cluster/network.h"
#include "cluster/node.h"
#include "cluster/placement/placement.h"
#include "cluster/replica_map.h"
#include "index/index_op_log.h"
#include "index/shard.h"
#include "models/cluster/cluster_scenario.h"
#include "sim/dag/dag_executor.h"
#include "sim/dag/dag_metrics.h"
#include "sim/dag/dag_resources.h"
#include "sim/metrics.h"
#include "sim/model.h"
#include "sim/summary.h"
#include "workloads/pipelines.h"
#include "workloads/point_workload.h"
#include "workloads/timeline.h"
#include "workloads/vector_data.h"

namespace ringsim {

// Appends `item` to a comma-separated list.
inline void append_to_list(std::string& list, const std::string& item) {
  if (!list.empty()) list += ',';
  list += item;
}

// One membership change and what it cost.
struct ChangeRecord {
  ChangeId id = 0;
  TimeNs at_ns = 0;
  std::string action;        // "add_node", "remove_node", "node_dead", "rejoin"
  std::string subject;       // the nodes or keys concerned, e.g. "8,9" or "key 17"
  std::uint32_t members_before = 0;
  std::uint32_t members_after = 0;
  std::uint64_t keys_moved = 0;  // replica copies installed by this change's transfers
  double keys_moved_ideal = 0;   // the minimum any placement must move for this change
  double bytes_moved = 0;
  std::uint64_t transfers_open = 0;
  TimeNs completed_ns = -1;            // all its transfers ended
  TimeNs fully_replicated_ns = -1;     // first time afterwards with no under-replicated key
};

class ClusterModel final : public Model,
                           private MigrationListener,
                           private TaskResources,
                           private DagRunListener {
 public:
  // build_threads: threads used to build the initial HNSW indexes. Each index is built by
  // one thread in key order, so results are identical at any thread count.
  ClusterModel(const ClusterScenario& scenario, std::uint64_t seed, Metrics& metrics,
               std::uint32_t build_threads = 1);
  ~ClusterModel() override;

  void start(Simulator& simulator) override;
  void sample_gauges(TimeNs now_ns) override;
  void finish(TimeNs end_ns) override;
  void add_tables(std::vector<SummaryTable>& tables) const override;

  void handle_event(Simulator& simulator, const Event& event) override;
  const char* handler_name() const override { return "cluster"; }
  const char* event_kind_name(EventKind kind) const override;

  // Read-only views for the GUI and tests.
  const std::vector<Node>& nodes() const { return nodes_; }
  const ReplicaMap& replicas() const { return replicas_; }
  const Placement& placement() const { return *placement_; }
  const Migrator& migrator() const { return *migrator_; }
  const std::vector<ChangeRecord>& changes() const { return changes_; }
  std::uint64_t under_replicated() const { return under_replicated_count_; }
  const NodeSet& believed_up() const { return believed_up_; }
  bool has_vectors() const { return vectors_.has_value(); }
  // The node's index of `shard`, or nullptr (vector mode).
  const Shard* shard_index(NodeId node, std::uint32_t shard) const;
  const VectorStore* vector_store() const { return store_.get(); }
  std::uint64_t index_memory_bytes() const;
  // DAG pipelines (nullptr without pipelines): their runs and task states. A finished
  // run keeps its task records until the next run of the same pipeline finishes, so the
  // latest finished run of each pipeline can still be drawn.
  const DagExecutor* dag_executor() const { return dag_executor_.get(); }
  // The latest finished run of pipeline `pipeline` (index into the scenario's pipelines),
  // with its task records, or nullopt before the first one finishes.
  std::optional<DagRunId> latest_finished_run(std::size_t pipeline) const;
  // The finished run of pipeline `pipeline` with the longest makespan so far (the earliest
  // on ties), with its task records, or nullopt before the first one finishes.
  std::optional<DagRunId> slowest_finished_run(std::size_t pipeline) const;
  // The pipelines' definitions, by index (empty without pipelines).
  const std::vector<PipelineConfig>& pipelines() const { return pipelines_; }
  // Migrations: one DAG run per moved range (snapshot -> stream -> apply -> verify ->
  // switch_ownership -> drop_source); run ids equal range ids. Finished runs keep their
  // task records until the next one finishes.
  const DagExecutor* migration_dag_executor() const { return migration_dags_.get(); }
  // Ranges whose migration DAG has not ended yet.
  std::uint64_t migration_ranges_open() const { return ranges_open_; }
  // Autoscaler (cluster.autoscaler): its configuration (enabled false without one), its
  // latest evaluation (nullptr before the first) and every decision that added or removed
  // nodes, in time order.
  const AutoscalerConfig& autoscaler_config() const { return config_.autoscaler; }
  const AutoscalerDecision* latest_autoscaler_decision() const {
    return latest_autoscaler_decision_ ? &*latest_autoscaler_decision_ : nullptr;
  }
  const std::vector<AutoscalerDecision>& autoscaler_actions() const { return autoscaler_actions_; }
  // Records every index operation into `log` from now on (benchmarks replay it bare).
  void set_index_op_log(IndexOpLog* log);
  // Aborts with a message when an accounting invariant is broken. O(keys).
  void check_invariants() const;

 private:
  enum Kind : EventKind {
    kArrival, kRpcAtNode, kServiceDone, kReplyAtClient, kClientTimeout,
    kHeartbeat, kDetectorCheck, kTimelineAction, kActionEnd, kNodeBooted, kJoinBatch,
    kSearchAtCoordinator, kShardReply, kShardTimeout, kShardHedge, kPipelineArrival,
    kPipelineOneOff, kAutoscalerEvaluate,
  };
  struct DagJob {
    AttemptRef attempt;
    TimeNs service_ns = 0;
    AttemptListener* listener = nullptr;
    NodeId node = 0;
    bool abandoned = false;
    bool active = false;
  };
  struct Request;
  class Requests;
  // One moved range: the keys one change copies from one source to one target, migrated
  // by one DAG run (same id). A chain, so at most one attempt is in flight.
  struct MigrationRange {
    ChangeId change = 0;
    NodeId source = 0;
    NodeId target = 0;
    std::vector<KeyId> keys;  // Released when the range closes.
    TransferId transfer = 0;
    bool streaming = false;  // The stream task started a transfer that has not ended.
    bool switched = false;   // Ownership switched: the target holds the keys.
    bool closed = false;     // Counted out of its change: succeeded, failed or aborted.
    std::uint32_t applies_outstanding = 0;  // Chunks queued on the target's cores.
    std::optional<AttemptRef> attempt;      // In flight.
    WorkerId attempt_worker = 0;
    bool attempt_external = false;  // Stream / apply: ended by the migrator or the queue.
    AttemptListener* executor = nullptr;
  };
  class MigrationTasks;
  // Apply jobs (migration chunks) carry their range id in the token's low bits.
  static constexpr std::uint64_t kApplyRangeMask = 0xffffffff;

  // Client path (cluster_model_client.cpp).
  void on_arrival(Simulator& simulator);
  void issue_attempt(Simulator& simulator, std::uint32_t slot);
  void send_rpc(Simulator& simulator, std::uint64_t token, NodeId node);
  void on_rpc_at_node(Simulator& simulator, std::uint64_t token, std::uint64_t address);
  void start_service(Simulator& simulator, Node& node, const QueuedJob& job);
  void on_service_done(Simulator& simulator, std::uint64_t token, std::uint64_t address);
  void on_reply(Simulator& simulator, std::uint64_t token, std::uint64_t reply);
  void on_client_timeout(Simulator& simulator, std::uint64_t token);
  void complete_request(Simulator& simulator, std::uint32_t slot);
  void fail_request(std::uint32_t slot);
  NodeId choose_read_replica(KeyId key, const NodeSet& tried);
  // One of `count` candidates (in preference order) by the read policy.
  NodeId pick_by_read_policy(const NodeId* candidates, int count);
  // Queues a job on the node's station, starting it when a core is free.
  Station::Admission admit_job(Simulator& simulator, Node& node, const QueuedJob& job,
                               Station::Lane lane = Station::Lane::kClient);

  // Membership and data movement (cluster_model_membership.cpp).
  NodeId create_node(TimeNs now_ns);
  void boot_node(Simulator& simulator, NodeId node);
  void on_node_booted(Simulator& simulator, NodeId node, std::uint32_t incarnation);
  void on_join_batch(Simulator& simulator);
  void begin_remove(Simulator& simulator, NodeId node);
  void crash_node(Simulator& simulator, NodeId node);
  void declare_dead(Simulator& simulator, NodeId node);
  void recover_node(Simulator& simulator, NodeId node);
  void on_heartbeat(Simulator& simulator, NodeId node, std::uint32_t incarnation);
  void on_detector_check(Simulator& simulator);
  ChangeId open_change(TimeNs now_ns, std::string action, std::string subject, double keys_moved_ideal,
                       std::uint32_t members_before);
  void replan(Simulator& simulator, ChangeId change);
  void settle_key(KeyId key);
  void on_transfer_done(Simulator& simulator, const Transfer& transfer) override;
  void maybe_finish_drain(NodeId node, TimeNs now_ns);
  // Ends the node's current process (crash, fence, restart) and everything it held in memory.
  void end_process(NodeId node);
  void refresh_key(KeyId key);
  void refresh_all();
  void set_under_replicated_count(std::uint64_t count, TimeNs now_ns);
  std::uint32_t desired_replicas() const;
  double total_desired_replicas() const;

  // Vectors (cluster_model_vectors.cpp).
  void build_initial_indexes(std::uint32_t threads);
  Shard& mutable_shard_index(NodeId node, std::uint32_t shard);
  void drop_copy(KeyId key, NodeId node);
  void assign_targets();
  TimeNs apply_write_on_node(NodeId node, PointOp op, KeyId key);
  TimeNs run_shard_search(NodeId node, std::uint64_t shard_token);
  // Inserts keys [first, end) of the transfer into the target's indexes; their cost in ns.
  TimeNs index_chunk(const Transfer& transfer, std::size_t first, std::size_t end);
  void on_chunk_delivered(Simulator& simulator, const Transfer& transfer, std::size_t first,
                          std::size_t end) override;
  void start_search(Simulator& simulator, std::uint32_t slot);
  void on_search_at_coordinator(Simulator& simulator, std::uint64_t token, std::uint64_t address);
  void send_shard_call(Simulator& simulator, std::uint32_t slot, std::uint32_t shard, bool hedge);
  void on_shard_reply(Simulator& simulator, std::uint64_t shard_token, std::uint64_t reply);
  void on_shard_timeout(Simulator& simulator, std::uint64_t shard_token);
  void on_shard_hedge(Simulator& simulator, std::uint64_t shard_token);
  void finish_shard(Simulator& simulator, std::uint32_t slot, std::uint32_t shard);
  void sample_recall(const Request& request);
  void forget_search_state(std::uint32_t slot);
  NodeId choose_shard_replica(std::uint32_t shard, const NodeSet& exclude);

  // DAG pipelines on the nodes (cluster_model_dags.cpp).
  std::optional<WorkerId> worker_for(const DagTask& task) override;
  void submit(Simulator& simulator, WorkerId worker, AttemptRef attempt, TimeNs service_ns,
              AttemptListener& listener) override;
  void abandon(Simulator& simulator, WorkerId worker, AttemptRef attempt) override;
  // A DAG attempt as a job on the worker's station, in `lane`.
  void submit_dag_job(Simulator& simulator, WorkerId worker, AttemptRef attempt, TimeNs service_ns,
                      AttemptListener& listener, Station::Lane lane);
  // Abandons the station job of `attempt` that reports to `listener`.
  void abandon_dag_job(WorkerId worker, AttemptRef attempt, const AttemptListener& listener);
  void on_dag_run_finished(Simulator& simulator, const DagRun& run) override;
  void on_pipeline_arrival(Simulator& simulator, std::size_t pipeline);
  void lose_dag_jobs(Simulator& simulator, NodeId node);
  static bool is_dag_job(std::uint64_t job_id);

  // Migration DAGs, one per moved range (cluster_model_migration.cpp).
  void start_range(Simulator& simulator, ChangeId change, NodeId source, NodeId target, std::vector<KeyId> keys);
  void start_range_stream(Simulator& simulator, std::uint32_t range);
  void switch_range(Simulator& simulator, std::uint32_t range);
  void drop_range_source(Simulator& simulator, std::uint32_t range);
  void on_range_apply_done(Simulator& simulator, std::uint32_t range);
  void end_range_attempt(Simulator& simulator, std::uint32_t range, AttemptEnd end);
  // Counts the range out of its change; before its switch, releases its incoming copies.
  void close_range(Simulator& simulator, std::uint32_t range);
  // Node `node` crashed or was declared dead: stops every open range from or to it.
  void abort_ranges_involving(Simulator& simulator, NodeId node);
  void on_migration_run_finished(Simulator& simulator, const DagRun& run);

  // Autoscaler (cluster_model_autoscale.cpp).
  void on_autoscaler_evaluate(Simulator& simulator);
  void apply_autoscaler_decision(Simulator& simulator, const AutoscalerDecision& decision);

  // Timeline (cluster_model_timeline.cpp).
  void on_timeline_action(Simulator& simulator, std::size_t index);
  void on_action_end(Simulator& simulator, std::size_t index);

  ClusterConfig config_;
  std::vector<TimelineAction> timeline_;
  Metrics& metrics_;
  std::uint64_t seed_;
  std::uint32_t build_threads_ = 1;
  HandlerId handler_id_ = 0;
  Simulator* simulator_ = nullptr;

  std::vector<Node> nodes_;
  std::vector<TimeNs> last_heartbeat_ns_;
  std::vector<std::uint32_t> client_outstanding_;
  NodeSet believed_up_;  // Nodes the cluster routes to: not declared dead, not left.
  NodeSet alive_;        // Nodes whose process runs and whose data exists.
  std::vector<NodeId> pending_joins_;
  bool join_batch_scheduled_ = false;

  std::unique_ptr<Placement> placement_;
  ReplicaMap replicas_;
  Network network_;
  std::unique_ptr<Migrator> migrator_;
  PointWorkload workload_;
  ArrivalProcess arrivals_;
  Rng routing_rng_;
  Rng service_rng_;
  Rng query_rng_;
  Rng update_rng_;
  Rng recall_rng_;
  std::unique_ptr<Requests> requests_;

  std::vector<std::uint8_t> under_replicated_;
  std::uint64_t under_replicated_count_ = 0;
  std::uint64_t under_replicated_max_ = 0;
  TimeNs under_replicated_since_ns_ = -1;
  TimeNs under_replicated_total_ns_ = 0;
  std::vector<ChangeRecord> changes_;
  std::vector<ChangeId> changes_awaiting_full_replication_;

  OpId get_op_;
  OpId put_op_;
  CounterId timeouts_;
  CounterId retries_;
  CounterId redirects_;
  CounterId failed_requests_;
  CounterId unavailable_requests_;
  CounterId lost_key_requests_;
  CounterId queue_rejections_;
  ResultId keys_total_;
  ResultId keys_moved_;
  ResultId keys_moved_ideal_;
  ResultId bytes_moved_;
  ResultId migration_s_;
  ResultId under_replicated_max_result_;
  ResultId under_replicated_s_;
  ResultId lost_keys_;
  ResultId load_max_over_mean_;
  ResultId requests_max_over_mean_;
  ResultId nodes_final_;
  SeriesId under_replicated_gauge_;
  SeriesId lost_keys_gauge_;
  SeriesId nodes_up_gauge_;
  SeriesId migration_bytes_remaining_gauge_;
  // Vector mode.
  std::optional<VectorIndexConfig> vectors_;
  PointWorkloadConfig workload_config_;
  IndexOpLog* index_op_log_ = nullptr;
  void log_index_op(IndexOp op, const float* vector);
  std::vector<ReplicaList> shard_targets_;
  std::unique_ptr<VectorStore> store_;
  std::vector<std::vector<std::unique_ptr<Shard>>> node_shards_;  // [node][shard]
  std::vector<std::deque<TimeNs>> apply_queue_ns_;                 // per node, FIFO like its station
  // Shard-search results between the replica's service and the coordinator's merge,
  // keyed by (request slot, shard token, node).
  std::map<std::tuple<std::uint32_t, std::uint64_t, NodeId>, std::vector<SearchHit>> shard_results_;
  // Upserts and deletes on their way to or queued at a replica: (node, token) -> key. The
  // replica applies the write even after the client's quorum completed the request.
  std::map<std::pair<NodeId, std::uint64_t>, KeyId> pending_writes_;
  double recall_window_sum_ = 0;
  std::uint64_t recall_window_count_ = 0;
  double recall_total_sum_ = 0;
  std::uint64_t recall_total_count_ = 0;
  double last_window_recall_ = 1.0;
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
  SeriesId recall_gauge_ = 0;
  SeriesId index_memory_gauge_ = 0;

  // DAG pipelines.
  std::vector<PipelineConfig> pipelines_;
  std::vector<std::optional<ArrivalProcess>> pipeline_arrivals_;  // By pipeline; none for one-off runs.
  std::unique_ptr<DagExecutor> dag_executor_;
  std::vector<std::unique_ptr<DagMetrics>> dag_metrics_;
  std::vector<std::optional<DagRunId>> latest_finished_runs_;  // By pipeline.
  std::vector<std::optional<DagRunId>> slowest_finished_runs_;  // By pipeline.
  std::unique_ptr<MigrationTasks> migration_tasks_;
  std::unique_ptr<DagExecutor> migration_dags_;
  std::unique_ptr<DagMetrics> migration_metrics_;
  std::deque<MigrationRange> ranges_;  // By range id == migration run id.
  std::vector<std::uint32_t> range_of_transfer_;
  std::uint64_t ranges_open_ = 0;
  std::optional<DagRunId> latest_finished_migration_;
  std::vector<DagJob> dag_jobs_;
  std::vector<std::uint32_t> free_dag_jobs_;

  // Autoscaler.
  std::optional<Autoscaler> autoscaler_;
  std::optional<AutoscalerDecision> latest_autoscaler_decision_;
  std::vector<AutoscalerDecision> autoscaler_actions_;
  std::vector<double> autoscaler_busy_core_ns_;  // Per node, at the previous evaluation.
  double autoscaler_node_seconds_ = 0;
  CounterId autoscaler_nodes_added_ = 0;
  CounterId autoscaler_nodes_removed_ = 0;
  ResultId autoscaler_node_seconds_result_ = 0;
  SeriesId autoscaler_utilization_gauge_ = 0;
  SeriesId autoscaler_desired_gauge_ = 0;

  std::vector<SeriesId> node_utilization_gauges_;
  std::vector<SeriesId> node_queue_gauges_;
  std::vector<SeriesId> node_keys_gauges_;
};

}  // namespace ringsim
