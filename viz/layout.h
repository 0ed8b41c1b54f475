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
// pipelines the DAG panel is a single line.
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
Layout compute_layout(float width_px, float height_px, float ui_scale, bool has_cluster, bool has_dag = false);

}  // namespace ringsim::viz
