// Where each view goes in the window: a fixed tiling recomputed from the window size every
// frame, so panels never overlap and follow resizes. Sizes are in pixels at ui_scale 1 and
// grow with ui_scale (HiDPI).
//
//   +---------------------- timeline ----------------------+
//   |  ring view (SFML)          |  cluster panel           |
//   |                            |--------------------------|
//   |                            |  latency panel           |
//   |----------------------------|                          |
//   |  event log                 |--------------------------|
//   |                            |  DAG panel               |
//   +----------------------------+--------------------------+
//
// Station scenarios have no cluster panel; the latency panel takes its place. Without DAG
// pipelines the DAG panel is a single line. With DAG runs the DAG panel gives up height
// (down to a few lines) before the cluster table and the latency charts go below what they
// need to stay readable (kClusterMinPx, kLatencyMinPx), e.g. at 1280x720.
// A maximized panel takes the whole body below the timeline; the other views are empty.
// No SFML or ImGui here: the screenshot checker uses the same layout to know where to look.
#pragma once

namespace ringsim::viz {

struct RectF {
  float x = 0;
  float y = 0;
  float w = 0;
  float h = 0;
  bool contains(float px, float py) const { return px >= x && px < x + w && py >= y && py < y + h; }
  bool empty() const { return w <= 0 || h <= 0; }
};

// The strips of window background between views.
inline constexpr int kSeparatorCount = 5;

// The views a user can maximize (kNone: the tiling above).
enum class Panel { kNone, kRing, kEventLog, kCluster, kLatency, kDag };
inline constexpr Panel kPanels[] = {Panel::kNone, Panel::kRing, Panel::kEventLog, Panel::kCluster, Panel::kLatency,
                                    Panel::kDag};
// "none", "ring", "log", "cluster", "latency", "dag".
const char* panel_name(Panel panel);
// The panel named `name` (as panel_name gives), or nullopt.
bool parse_panel(const char* name, Panel& panel);

struct Layout {
  RectF timeline;
  RectF ring;
  RectF event_log;
  RectF cluster;  // empty when the scenario has no cluster
  RectF latency;
  RectF dag;
  RectF separators[kSeparatorCount];
};

// has_dag: the scenario runs DAG pipelines, so the DAG panel gets room for a graph.
// maximized: that view takes the body (timeline stays); kNone tiles every view.
Layout compute_layout(float width_px, float height_px, float ui_scale, bool has_cluster, bool has_dag = false,
                      Panel maximized = Panel::kNone);

}  // namespace ringsim::viz
