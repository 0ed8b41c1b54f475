// DAG task-flow panel: placeholder until the DAG engine (issue #5) exists. Kept behind its
// own function so the view can grow here without touching the other panels.
#pragma once

#include "viz/layout.h"

namespace ringsim::viz {

void ShowDagPanel(const RectF& rect);

}  // namespace ringsim::viz
