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
// A window short for its text size (body under kCompactBodyPx at ui_scale 1: 1280x720 at
// font scale 1.25 and up, a 720p projector) is laid out compact instead, so that what is
// shown stays readable rather than everything shrinking to a few lines:
//
//   +---------------------- timeline ----------------------+
//   |  narration + ring view     | [Cluster][Latency][Log][DAG]
//   |                            |--------------------------|
//   |                            |  the chosen tab's panel  |
//   +----------------------------+--------------------------+
//
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
  bool compact = false;  // the right column is tabbed (see above)
  Panel tab = Panel::kNone;  // compact: the panel shown in the right column
  RectF tabs;            // compact: the tab strip
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
// tab: the compact layout's chosen right-column panel (kCluster, kLatency, kEventLog, kDag);
// one the scenario lacks falls back to the first it has.
Layout compute_layout(float width_px, float height_px, float ui_scale, bool has_cluster, bool has_dag = false,
                      Panel maximized = Panel::kNone, Panel tab = Panel::kCluster);
// The compact layout's tabs for this scenario, in order (kNone-terminated, at most 4).
int compact_tabs(bool has_cluster, bool has_dag, Panel out[4]);

}  // namespace ringsim::viz
