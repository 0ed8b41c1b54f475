// Every view of one frame, laid out from the window size: the ring view (SFML) and the
// timeline, event log, cluster, latency and DAG panels (ImGui). Holds only view state
// (caches, the log filter, the chosen operation); the run is read from the session.
#pragma once

#include <SFML/Graphics/Font.hpp>

#include "viz/cluster_panel.h"
#include "viz/dag_panel.h"
#include "viz/event_log_panel.h"
#include "viz/gui_window.h"
#include "viz/latency_panel.h"
#include "viz/narration_panel.h"
#include "viz/ring_view.h"
#include "viz/series_lookup.h"
#include "viz/session.h"
#include "viz/timeline_panel.h"

namespace ringsim::viz {

class Views {
 public:
  explicit Views(const sf::Font* font) : ring_(font) {}

  // Call between GuiWindow::begin_frame and end_frame. interactive: hover tooltips and
  // keyboard shortcuts (off for headless renders, which must not depend on the pointer).
  void draw(GuiWindow& gui, Session& session, bool interactive);
  std::size_t ring_vertex_count() const { return ring_.vertex_count(); }
  void set_maximized(Panel panel) { view_.maximized = panel; }
  Panel maximized() const { return view_.maximized; }

 private:
  // Turns what the cluster panel asked for into session commands (after all panels drew).
  void apply_cluster_commands(Session& session, const ClusterCommands& commands);
  void show_ring_node_menu(const Session& session, ClusterCommands& commands);
  void show_tabs(const Layout& layout, bool has_cluster, bool has_dag);

  RingView ring_;
  SeriesLookup series_;
  ClusterPanelState cluster_;
  NarrationState narration_;
  LatencyPanelState latency_;
  EventLogState event_log_;
  DagPanelState dag_;
  ViewSettings view_;
  NodeId ring_menu_node_ = 0;
};

}  // namespace ringsim::viz
