// DAG task-flow panel (ImGui): the DAG pipelines of a cluster scenario (issue #5). A line of
// run counts, then the newest run in flight drawn as its graph: tasks in columns by depth
// (longest chain of dependencies before them), edges from each task to the tasks waiting
// for it, each task coloured by its state; hover a task for its record. Reads
// ClusterModel::dag_executor() only; scenarios without pipelines get a one-line note.
#pragma once

#include "viz/layout.h"
#include "viz/session.h"

namespace ringsim::viz {

void ShowDagPanel(const Session& session, const RectF& rect);

// The layout wants a taller panel when there is a graph to draw.
bool has_dag_pipelines(const Session& session);

}  // namespace ringsim::viz
