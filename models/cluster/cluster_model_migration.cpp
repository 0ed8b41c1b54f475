// ClusterModel: every moved range migrates as a DAG run of the migration flow
// (workloads/pipeline_flows.h), on the cluster's own nodes:
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
#include <algorithm>

#include "sim/assert.h"
#include "workloads/pipeline_flows.h"
#include "models/cluster/cluster_model.h"
#include "models/cluster/cluster_migration_tasks.h"

namespace ringsim {

void ClusterModel::start_range(Simulator& simulator, ChangeId change, NodeId source, NodeId target,
                               std::vector<KeyId> keys) {
  RINGSIM_ASSERT(!keys.empty());
  double bytes = 0;
  for (const KeyId key : keys) bytes += replicas_.key_bytes(key);
  const MigrationConfig& costs = config_.migration;
  MigrationFlowParams flow;
  flow.source = TaskPlacement::on_node(source);
  flow.target = TaskPlacement::on_node(target);
  flow.coordinator = TaskPlacement::on_node(target);
  flow.keys = static_cast<double>(keys.size());
  flow.range_bytes = bytes;
  flow.snapshot_ns_per_byte = costs.snapshot_ns_per_byte;
  flow.stream_ns_per_byte = static_cast<double>(kNsPerS) / costs.rebalance_bandwidth_bytes_per_s;
  flow.apply_ns_per_key = vectors_ ? static_cast<double>(vectors_->cost.insert_overhead_ns) : costs.apply_ns_per_key;
  flow.verify_ns_per_key = costs.verify_ns_per_key;
  flow.switch_ns = static_cast<double>(costs.switch_ns);
  flow.drop_ns_per_key = costs.drop_ns_per_key;
  for (const KeyId key : keys) replicas_.add_incoming(key, target);
  MigrationRange range;
  range.change = change;
  range.source = source;
  range.target = target;
  range.keys = std::move(keys);
  ranges_.push_back(std::move(range));
  const DagRunId run = migration_dags_->submit(
      simulator, std::make_shared<const DagSpec>(make_migration_flow(flow)), simulator.now_ns());
  RINGSIM_ASSERT(run == ranges_.size() - 1);
  ranges_open_ += 1;
  changes_[change].transfers_open += 1;
  changes_[change].completed_ns = -1;
}

void ClusterModel::start_range_stream(Simulator& simulator, std::uint32_t range_id) {
  MigrationRange& range = ranges_[range_id];
  const TransferId transfer = migrator_->start(simulator, range.source, range.target, range.keys, range.change);
  if (range_of_transfer_.size() <= transfer) range_of_transfer_.resize(transfer + 1);
  range_of_transfer_[transfer] = range_id;
  range.transfer = transfer;
  range.streaming = true;
}

void ClusterModel::on_chunk_delivered(Simulator& simulator, const Transfer& transfer, std::size_t first,
                                      std::size_t end) {
  // The target applies each chunk as it arrives; the work occupies one of its cores.
  Node& node = nodes_[transfer.target];
  TimeNs apply_ns = 0;
  if (vectors_) {
    apply_ns = index_chunk(transfer, first, end);
  } else {
    apply_ns = static_cast<TimeNs>(std::llround(static_cast<double>(end - first) * config_.migration.apply_ns_per_key));
  }
  const std::uint32_t range_id = range_of_transfer_.at(transfer.id);
  apply_queue_ns_[node.id].push_back(apply_ns);
  const std::uint64_t apply_token = (std::uint64_t{static_cast<std::uint8_t>(PointOp::kApply)} << 56) | (range_id & kApplyRangeMask);
  // The system lane never rejects.
  admit_job(simulator, node, QueuedJob{apply_token, simulator.now_ns()}, Station::Lane::kSystem);
  ranges_[range_id].applies_outstanding += 1;
}

void ClusterModel::on_range_apply_done(Simulator& simulator, std::uint32_t range_id) {
  MigrationRange& range = ranges_.at(range_id);
  RINGSIM_ASSERT(range.applies_outstanding > 0);
  range.applies_outstanding -= 1;
  if (range.applies_outstanding > 0 || !range.attempt || range.closed) return;
  const std::string& kind = migration_dags_->run(range_id).spec->task(range.attempt->task).kind;
  if (kind == "apply") end_range_attempt(simulator, range_id, AttemptEnd::kCompleted);
}

void ClusterModel::on_transfer_done(Simulator& simulator, const Transfer& transfer) {
  const std::uint32_t range_id = range_of_transfer_.at(transfer.id);
  MigrationRange& range = ranges_[range_id];
  RINGSIM_ASSERT(range.streaming && !range.closed);
  range.streaming = false;
  end_range_attempt(simulator, range_id, AttemptEnd::kCompleted);
}

void ClusterModel::end_range_attempt(Simulator& simulator, std::uint32_t range_id, AttemptEnd end) {
  MigrationRange& range = ranges_[range_id];
  if (!range.attempt) return;
  const AttemptRef attempt = *range.attempt;
  range.attempt.reset();
  range.executor->on_attempt_ended(simulator, attempt, end);
}

void ClusterModel::switch_range(Simulator& simulator, std::uint32_t range_id) {
  MigrationRange& range = ranges_[range_id];
  ChangeRecord& change = changes_[range.change];
  for (const KeyId key : range.keys) {
    replicas_.remove_incoming(key, range.target);
    if (replicas_.lost(key)) continue;
    if (!replicas_.target(key).contains(range.target) || !alive_.contains(range.target)) continue;
    replicas_.add_holder(key, range.target);
    change.keys_moved += 1;
    change.bytes_moved += replicas_.key_bytes(key);
    refresh_key(key);
  }
  range.switched = true;
#ifdef RINGSIM_EXPENSIVE_CHECKS
  check_invariants();
#endif
  (void)simulator;
}

void ClusterModel::drop_range_source(Simulator& simulator, std::uint32_t range_id) {
  for (const KeyId key : ranges_[range_id].keys) settle_key(key);
  for (const Node& node : nodes_) maybe_finish_drain(node.id, simulator.now_ns());
#ifdef RINGSIM_EXPENSIVE_CHECKS
  check_invariants();
#endif
}

void ClusterModel::close_range(Simulator& simulator, std::uint32_t range_id) {
  MigrationRange& range = ranges_[range_id];
  if (range.closed) return;
  range.closed = true;
  if (!range.switched) {
    for (const KeyId key : range.keys) replicas_.remove_incoming(key, range.target);
  }
  std::vector<KeyId>().swap(range.keys);
  RINGSIM_ASSERT(ranges_open_ > 0);
  ranges_open_ -= 1;
  ChangeRecord& change = changes_[range.change];
  RINGSIM_ASSERT(change.transfers_open > 0);
  change.transfers_open -= 1;
  if (change.transfers_open == 0) change.completed_ns = simulator.now_ns();
}

void ClusterModel::abort_ranges_involving(Simulator& simulator, NodeId node) {
  migrator_->abort_involving(node, simulator.now_ns());
  for (std::uint32_t range_id = 0; range_id < ranges_.size(); ++range_id) {
    MigrationRange& range = ranges_[range_id];
    if (range.closed || (range.source != node && range.target != node)) continue;
    range.streaming = false;
    close_range(simulator, range_id);
    if (range.attempt && !range.attempt_external) {
      abandon_dag_job(range.attempt_worker, *range.attempt, *migration_tasks_);
    }
    end_range_attempt(simulator, range_id, AttemptEnd::kLost);
  }
}

void ClusterModel::on_migration_run_finished(Simulator& simulator, const DagRun& run) {
  migration_metrics_->record(*run.report, simulator.now_ns());
  // Nothing else can fail a range's run: its tasks run on its two nodes, in the system
  // lane (never rejected), with no timeout; every way those nodes stop serving (crash,
  // declared dead, left after a drain) aborts the range first.
  RINGSIM_ASSERT(run.state == DagRunState::kSucceeded || ranges_.at(run.id).closed);
  close_range(simulator, run.id);
  if (latest_finished_migration_) migration_dags_->release(*latest_finished_migration_);
  latest_finished_migration_ = run.id;
  for (const Node& node : nodes_) maybe_finish_drain(node.id, simulator.now_ns());
}

}  // namespace ringsim
