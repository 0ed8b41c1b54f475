// The cluster model: a virtual cluster of nodes behind a placement strategy, with clients
// issuing point operations (get/put/delete) and vector searches open-loop, a timeline of
// membership changes, faults and load changes, DAG pipelines on the nodes, an optional
// autoscaler. Every replica of every key is accounted for (ReplicaMap), and every data
// movement runs through the Migrator, one DAG run per moved range.
//
// ClusterModel is a façade: it builds the parts, receives every event of the "cluster"
// handler and hands it to the part that owns its kind, and offers read-only views. The
// parts, each in its own files under models/cluster/ (see each header's contract):
//
//   ClientPath         client_path.*         arrivals, get/put/delete RPCs, timeouts, retries
//   SearchCoordinator  search_coordinator.*  a search's fan-out, merge, shard retries, hedges, recall
//   ShardStore         shard_store.*         key ownership, per-node HNSW indexes, writes, chunks
//   Membership         membership.*          joins, drains, crashes, failure detection
//   ChangePlanner      change_planner.*      replans, the changes log, under-replication, results
//   MigrationDriver    migration_driver.*    ranges as DAG runs over the Migrator
//   DagStationJobs     dag_station_jobs.*    DAG attempts as jobs on the nodes' stations
//   PipelineRunner     pipeline_runner.*     the scenario's DAG pipelines
//   AutoscaleLoop      autoscale_loop.*      the autoscaler's evaluations and actions
//   TimelineDriver     timeline_driver.*     the scenario's timeline actions
//   NodeStations       node_stations.*       every node job's admission, service and end
//
// Shared facts (nodes, placement, replica map, network, event kinds) are in
// cluster_core.h; tokens and addresses carried by events are in job_token.h.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "cluster/migration.h"
#include "index/index_op_log.h"
#include "index/shard.h"
#include "models/cluster/change_planner.h"
#include "models/cluster/cluster_core.h"
#include "models/cluster/cluster_scenario.h"
#include "models/cluster/cluster_view.h"
#include "sim/dag/dag_executor.h"
#include "sim/model.h"
#include "sim/summary.h"
#include "workloads/vector_data.h"

namespace ringsim {

class TimelineDriver;
class RunbookDriver;

class ClusterModel final : public Model, public ClusterView {
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
  const char* event_kind_name(EventKind kind) const override { return cluster_event_name(kind); }

  // The read-only view (cluster_view.h: the contract of each accessor).
  const std::vector<Node>& nodes() const override { return core_->nodes; }
  const ReplicaMap& replicas() const override { return core_->replicas; }
  const Placement& placement() const override { return *core_->placement; }
  std::uint64_t membership_epoch() const override;
  const NodeSet& believed_up() const override { return core_->believed_up; }
  std::uint64_t keys_held(NodeId node) const override;
  double bytes_held(NodeId node) const override;
  double cache_hit_ratio(NodeId node) const override;
  const Migrator& migrator() const override;
  const std::vector<ChangeRecord>& changes() const override { return planner_->changes(); }
  std::uint64_t under_replicated() const override { return planner_->under_replicated(); }
  const DagExecutor* migration_dag_executor() const override;
  std::uint64_t migration_ranges_open() const override;
  bool has_vectors() const override { return core_->vectors.has_value(); }
  const Shard* shard_index(NodeId node, std::uint32_t shard) const override;
  const VectorStore* vector_store() const override;
  const std::vector<SearchTouch>& recent_searches() const override;
  std::uint64_t index_memory_bytes() const override;
  std::uint64_t node_index_memory_bytes(NodeId node) const override;
  const DagExecutor* dag_executor() const override;
  std::optional<DagRunId> latest_finished_run(std::size_t pipeline) const override;
  std::optional<DagRunId> slowest_finished_run(std::size_t pipeline) const override;
  const std::vector<PipelineConfig>& pipelines() const override;
  const AutoscalerConfig& autoscaler_config() const override { return core_->config.autoscaler; }
  const AutoscalerDecision* latest_autoscaler_decision() const override;
  const std::vector<AutoscalerDecision>& autoscaler_actions() const override;

  // Records every index operation into `log` from now on (benchmarks replay it bare).
  void set_index_op_log(IndexOpLog* log);
  // Brackets index builds, shard searches and recall checks for a wall-time breakdown.
  void set_profiler(WallProfiler* profiler);
  // Calls the client counts as outstanding at `node` (read_policy least_loaded_of_two's
  // load: RPCs and searches' shard calls in flight); 0 everywhere once every request ended.
  std::uint32_t outstanding_calls(NodeId node) const;
  // Aborts with a message when an accounting invariant is broken. O(keys).
  void check_invariants() const { planner_->check_invariants(); }

 private:
  void build_parts(const ClusterScenario& scenario);
  void dispatch_client_event(Simulator& simulator, const Event& event);

  std::unique_ptr<ClusterCore> core_;
  std::unique_ptr<ClientPath> client_;
  std::unique_ptr<ChangePlanner> planner_;
  std::unique_ptr<ShardStore> shards_;
  std::unique_ptr<SearchCoordinator> search_;
  std::unique_ptr<PipelineRunner> pipelines_;
  std::unique_ptr<AutoscaleLoop> autoscale_;
  std::unique_ptr<MigrationDriver> migration_;
  std::unique_ptr<DagStationJobs> dag_jobs_;
  std::unique_ptr<NodeStations> stations_;
  std::unique_ptr<Membership> membership_;
  std::unique_ptr<TimelineDriver> timeline_;
  std::unique_ptr<RunbookDriver> runbook_;  // with workload.runbook only
  std::uint32_t build_threads_ = 1;
};

}  // namespace ringsim
