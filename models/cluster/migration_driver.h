// Migration as DAGs: every moved range (the keys one change copies from one source to one
// target) migrates as one DAG run of the migration flow (workloads/pipeline_flows.h), on
// the cluster's own nodes; run ids equal range ids:
//
//   snapshot (source cores) -> stream (the Migrator's paced chunks; each chunk is applied
//   on the target's cores as it arrives) -> apply (until the target has applied the last
//   chunk) -> verify (target cores) -> switch_ownership (target cores; at its end the
//   target holds the keys and serves them) -> drop_source (source cores; at its end the
//   copies the placement no longer names are dropped).
//
// Stream and apply are waits, not core time: their attempts end when the migrator or the
// target's queue says so, and their cost in the DAG definition is only the estimate (the
// ideal streaming time, the nominal apply cost). Every task runs on the range's source or
// target, in the node's system lane (sim/station.h), with no retries: when either node
// crashes, is declared dead or leaves, the range is aborted (its copies in flight
// released, its attempt lost) and the replan that follows copies the keys again from
// surviving replicas.
//
// Events owned: none of the model's (the Migrator and the migration DAG executor are their
// own handlers). Station jobs owned: apply (job_token apply). State owned: the ranges, the
// Migrator, the migration DAG executor and its metrics, the per-node apply costs.
#pragma once

#include <cstdint>
#include <functional>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "cluster/migration.h"
#include "models/cluster/change_ledger.h"
#include "models/cluster/cluster_core.h"
#include "models/cluster/node_stations.h"
#include "sim/dag/dag_executor.h"
#include "sim/dag/dag_metrics.h"

namespace ringsim {

class MigrationDriver final : public MigrationListener, public StationWork {
 public:
  // Registers the migration DAG's metrics.
  explicit MigrationDriver(ClusterCore& core);
  // Called when copies may have been dropped, so a draining node that now holds nothing can
  // leave (Membership::finish_drains, handed in: membership depends on this part).
  void set_drain_check(std::function<void()> check) { finish_drains_ = std::move(check); }
  // The changes log its ranges report to (the ChangePlanner), before the first range.
  void set_ledger(ChangeLedger& ledger) { ledger_ = &ledger; }
  ~MigrationDriver() override;

  void attach(Simulator& simulator);
  // Migrates `keys` of change `change` from `source` to `target` as one range.
  void start_range(Simulator& simulator, ChangeId change, NodeId source, NodeId target, std::vector<KeyId> keys);
  // Node `node` crashed, was declared dead or left: stops every open range from or to it.
  void abort_ranges_involving(Simulator& simulator, NodeId node);
  // The node's process ended: its queued apply work is gone.
  void forget_node_applies(NodeId node) { apply_queue_ns_[node].clear(); }

  const Migrator& migrator() const { return *migrator_; }
  const DagExecutor& executor() const { return *dags_; }
  // Ranges whose migration DAG has not ended yet.
  std::uint64_t ranges_open() const { return ranges_open_; }

  // MigrationListener.
  void on_chunk_delivered(Simulator& simulator, const Transfer& transfer, std::size_t first,
                          std::size_t end) override;
  void on_transfer_done(Simulator& simulator, const Transfer& transfer) override;
  // StationWork of apply jobs.
  double on_service_start(Simulator& simulator, Node& node, std::uint64_t job) override;
  void on_service_done(Simulator& simulator, Node& node, std::uint64_t job) override;

 private:
  // One moved range. A chain, so at most one attempt is in flight.
  struct Range {
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
  class Tasks;

  void start_range_stream(Simulator& simulator, std::uint32_t range);
  void switch_range(std::uint32_t range);
  void drop_range_source(std::uint32_t range);
  void end_range_attempt(Simulator& simulator, std::uint32_t range, AttemptEnd end);
  // Counts the range out of its change; before its switch, releases its incoming copies.
  void close_range(Simulator& simulator, std::uint32_t range);
  void on_run_finished(Simulator& simulator, const DagRun& run);
  const std::string& task_kind(const AttemptRef& attempt) const;

  ClusterCore& core_;
  std::function<void()> finish_drains_;
  ChangeLedger* ledger_ = nullptr;
  std::unique_ptr<Migrator> migrator_;
  std::unique_ptr<Tasks> tasks_;
  std::unique_ptr<DagExecutor> dags_;
  std::unique_ptr<DagMetrics> metrics_;
  std::deque<Range> ranges_;  // By range id == migration run id.
  std::vector<std::uint32_t> range_of_transfer_;
  std::uint64_t ranges_open_ = 0;
  std::optional<DagRunId> latest_finished_;
  std::vector<std::deque<TimeNs>> apply_queue_ns_;  // Per node, FIFO like its station.
};

}  // namespace ringsim
