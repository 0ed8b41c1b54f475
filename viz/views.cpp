#include "viz/views.h"

#include <imgui.h>

#include <optional>
#include <vector>

#include "viz/cluster_panel.h"
#include "viz/format.h"
#include "viz/dag_panel.h"
#include "viz/layout.h"
#include "viz/layout_dump.h"
#include "viz/timeline_panel.h"

namespace ringsim::viz {

void Views::apply_cluster_commands(Session& session, const ClusterCommands& commands) {
  if (commands.inject) {
    const std::string what = (*commands.inject)["action"].get<std::string>();
    cluster_.last_message = session.inject(*commands.inject) ? "injected " + what + " at " +
                                                                   format_time_s(session.run().now_ns())
                                                             : session.error();
  }
  if (commands.save_path) {
    try {
      session.save_scenario(*commands.save_path);
      cluster_.last_message = "saved " + *commands.save_path;
    } catch (const std::runtime_error& error) {
      cluster_.last_message = error.what();
    }
  }
}

// A click on a node's marker on the ring: the same fault menu as the node's table row.
void Views::show_ring_node_menu(const Session& session, ClusterCommands& commands) {
  constexpr const char* kMenu = "ring node menu";
  if (const std::optional<NodeId> clicked = ring_.take_clicked_node()) {
    ring_menu_node_ = *clicked;
    ImGui::OpenPopup(kMenu);
  }
  const ClusterView* model = session.cluster();
  if (!ImGui::BeginPopup(kMenu)) return;
  if (model != nullptr) {
    for (const Node& node : model->nodes()) {
      if (node.id == ring_menu_node_) ShowNodeFaultMenu(node, commands);
    }
  }
  ImGui::EndPopup();
}

// The compact layout's tab strip: one button per right-column panel, the shown one lit.
void Views::show_tabs(const Layout& layout, bool has_cluster, bool has_dag) {
  ImGui::SetNextWindowPos(ImVec2(layout.tabs.x, layout.tabs.y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(layout.tabs.w, layout.tabs.h), ImGuiCond_Always);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (ImGui::Begin("Panels", nullptr, kFlags)) {
    Panel tabs[4];
    const int count = compact_tabs(has_cluster, has_dag, tabs);
    for (int i = 0; i < count; ++i) {
      if (i > 0) ImGui::SameLine();
      const bool shown = tabs[i] == layout.tab;
      if (shown) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
      static constexpr const char* kTitles[] = {"", "Ring", "Event log", "Cluster", "Latency", "DAG"};
      if (ImGui::Button(kTitles[static_cast<int>(tabs[i])])) view_.tab = tabs[i];
      if (shown) ImGui::PopStyleColor();
      const ImVec2 min = ImGui::GetItemRectMin();
      const ImVec2 max = ImGui::GetItemRectMax();
      record_text("tabs", kTitles[static_cast<int>(tabs[i])], {min.x, min.y, max.x - min.x, max.y - min.y});
    }
  }
  ImGui::End();
}

void Views::draw(GuiWindow& gui, Session& session, bool interactive) {
  const float ui_scale = gui.ui_scale();
  const bool has_dag = has_dag_runs(session);
  const Layout layout = compute_layout(gui.width(), gui.height(), ui_scale, session.cluster() != nullptr, has_dag,
                                       view_.maximized, view_.tab);
  for (const auto& [name, rect] : {std::pair{"timeline", layout.timeline}, {"ring", layout.ring},
                                   {"log", layout.event_log}, {"cluster", layout.cluster},
                                   {"latency", layout.latency}, {"dag", layout.dag}, {"tabs", layout.tabs}}) {
    record_panel(name, rect);
  }
  // A step back or seek back replays a rebuilt run from 0: off screen. Only the timeline
  // (with the progress window) is drawn until it lands; the body stays background.
  if (session.replaying()) {
    ShowTimelinePanel(session, layout.timeline, ui_scale, view_);
    if (interactive) HandleTimelineShortcuts(session, gui.key_presses(), ui_scale, view_);
    return;
  }
  if (layout.compact) show_tabs(layout, session.cluster() != nullptr, has_dag);
  gui.fill_rects(layout.separators, kSeparatorCount, kBackground);
  // The narration takes a band at the top of the ring view; the ring is drawn below it.
  const RectF band = narration_band(session, layout.ring);
  RectF ring = layout.ring;
  ring.y += band.h;
  ring.h -= band.h;
  record_panel("ring_view", ring);  // the ring's own area: the checker looks for its band there
  if (!ring.empty()) ring_.draw(gui.window(), session, ring, ui_scale, interactive);
  if (!band.empty()) ShowNarrationPanel(session, band, narration_);
  ClusterCommands commands;
  show_ring_node_menu(session, commands);
  const ClusterView* model = session.cluster();
  if (model != nullptr && !layout.cluster.empty()) {
    ShowClusterPanel(session.run(), *model, session.generation(), layout.cluster, series_, cluster_, commands);
  }
  if (!layout.latency.empty()) ShowLatencyPanel(session.run(), session.generation(), layout.latency, series_, latency_);
  if (!layout.dag.empty()) ShowDagPanel(session, layout.dag, dag_);
  // Panels that can rebuild the run (seek back, restart, load) come last, so nothing
  // drawn after them holds a reference into the old run.
  if (!layout.event_log.empty()) ShowEventLogPanel(session, layout.event_log, event_log_);
  ShowTimelinePanel(session, layout.timeline, ui_scale, view_);
  apply_cluster_commands(session, commands);
  if (interactive) HandleTimelineShortcuts(session, gui.key_presses(), ui_scale, view_);
  if (view_.fullscreen_request) {
    view_.fullscreen_request = false;
    if (interactive) gui.toggle_fullscreen();
  }
  if (view_.ui_scale_request > 0) {
    gui.set_ui_scale(view_.ui_scale_request);
    view_.ui_scale_request = 0;
  }
}

}  // namespace ringsim::viz
