#include "viz/layout.h"

#include <algorithm>

namespace ringsim::viz {
namespace {

// Three rows of widgets plus the title bar (at ui_scale 1).
constexpr float kTimelineHeightPx = 116;
// The ring wants a square; the left column gets a bit more than half of a wide window.
constexpr float kLeftColumnFraction = 0.5f;
constexpr float kLeftColumnMinPx = 320;
// Share of the space below the timeline given to the event log under the ring.
constexpr float kEventLogFraction = 0.27f;
constexpr float kEventLogMinPx = 140;
// Share of the right column (above the DAG panel) given to the cluster table.
constexpr float kClusterFraction = 0.44f;
constexpr float kDagHeightPx = 64;
// Share of the right column for the DAG panel when there is a graph to draw.
constexpr float kDagGraphFraction = 0.36f;
// Panels are separated by a thin strip of window background.
constexpr float kGapPx = 4;

}  // namespace

Layout compute_layout(float width_px, float height_px, float ui_scale, bool has_cluster, bool has_dag) {
  // Every size is clamped to the window, so a tiny window shrinks views to nothing
  // rather than pushing them outside it.
  const float gap = kGapPx * ui_scale;
  const float timeline_h = std::min(kTimelineHeightPx * ui_scale, height_px);
  const float body_y = std::min(timeline_h + gap, height_px);
  const float body_h = height_px - body_y;
  const float left_w =
      std::clamp(width_px * kLeftColumnFraction, std::min(kLeftColumnMinPx * ui_scale, width_px), width_px);
  const float right_x = std::min(left_w + gap, width_px);
  const float right_w = width_px - right_x;

  Layout layout;
  layout.timeline = {0, 0, width_px, timeline_h};

  const float log_h = std::min(body_h, std::max(kEventLogMinPx * ui_scale, body_h * kEventLogFraction));
  const float ring_h = std::max(0.0f, body_h - log_h - gap);
  layout.ring = {0, body_y, left_w, ring_h};
  layout.event_log = {0, height_px - log_h, left_w, log_h};

  const float dag_h = std::min(has_dag ? body_h * kDagGraphFraction : kDagHeightPx * ui_scale, body_h);
  const float upper_h = std::max(0.0f, body_h - dag_h - gap);
  const float dag_y = std::min(body_y + upper_h + gap, height_px - dag_h);
  if (has_cluster) {
    const float cluster_h = upper_h * kClusterFraction;
    layout.cluster = {right_x, body_y, right_w, cluster_h};
    layout.latency = {right_x, body_y + cluster_h + gap, right_w, std::max(0.0f, upper_h - cluster_h - gap)};
  } else {
    layout.latency = {right_x, body_y, right_w, upper_h};
  }
  layout.dag = {right_x, dag_y, right_w, dag_h};
  layout.separators[0] = {0, timeline_h, width_px, body_y - timeline_h};
  layout.separators[1] = {left_w, body_y, right_x - left_w, body_h};
  layout.separators[2] = {0, body_y + ring_h, left_w, layout.event_log.y - (body_y + ring_h)};
  if (has_cluster) {
    const float cluster_bottom = layout.cluster.y + layout.cluster.h;
    layout.separators[3] = {right_x, cluster_bottom, right_w, layout.latency.y - cluster_bottom};
  }
  layout.separators[4] = {right_x, layout.latency.y + layout.latency.h, right_w,
                          dag_y - (layout.latency.y + layout.latency.h)};
  return layout;
}

}  // namespace ringsim::viz
