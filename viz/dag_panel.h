// DAG task-flow panel (ImGui): the DAG runs of a cluster scenario (issue #6). A "show"
// combo picks the run: the newest run in flight (default), the latest finished run of each
// pipeline, or migration runs when migrations run as DAGs. The run is drawn as its graph:
// tasks in columns by topological level, edges to the tasks waiting for them, each task
// coloured by state, the critical path (so far, for a run in flight) as thick magenta edges
// and outlines with a caption naming it. Clicking a task pins its details (state, node,
// attempts, times, wait vs run, dependencies) beside the graph and keeps that run on
// screen while it advances; clicking empty space lets go. Reads the model's executors
// only; scenarios without DAG runs get a one-line note.
#pragma once

#include <cstdint>
#include <optional>

#include "viz/dag_graph_layout.h"
#include "viz/dag_runs.h"
#include "viz/layout.h"
#include "viz/session.h"

namespace ringsim::viz {

// What the panel remembers between frames: the user's choices as plain ids (never
// pointers into the run, which may advance, release records or be rebuilt), and caches.
struct DagPanelState {
  std::size_t source = 0;               // index into dag_sources()
  std::optional<DagRunRef> pinned_run;  // the selected task's run
  TaskIndex selected_task = 0;          // meaningful while pinned_run is set
  std::uint64_t generation = 0;         // the session run the choices belong to
  DagGraphLayout layout;
};

void ShowDagPanel(const Session& session, const RectF& rect, DagPanelState& state);

// The model runs DAG pipelines: the layout gives the panel room for a graph. (Migrations
// as DAGs alone do not: between migrations there is nothing to show; maximize the panel.)
bool has_dag_runs(const Session& session);

}  // namespace ringsim::viz
