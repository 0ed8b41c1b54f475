// The read-only cluster view: everything the GUI (viz/) and the reports (cli/, cli/report/)
// may know of a running cluster model, and the only header of models/cluster/ they include
// (tests/style_test.cpp holds the rule; models/cluster/job_token.h, the trace's payload
// format, is the one other). ClusterModel implements it; a front end gets it from a Run with
// ClusterView::of(run.model()).
//
// What it holds: the cluster's state at the current instant (nodes, replica map, placement,
// migrations, indexes, pipelines) and three append-only logs a viewer reads instead of
// observing events one by one, so what it shows never depends on how often it looks:
//   changes()              every membership change, one ChangeRecord each (change_record.h);
//   recent_searches()      the latest kRecentSearches completed searches (search_touch.h);
//   autoscaler_actions()   every autoscaler decision that added or removed nodes.
// Every accessor is const and has no effect on the run: calling any of them in any order,
// as often as wanted, leaves the trace hash unchanged. References stay valid until the
// model's next event.
//
// Units: times in virtual ns, bytes in bytes, ratios in [0, 1].
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "cluster/autoscaler.h"
#include "cluster/migration.h"
#include "cluster/node.h"
#include "cluster/node_set.h"
#include "cluster/placement/placement.h"
#include "cluster/replica_map.h"
#include "index/shard.h"
#include "models/cluster/change_record.h"
#include "models/cluster/search_touch.h"
#include "sim/dag/dag_executor.h"
#include "sim/model.h"
#include "workloads/pipelines.h"
#include "workloads/vector_data.h"

namespace ringsim {

class ClusterView {
 public:
  // The view of `model` when it is a cluster model, else nullptr.
  static const ClusterView* of(const Model& model) { return dynamic_cast<const ClusterView*>(&model); }

  virtual const std::vector<Node>& nodes() const = 0;
  virtual const ReplicaMap& replicas() const = 0;
  virtual const Placement& placement() const = 0;
  // Bumped whenever the placement's members change: a view derived from the membership
  // is up to date while the epoch it was built at is the current one.
  virtual std::uint64_t membership_epoch() const = 0;
  virtual const NodeSet& believed_up() const = 0;
  // Replica copies and bytes the node holds as a viewer must see them: none from its crash
  // on. (The replica map keeps a crashed node as a holder until the failure detector
  // declares it dead, because routing believes it until then: membership.cpp.)
  virtual std::uint64_t keys_held(NodeId node) const = 0;
  virtual double bytes_held(NodeId node) const = 0;
  // The node's cache hit ratio so far; negative without a cache or before its first get.
  virtual double cache_hit_ratio(NodeId node) const = 0;

  virtual const Migrator& migrator() const = 0;
  virtual const std::vector<ChangeRecord>& changes() const = 0;
  virtual std::uint64_t under_replicated() const = 0;
  // Migrations: one DAG run per moved range (snapshot -> stream -> apply -> verify ->
  // switch_ownership -> drop_source); run ids equal range ids. Finished runs keep their
  // task records until the next one finishes.
  virtual const DagExecutor* migration_dag_executor() const = 0;
  // Ranges whose migration DAG has not ended yet.
  virtual std::uint64_t migration_ranges_open() const = 0;

  virtual bool has_vectors() const = 0;
  // The node's index of `shard`, or nullptr (vector mode).
  virtual const Shard* shard_index(NodeId node, std::uint32_t shard) const = 0;
  virtual const VectorStore* vector_store() const = 0;
  // Completed searches, newest first, at most kRecentSearches (empty without vectors).
  virtual const std::vector<SearchTouch>& recent_searches() const = 0;
  virtual std::uint64_t index_memory_bytes() const = 0;
  // The node's HNSW indexes' bytes (with a compaction's fresh index); 0 without vectors.
  virtual std::uint64_t node_index_memory_bytes(NodeId node) const = 0;

  // DAG pipelines (nullptr without pipelines): their runs and task states. A finished run
  // keeps its task records until the next run of the same pipeline finishes.
  virtual const DagExecutor* dag_executor() const = 0;
  // The latest finished run of pipeline `pipeline` (index into pipelines()), or nullopt
  // before the first one finishes.
  virtual std::optional<DagRunId> latest_finished_run(std::size_t pipeline) const = 0;
  // The finished run of pipeline `pipeline` with the longest makespan so far (the earliest
  // on ties), or nullopt before the first one finishes.
  virtual std::optional<DagRunId> slowest_finished_run(std::size_t pipeline) const = 0;
  // The pipelines' definitions, by index (empty without pipelines).
  virtual const std::vector<PipelineConfig>& pipelines() const = 0;

  // Autoscaler (cluster.autoscaler): its configuration (enabled false without one), its
  // latest evaluation (nullptr before the first) and every decision that added or removed
  // nodes, in time order.
  virtual const AutoscalerConfig& autoscaler_config() const = 0;
  virtual const AutoscalerDecision* latest_autoscaler_decision() const = 0;
  virtual const std::vector<AutoscalerDecision>& autoscaler_actions() const = 0;

 protected:
  ~ClusterView() = default;
};

}  // namespace ringsim
