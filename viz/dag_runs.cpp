#include "viz/dag_runs.h"

#include <algorithm>

namespace ringsim::viz {
namespace {

bool in_flight(const DagRun& run) { return run.state == DagRunState::kRunning && !run.tasks.empty(); }
bool finished_with_records(const DagRun& run) { return run.finished() && !run.tasks.empty(); }

template <typename Predicate>
std::optional<DagRunId> newest_matching(const DagExecutor& executor, Predicate predicate) {
  const std::size_t count = executor.run_count();
  const std::size_t oldest = count > kRunScanMax ? count - kRunScanMax : 0;
  for (std::size_t id = count; id-- > oldest;) {
    if (predicate(executor.run(static_cast<DagRunId>(id)))) return static_cast<DagRunId>(id);
  }
  return std::nullopt;
}

}  // namespace

const DagExecutor* executor_of(const ClusterView& model, DagExecutorKind kind) {
  return kind == DagExecutorKind::kPipelines ? model.dag_executor() : model.migration_dag_executor();
}

std::vector<DagSource> dag_sources(const ClusterView& model, const std::vector<PipelineConfig>& pipelines) {
  std::vector<DagSource> sources;
  if (model.dag_executor() != nullptr) {
    sources.push_back({DagExecutorKind::kPipelines, DagSource::Kind::kNewestInFlight, 0, "newest run in flight"});
    for (std::size_t pipeline = 0; pipeline < pipelines.size(); ++pipeline) {
      sources.push_back({DagExecutorKind::kPipelines, DagSource::Kind::kLatestFinished, pipeline,
                         pipelines[pipeline].name + ": latest finished run"});
    }
  }
  if (model.migration_dag_executor() != nullptr) {
    sources.push_back(
        {DagExecutorKind::kMigrations, DagSource::Kind::kNewestInFlight, 0, "migration: newest run in flight"});
    sources.push_back(
        {DagExecutorKind::kMigrations, DagSource::Kind::kLatestFinished, 0, "migration: latest finished run"});
  }
  return sources;
}

std::optional<DagRunId> newest_run_in_flight(const DagExecutor& executor, TimeNs now_ns) {
  std::optional<DagRunId> newest;
  std::size_t records_left = kRecordScanMax;
  const std::size_t count = executor.run_count();
  const std::size_t oldest = count > kRunScanMax ? count - kRunScanMax : 0;
  for (std::size_t id = count; id-- > oldest;) {
    const DagRun& run = executor.run(static_cast<DagRunId>(id));
    if (!in_flight(run)) continue;
    if (!newest.has_value()) newest = static_cast<DagRunId>(id);
    for (const TaskRecord& record : run.tasks) {
      if (records_left-- == 0) return newest;
      if (run_time_so_far_ns(record, now_ns) > 0) return static_cast<DagRunId>(id);
    }
  }
  return newest;
}

std::optional<DagRunId> newest_finished_run_with_records(const DagExecutor& executor) {
  return newest_matching(executor, finished_with_records);
}

std::optional<DagRunRef> resolve_source(const ClusterView& model, const DagSource& source, TimeNs now_ns) {
  const DagExecutor* executor = executor_of(model, source.executor);
  if (executor == nullptr) return std::nullopt;
  std::optional<DagRunId> id;
  if (source.kind == DagSource::Kind::kNewestInFlight) {
    id = newest_run_in_flight(*executor, now_ns);
  } else if (source.executor == DagExecutorKind::kPipelines) {
    // The model keeps this run's records until the pipeline's next run finishes.
    id = model.latest_finished_run(source.pipeline);
  } else {
    id = newest_finished_run_with_records(*executor);
  }
  if (!id.has_value()) return std::nullopt;
  const DagRunRef ref{source.executor, *id};
  return drawable_run(model, ref) != nullptr ? std::optional<DagRunRef>(ref) : std::nullopt;
}

const DagRun* drawable_run(const ClusterView& model, const DagRunRef& ref) {
  const DagExecutor* executor = executor_of(model, ref.executor);
  if (executor == nullptr || ref.id >= executor->run_count()) return nullptr;
  const DagRun& run = executor->run(ref.id);
  return run.tasks.empty() || run.spec == nullptr ? nullptr : &run;
}

DagRunCounts run_counts(const DagExecutor& executor) {
  DagRunCounts counts;
  counts.runs = executor.run_count();
  counts.scheduled = executor.runs_in_state(DagRunState::kScheduled);
  counts.running = executor.runs_in_state(DagRunState::kRunning);
  counts.succeeded = executor.runs_in_state(DagRunState::kSucceeded);
  counts.failed = executor.runs_in_state(DagRunState::kFailed);
  return counts;
}

}  // namespace ringsim::viz
