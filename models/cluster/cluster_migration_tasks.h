// ClusterModel::MigrationTasks: the resources of the executor that runs migration DAGs
// (see models/cluster/cluster_model_migration.cpp). Core work goes to the nodes' stations
// through the model's own TaskResources; the stream and apply tasks are waits, ended by
// the range's progress. Completing switch_ownership or drop_source changes the replicas.
// Internal to the cluster model: included by its .cpp files only.
#pragma once

#include <optional>
#include <string>

#include "sim/assert.h"
#include "models/cluster/cluster_model.h"

namespace ringsim {

class ClusterModel::MigrationTasks final : public TaskResources, public AttemptListener, public DagRunListener {
 public:
  explicit MigrationTasks(ClusterModel& model) : model_(model) {}

  std::optional<WorkerId> worker_for(const DagTask& task) override {
    return static_cast<TaskResources&>(model_).worker_for(task);
  }

  void submit(Simulator& simulator, WorkerId worker, AttemptRef attempt, TimeNs service_ns,
              AttemptListener& executor) override {
    MigrationRange& range = model_.ranges_.at(attempt.run);
    range.executor = &executor;
    if (range.closed) {
      // Aborted between two tasks: the run fails at its next step.
      executor.on_attempt_ended(simulator, attempt, AttemptEnd::kLost);
      return;
    }
    RINGSIM_ASSERT(!range.attempt.has_value());  // A chain: one attempt at a time.
    range.attempt = attempt;
    range.attempt_worker = worker;
    const std::string& kind = model_.migration_dags_->run(attempt.run).spec->task(attempt.task).kind;
    range.attempt_external = kind == "stream" || kind == "apply";
    if (!range.attempt_external) {
      // Migration is the node's own system work: the priority lane (sim/station.h).
      model_.submit_dag_job(simulator, worker, attempt, service_ns, *this, Station::Lane::kSystem);
      return;
    }
    executor.on_attempt_started(simulator, attempt);
    if (kind == "stream") {
      model_.start_range_stream(simulator, attempt.run);
    } else if (range.applies_outstanding == 0) {
      model_.end_range_attempt(simulator, attempt.run, AttemptEnd::kCompleted);
    }
  }

  void abandon(Simulator& simulator, WorkerId worker, AttemptRef attempt) override {
    // Migration tasks have no timeout, so the executor never calls this; kept exact anyway.
    (void)simulator;
    model_.abandon_dag_job(worker, attempt, *this);
  }

  void on_attempt_started(Simulator& simulator, AttemptRef attempt) override {
    MigrationRange& range = model_.ranges_.at(attempt.run);
    if (range.attempt == attempt) range.executor->on_attempt_started(simulator, attempt);
  }

  void on_attempt_ended(Simulator& simulator, AttemptRef attempt, AttemptEnd end) override {
    MigrationRange& range = model_.ranges_.at(attempt.run);
    if (range.attempt != attempt) return;  // Already ended by an abort.
    if (end == AttemptEnd::kCompleted) {
      const std::string& kind = model_.migration_dags_->run(attempt.run).spec->task(attempt.task).kind;
      if (kind == "switch_ownership") model_.switch_range(simulator, attempt.run);
      if (kind == "drop_source") model_.drop_range_source(simulator, attempt.run);
    }
    model_.end_range_attempt(simulator, attempt.run, end);
  }

  void on_dag_run_finished(Simulator& simulator, const DagRun& run) override {
    model_.on_migration_run_finished(simulator, run);
  }

 private:
  ClusterModel& model_;
};

}  // namespace ringsim
