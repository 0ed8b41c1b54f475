#include "models/cluster/migration_driver.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "models/cluster/dag_station_jobs.h"
#include "models/cluster/shard_store.h"
#include "sim/assert.h"
#include "workloads/pipeline_flows.h"

namespace ringsim {

// The resources of the executor that runs migration DAGs. Core work goes to the nodes'
// stations as DAG jobs in the system lane; the stream and apply tasks are waits, ended by
// the range's progress. Completing switch_ownership or drop_source changes the replicas.
class MigrationDriver::Tasks final : public TaskResources, public AttemptListener, public DagRunListener {
 public:
  explicit Tasks(MigrationDriver& driver) : driver_(driver) {}

  std::optional<WorkerId> worker_for(const DagTask& task) override {
    return driver_.core_.parts.dag_jobs->worker_for(task);
  }

  void submit(Simulator& simulator, WorkerId worker, AttemptRef attempt, TimeNs service_ns,
              AttemptListener& executor) override {
    Range& range = driver_.ranges_.at(attempt.run);
    range.executor = &executor;
    if (range.closed) {
      // Aborted between two tasks: the run fails at its next step.
      executor.on_attempt_ended(simulator, attempt, AttemptEnd::kLost);
      return;
    }
    RINGSIM_ASSERT(!range.attempt.has_value());  // A chain: one attempt at a time.
    range.attempt = attempt;
    range.attempt_worker = worker;
    const std::string& kind = driver_.task_kind(attempt);
    range.attempt_external = kind == "stream" || kind == "apply";
    if (!range.attempt_external) {
      // Migration is the node's own system work: the priority lane (sim/station.h).
      driver_.core_.parts.dag_jobs->submit(simulator, worker, attempt, service_ns, *this, *driver_.dags_,
                                           DagJobOwner::kMigration, Station::Lane::kSystem);
      return;
    }
    executor.on_attempt_started(simulator, attempt);
    if (kind == "stream") {
      driver_.start_range_stream(simulator, attempt.run);
    } else if (range.applies_outstanding == 0) {
      driver_.end_range_attempt(simulator, attempt.run, AttemptEnd::kCompleted);
    }
  }

  void abandon(Simulator& simulator, WorkerId worker, AttemptRef attempt) override {
    // Migration tasks have no timeout, so the executor never calls this; kept exact anyway.
    (void)simulator;
    driver_.core_.parts.dag_jobs->abandon(worker, attempt, DagJobOwner::kMigration);
  }

  void on_attempt_started(Simulator& simulator, AttemptRef attempt) override {
    Range& range = driver_.ranges_.at(attempt.run);
    if (range.attempt == attempt) range.executor->on_attempt_started(simulator, attempt);
  }

  void on_attempt_ended(Simulator& simulator, AttemptRef attempt, AttemptEnd end) override {
    Range& range = driver_.ranges_.at(attempt.run);
    if (range.attempt != attempt) return;  // Already ended by an abort.
    if (end == AttemptEnd::kCompleted) {
      const std::string& kind = driver_.task_kind(attempt);
      if (kind == "switch_ownership") driver_.switch_range(attempt.run);
      if (kind == "drop_source") driver_.drop_range_source(attempt.run);
    }
    driver_.end_range_attempt(simulator, attempt.run, end);
  }

  void on_dag_run_finished(Simulator& simulator, const DagRun& run) override { driver_.on_run_finished(simulator, run); }

 private:
  MigrationDriver& driver_;
};

MigrationDriver::MigrationDriver(ClusterCore& core)
    : core_(core),
      migrator_(std::make_unique<Migrator>(core.config.migration, core.network, core.nodes, core.replicas, *this)),
      tasks_(std::make_unique<Tasks>(*this)),
      dags_(std::make_unique<DagExecutor>(*tasks_, core.seed, "migration", "migration_dag")),
      // Every range's DAG has the same tasks; only its costs differ.
      metrics_(std::make_unique<DagMetrics>(core.metrics, make_migration_flow(MigrationFlowParams{}))),
      apply_queue_ns_(kNodesMax) {
  dags_->set_listener(tasks_.get());
}

MigrationDriver::~MigrationDriver() = default;

void MigrationDriver::attach(Simulator& simulator) {
  migrator_->attach(simulator);
  dags_->attach(simulator);
}

const std::string& MigrationDriver::task_kind(const AttemptRef& attempt) const {
  return dags_->run(attempt.run).spec->task(attempt.task).kind;
}

void MigrationDriver::start_range(Simulator& simulator, ChangeId change, NodeId source, NodeId target,
                                  std::vector<KeyId> keys) {
  RINGSIM_ASSERT(!keys.empty());
  double bytes = 0;
  for (const KeyId key : keys) bytes += core_.replicas.key_bytes(key);
  const MigrationConfig& costs = core_.config.migration;
  MigrationFlowParams flow;
  flow.source = TaskPlacement::on_node(source);
  flow.target = TaskPlacement::on_node(target);
  flow.coordinator = TaskPlacement::on_node(target);
  flow.keys = static_cast<double>(keys.size());
  flow.range_bytes = bytes;
  flow.snapshot_ns_per_byte = costs.snapshot_ns_per_byte;
  flow.stream_ns_per_byte = static_cast<double>(kNsPerS) / costs.rebalance_bandwidth_bytes_per_s;
  flow.apply_ns_per_key =
      core_.vectors ? static_cast<double>(core_.vectors->cost.insert_overhead_ns) : costs.apply_ns_per_key;
  flow.verify_ns_per_key = costs.verify_ns_per_key;
  flow.switch_ns = static_cast<double>(costs.switch_ns);
  flow.drop_ns_per_key = costs.drop_ns_per_key;
  for (const KeyId key : keys) core_.replicas.add_incoming(key, target);
  Range range;
  range.change = change;
  range.source = source;
  range.target = target;
  range.keys = std::move(keys);
  ranges_.push_back(std::move(range));
  const DagRunId run =
      dags_->submit(simulator, std::make_shared<const DagSpec>(make_migration_flow(flow)), simulator.now_ns());
  RINGSIM_ASSERT(run == ranges_.size() - 1);
  ranges_open_ += 1;
  ChangeRecord& record = ledger_->change(change);
  record.transfers_open += 1;
  record.completed_ns = -1;
}

void MigrationDriver::start_range_stream(Simulator& simulator, std::uint32_t range_id) {
  Range& range = ranges_[range_id];
  const TransferId transfer = migrator_->start(simulator, range.source, range.target, range.keys, range.change);
  if (range_of_transfer_.size() <= transfer) range_of_transfer_.resize(transfer + 1);
  range_of_transfer_[transfer] = range_id;
  range.transfer = transfer;
  range.streaming = true;
}

void MigrationDriver::on_chunk_delivered(Simulator& simulator, const Transfer& transfer, std::size_t first,
                                         std::size_t end) {
  // The target applies each chunk as it arrives; the work occupies one of its cores.
  Node& node = core_.nodes[transfer.target];
  TimeNs apply_ns = 0;
  if (core_.vectors) {
    apply_ns = core_.parts.shards->index_chunk(transfer, first, end);
  } else {
    apply_ns = static_cast<TimeNs>(
        std::llround(static_cast<double>(end - first) * core_.config.migration.apply_ns_per_key));
  }
  const std::uint32_t range_id = range_of_transfer_.at(transfer.id);
  apply_queue_ns_[node.id].push_back(apply_ns);
  // The system lane never rejects.
  core_.parts.stations->admit(simulator, node, QueuedJob{job_token::encode_apply(range_id), simulator.now_ns()},
                              Station::Lane::kSystem);
  ranges_[range_id].applies_outstanding += 1;
}

double MigrationDriver::on_service_start(Simulator& simulator, Node& node, std::uint64_t job) {
  (void)simulator, (void)job;
  RINGSIM_ASSERT(!apply_queue_ns_[node.id].empty());
  const auto duration_ns = static_cast<double>(apply_queue_ns_[node.id].front());
  apply_queue_ns_[node.id].pop_front();
  return duration_ns;
}

void MigrationDriver::on_service_done(Simulator& simulator, Node& node, std::uint64_t job) {
  (void)node;
  // Nobody waits for a reply: the apply ends the range's apply task once it is the last.
  const std::uint32_t range_id = job_token::decode_apply(job);
  Range& range = ranges_.at(range_id);
  RINGSIM_ASSERT(range.applies_outstanding > 0);
  range.applies_outstanding -= 1;
  if (range.applies_outstanding > 0 || !range.attempt || range.closed) return;
  if (task_kind(*range.attempt) == "apply") end_range_attempt(simulator, range_id, AttemptEnd::kCompleted);
}

void MigrationDriver::on_transfer_done(Simulator& simulator, const Transfer& transfer) {
  const std::uint32_t range_id = range_of_transfer_.at(transfer.id);
  Range& range = ranges_[range_id];
  RINGSIM_ASSERT(range.streaming && !range.closed);
  range.streaming = false;
  end_range_attempt(simulator, range_id, AttemptEnd::kCompleted);
}

void MigrationDriver::end_range_attempt(Simulator& simulator, std::uint32_t range_id, AttemptEnd end) {
  Range& range = ranges_[range_id];
  if (!range.attempt) return;
  const AttemptRef attempt = *range.attempt;
  range.attempt.reset();
  range.executor->on_attempt_ended(simulator, attempt, end);
}

void MigrationDriver::switch_range(std::uint32_t range_id) {
  Range& range = ranges_[range_id];
  ChangeLedger& planner = *ledger_;
  ChangeRecord& change = planner.change(range.change);
  ReplicaMap& replicas = core_.replicas;
  std::vector<std::uint32_t> units;  // Vector mode: the shards this range installed.
  for (const KeyId key : range.keys) {
    replicas.remove_incoming(key, range.target);
    if (replicas.lost(key)) continue;
    if (!replicas.target(key).contains(range.target) || !core_.alive.contains(range.target)) continue;
    replicas.add_holder(key, range.target);
    change.keys_moved += 1;
    change.bytes_moved += replicas.key_bytes(key);
    if (core_.vectors) units.push_back(replicas.unit_of(key));
    planner.refresh_key(key);
  }
  std::sort(units.begin(), units.end());
  change.shards_moved += static_cast<std::uint64_t>(std::unique(units.begin(), units.end()) - units.begin());
  range.switched = true;
#ifdef RINGSIM_EXPENSIVE_CHECKS
  planner.check_invariants();
#endif
}

void MigrationDriver::drop_range_source(std::uint32_t range_id) {
  for (const KeyId key : ranges_[range_id].keys) ledger_->settle_key(key);
  if (finish_drains_) finish_drains_();
#ifdef RINGSIM_EXPENSIVE_CHECKS
  ledger_->check_invariants();
#endif
}

void MigrationDriver::close_range(Simulator& simulator, std::uint32_t range_id) {
  Range& range = ranges_[range_id];
  if (range.closed) return;
  range.closed = true;
  if (!range.switched) {
    for (const KeyId key : range.keys) core_.replicas.remove_incoming(key, range.target);
  }
  std::vector<KeyId>().swap(range.keys);
  RINGSIM_ASSERT(ranges_open_ > 0);
  ranges_open_ -= 1;
  ChangeRecord& change = ledger_->change(range.change);
  RINGSIM_ASSERT(change.transfers_open > 0);
  change.transfers_open -= 1;
  if (change.transfers_open == 0) change.completed_ns = simulator.now_ns();
}

void MigrationDriver::abort_ranges_involving(Simulator& simulator, NodeId node) {
  migrator_->abort_involving(node, simulator.now_ns());
  for (std::uint32_t range_id = 0; range_id < ranges_.size(); ++range_id) {
    Range& range = ranges_[range_id];
    if (range.closed || (range.source != node && range.target != node)) continue;
    range.streaming = false;
    close_range(simulator, range_id);
    if (range.attempt && !range.attempt_external) {
      core_.parts.dag_jobs->abandon(range.attempt_worker, *range.attempt, DagJobOwner::kMigration);
    }
    end_range_attempt(simulator, range_id, AttemptEnd::kLost);
  }
}

void MigrationDriver::on_run_finished(Simulator& simulator, const DagRun& run) {
  metrics_->record(*run.report, simulator.now_ns());
  // Nothing else can fail a range's run: its tasks run on its two nodes, in the system
  // lane (never rejected), with no timeout; every way those nodes stop serving (crash,
  // declared dead, left after a drain) aborts the range first.
  RINGSIM_ASSERT(run.state == DagRunState::kSucceeded || ranges_.at(run.id).closed);
  close_range(simulator, run.id);
  if (latest_finished_) dags_->release(*latest_finished_);
  latest_finished_ = run.id;
  if (finish_drains_) finish_drains_();
}

}  // namespace ringsim
