// DAG attempts as jobs on the nodes' stations: a task attempt (of a pipeline or of a
// migration range) becomes a job in a node's queue, sharing its cores with the client
// requests, so a DAG's parallelism is limited by the cluster. worker_for() decides which
// node runs a task (the key's first live replica, a named node, or the least loaded node
// with the role). Abandoned attempts are dropped lazily; a node's process end loses them.
//
// Events owned: none (station jobs end through NodeStations). Station jobs owned: DAG
// jobs (job_token DAG job). State owned: the table of DAG jobs.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "models/cluster/cluster_core.h"
#include "models/cluster/node_stations.h"
#include "sim/dag/dag_executor.h"
#include "sim/dag/dag_resources.h"

namespace ringsim {

// Who submitted a DAG job: the pipelines' executor, a migration range or a compaction.
enum class DagJobOwner : std::uint8_t { kPipelines, kMigration, kCompaction };

class DagStationJobs final : public StationWork {
 public:
  explicit DagStationJobs(ClusterCore& core) : core_(core) {}

  std::optional<WorkerId> worker_for(const DagTask& task) const;
  // The attempt as a job on the worker's station, in `lane`; `listener` hears its start and end.
  // `executor` runs the attempt's DAG (it names the job: operation_name).
  void submit(Simulator& simulator, WorkerId worker, AttemptRef attempt, TimeNs service_ns, AttemptListener& listener,
              const DagExecutor& executor, DagJobOwner owner, Station::Lane lane);
  // Abandons the station job of `attempt` submitted by `owner`.
  void abandon(WorkerId worker, AttemptRef attempt, DagJobOwner owner);
  // The node's process ended: its DAG jobs are lost.
  void lose_node_jobs(Simulator& simulator, NodeId node);

  double on_service_start(Simulator& simulator, Node& node, std::uint64_t job) override;
  void on_service_done(Simulator& simulator, Node& node, std::uint64_t job) override;
  // "<pipeline>.<task>", "migration.<stage>" or "compaction.<stage>".
  std::string operation_name(std::uint64_t job) const override;

 private:
  struct Job {
    AttemptRef attempt;
    TimeNs service_ns = 0;
    AttemptListener* listener = nullptr;
    const DagExecutor* executor = nullptr;
    NodeId node = 0;
    DagJobOwner owner = DagJobOwner::kPipelines;
    bool abandoned = false;
    bool active = false;
  };
  void free_job(std::uint32_t index);

  ClusterCore& core_;
  std::vector<Job> jobs_;
  std::vector<std::uint32_t> free_jobs_;
};

}  // namespace ringsim
