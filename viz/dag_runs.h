// Which DAG run the DAG panel shows, and how many runs are in each state, read from the
// cluster's DAG executors (the pipelines' and, when migrations run as DAGs, the
// migrations') without looking at every run every frame: a long scenario submits
// thousands of runs, and a frame must stay within its budget.
//
// Run ids are dense in submit order, so "the newest run in flight" is found by scanning
// back from the newest id, at most kRunScanMax runs. No SFML or ImGui here (tested in
// tests/gui_test.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/dag/dag_executor.h"
#include "models/cluster/cluster_view.h"

namespace ringsim::viz {

// Runs looked at, newest first, when searching for a run to show. Runs in flight are
// among the newest (old ones finish), so a bounded look back finds them.
inline constexpr std::size_t kRunScanMax = 256;
// Task records looked at while searching for a run in flight that has started work.
inline constexpr std::size_t kRecordScanMax = 20'000;

// Where a run comes from: the pipelines' executor or the migrations'.
enum class DagExecutorKind : std::uint8_t { kPipelines, kMigrations };

const DagExecutor* executor_of(const ClusterView& model, DagExecutorKind kind);

// A choice in the panel's "show" combo.
struct DagSource {
  enum class Kind : std::uint8_t {
    kNewestInFlight,  // the newest run holding a core or waiting for one (default)
    kLatestFinished,  // the latest finished run of one pipeline, or of the migrations
  };
  DagExecutorKind executor = DagExecutorKind::kPipelines;
  Kind kind = Kind::kNewestInFlight;
  std::size_t pipeline = 0;  // kLatestFinished of kPipelines: index into the pipelines
  std::string label;         // what the combo says
  bool operator==(const DagSource& other) const {
    return executor == other.executor && kind == other.kind && pipeline == other.pipeline;
  }
};

// The sources this scenario offers: the pipelines' newest run in flight and each pipeline's
// latest finished run (with pipelines), then the migrations' newest in flight and latest
// finished (when migrations run as DAGs). Empty when the model runs no DAGs.
std::vector<DagSource> dag_sources(const ClusterView& model, const std::vector<PipelineConfig>& pipelines);

// A run to draw: which executor, which id. Plain ids, never pointers, so a view can keep
// one across frames while the run advances (or the session rebuilds the run).
struct DagRunRef {
  DagExecutorKind executor = DagExecutorKind::kPipelines;
  DagRunId id = 0;
  bool operator==(const DagRunRef&) const = default;
};

// The newest run in flight (started, not finished) that has had core time by now_ns,
// among the newest kRunScanMax runs; else the newest run in flight. A run whose first task
// still waits for a core has nothing to show yet (no critical path), and under load the
// newest run often does, so the panel would mostly show an idle graph.
std::optional<DagRunId> newest_run_in_flight(const DagExecutor& executor, TimeNs now_ns);
// The newest finished run that still holds its task records, among the newest kRunScanMax.
std::optional<DagRunId> newest_finished_run_with_records(const DagExecutor& executor);

// The run a source points at at now_ns (nullopt when there is none, e.g. before any
// finishes).
std::optional<DagRunRef> resolve_source(const ClusterView& model, const DagSource& source, TimeNs now_ns);

// The run `ref` names, when it still exists and holds its task records (a finished run's
// records are released later to bound memory).
const DagRun* drawable_run(const ClusterView& model, const DagRunRef& ref);

// Run counts by state, as the executor keeps them (DagExecutor::runs_in_state): O(1) a
// frame, however many runs the scenario submitted.
struct DagRunCounts {
  std::uint64_t runs = 0;
  std::uint64_t scheduled = 0;
  std::uint64_t running = 0;
  std::uint64_t succeeded = 0;
  std::uint64_t failed = 0;
};
DagRunCounts run_counts(const DagExecutor& executor);

}  // namespace ringsim::viz
