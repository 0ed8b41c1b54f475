#include "viz/views.h"

#include "viz/cluster_panel.h"
#include "viz/dag_panel.h"
#include "viz/layout.h"
#include "viz/timeline_panel.h"

namespace ringsim::viz {

void Views::draw(GuiWindow& gui, Session& session, bool interactive) {
  const float ui_scale = gui.ui_scale();
  const Layout layout =
      compute_layout(gui.width(), gui.height(), ui_scale, session.cluster() != nullptr, has_dag_runs(session));
  gui.fill_rects(layout.separators, kSeparatorCount, kBackground);
  ring_.draw(gui.window(), session, layout.ring, ui_scale, interactive);
  if (const ClusterModel* model = session.cluster()) {
    ShowClusterPanel(session.run(), *model, session.generation(), layout.cluster, series_);
  }
  ShowLatencyPanel(session.run(), session.generation(), layout.latency, series_, latency_);
  ShowDagPanel(session, layout.dag, dag_);
  // Panels that can rebuild the run (seek back, restart, load) come last, so nothing
  // drawn after them holds a reference into the old run.
  ShowEventLogPanel(session, layout.event_log, event_log_);
  ShowTimelinePanel(session, layout.timeline);
  if (interactive) HandleTimelineShortcuts(session, gui.key_presses());
}

}  // namespace ringsim::viz
