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
// Panels are separated by a thin strip of window background.
constexpr float kGapPx = 4;

}  // namespace

Layout compute_layout(float width_px, float height_px, float ui_scale, bool has_cluster) {
  const float gap = kGapPx * ui_scale;
  const float timeline_h = std::min(kTimelineHeightPx * ui_scale, height_px);
  const float body_y = timeline_h + gap;
  const float body_h = std::max(0.0f, height_px - body_y);
  const float left_w = std::clamp(width_px * kLeftColumnFraction, std::min(kLeftColumnMinPx * ui_scale, width_px),
                                  width_px);
  const float right_x = left_w + gap;
  const float right_w = std::max(0.0f, width_px - right_x);

  Layout layout;
  layout.timeline = {0, 0, width_px, timeline_h};

  const float log_h = std::min(body_h, std::max(kEventLogMinPx * ui_scale, body_h * kEventLogFraction));
  const float ring_h = std::max(0.0f, body_h - log_h - gap);
  layout.ring = {0, body_y, left_w, ring_h};
  layout.event_log = {0, body_y + ring_h + gap, left_w, log_h};

  const float dag_h = std::min(kDagHeightPx * ui_scale, body_h);
  const float upper_h = std::max(0.0f, body_h - dag_h - gap);
  if (has_cluster) {
    const float cluster_h = upper_h * kClusterFraction;
    layout.cluster = {right_x, body_y, right_w, cluster_h};
    layout.latency = {right_x, body_y + cluster_h + gap, right_w, std::max(0.0f, upper_h - cluster_h - gap)};
  } else {
    layout.latency = {right_x, body_y, right_w, upper_h};
  }
  layout.dag = {right_x, body_y + upper_h + gap, right_w, dag_h};
  return layout;
}

}  // namespace ringsim::viz
