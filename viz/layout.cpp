#include "viz/layout.h"

#include <algorithm>
#include <cstring>

namespace ringsim::viz {
namespace {

// Three rows of widgets plus the title bar (at ui_scale 1).
constexpr float kTimelineHeightPx = 116;
// The ring wants a square; the left column gets a bit more than half of a wide window.
constexpr float kLeftColumnFraction = 0.5f;
constexpr float kLeftColumnMinPx = 320;
// Share of the space below the timeline given to the event log under the ring.
constexpr float kEventLogFraction = 0.24f;
constexpr float kEventLogMinPx = 120;
// Share of the right column (above the DAG panel) given to the cluster table.
constexpr float kClusterFraction = 0.44f;
constexpr float kDagHeightPx = 64;
// Share of the right column for the DAG panel when there is a graph to draw.
constexpr float kDagGraphFraction = 0.36f;
// Panels are separated by a thin strip of window background.
constexpr float kGapPx = 4;
// What the cluster panel needs to stay useful: totals, autoscaler line, fault buttons,
// the table's header and about four node rows (at ui_scale 1).
constexpr float kClusterMinPx = 226;
// What the latency panel needs: the op picker, captions and two plots of readable height.
constexpr float kLatencyMinPx = 300;
// Below this body height a DAG panel without a graph (one line: "no DAG runs") is left out,
// so the panels above it keep that room.
constexpr float kDagLineBodyMinPx = 700;

// Below this body height (at ui_scale 1) the layout is compact: 1280x720 at font scale 1
// (body 600) keeps the tiling; at 1.25 (body 456 at ui_scale 1) it is compact.
constexpr float kCompactBodyPx = 560;
// The compact layout's tab strip: one row of buttons.
constexpr float kTabStripPx = 34;

struct Body {
  float y;
  float h;
};

// The maximized view gets the body; everything else stays empty.
Layout maximized_layout(float width_px, float height_px, float timeline_h, const Body& body, bool has_cluster,
                        Panel maximized) {
  Layout layout;
  layout.timeline = {0, 0, width_px, timeline_h};
  const RectF whole{0, body.y, width_px, body.h};
  switch (maximized) {
    case Panel::kRing: layout.ring = whole; break;
    case Panel::kEventLog: layout.event_log = whole; break;
    case Panel::kCluster: if (has_cluster) layout.cluster = whole; else layout.latency = whole; break;
    case Panel::kLatency: layout.latency = whole; break;
    case Panel::kDag: layout.dag = whole; break;
    case Panel::kNone: break;
  }
  layout.separators[0] = {0, timeline_h, width_px, body.y - timeline_h};
  (void)height_px;
  return layout;
}

Layout compact_layout(float width_px, float timeline_h, float gap, const Body& body, float left_w, bool has_cluster,
                      bool has_dag, Panel tab, float ui_scale) {
  Layout layout;
  layout.compact = true;
  layout.timeline = {0, 0, width_px, timeline_h};
  layout.ring = {0, body.y, left_w, body.h};
  const float right_x = std::min(left_w + gap, width_px);
  const float right_w = width_px - right_x;
  const float strip_h = std::min(kTabStripPx * ui_scale, body.h);
  layout.tabs = {right_x, body.y, right_w, strip_h};
  const float content_y = std::min(body.y + strip_h + gap, body.y + body.h);
  const RectF content{right_x, content_y, right_w, body.y + body.h - content_y};
  Panel tabs[4];
  const int count = compact_tabs(has_cluster, has_dag, tabs);
  layout.tab = tabs[0];
  for (int i = 0; i < count; ++i) {
    if (tabs[i] == tab) layout.tab = tab;
  }
  switch (layout.tab) {
    case Panel::kCluster: layout.cluster = content; break;
    case Panel::kLatency: layout.latency = content; break;
    case Panel::kEventLog: layout.event_log = content; break;
    case Panel::kDag: layout.dag = content; break;
    default: break;
  }
  layout.separators[0] = {0, timeline_h, width_px, body.y - timeline_h};
  layout.separators[1] = {left_w, body.y, right_x - left_w, body.h};
  layout.separators[3] = {right_x, body.y + strip_h, right_w, content_y - (body.y + strip_h)};
  return layout;
}

}  // namespace

int compact_tabs(bool has_cluster, bool has_dag, Panel out[4]) {
  int count = 0;
  if (has_cluster) out[count++] = Panel::kCluster;
  out[count++] = Panel::kLatency;
  out[count++] = Panel::kEventLog;
  if (has_dag) out[count++] = Panel::kDag;
  return count;
}

const char* panel_name(Panel panel) {
  switch (panel) {
    case Panel::kNone: return "none";
    case Panel::kRing: return "ring";
    case Panel::kEventLog: return "log";
    case Panel::kCluster: return "cluster";
    case Panel::kLatency: return "latency";
    case Panel::kDag: return "dag";
  }
  return "none";
}

bool parse_panel(const char* name, Panel& panel) {
  for (const Panel candidate : kPanels) {
    if (std::strcmp(name, panel_name(candidate)) == 0) {
      panel = candidate;
      return true;
    }
  }
  return false;
}

Layout compute_layout(float width_px, float height_px, float ui_scale, bool has_cluster, bool has_dag,
                      Panel maximized, Panel tab) {
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
  if (maximized != Panel::kNone) {
    return maximized_layout(width_px, height_px, timeline_h, {body_y, body_h}, has_cluster, maximized);
  }
  if (body_h < kCompactBodyPx * ui_scale && body_h > 0) {
    // Half the width each, however narrow: the tabs must keep a column.
    return compact_layout(width_px, timeline_h, gap, {body_y, body_h}, width_px * kLeftColumnFraction, has_cluster,
                          has_dag, tab, ui_scale);
  }

  Layout layout;
  layout.timeline = {0, 0, width_px, timeline_h};

  const float log_h = std::min(body_h, std::max(kEventLogMinPx * ui_scale, body_h * kEventLogFraction));
  const float ring_h = std::max(0.0f, body_h - log_h - gap);
  layout.ring = {0, body_y, left_w, ring_h};
  layout.event_log = {0, height_px - log_h, left_w, log_h};

  // The DAG graph's share shrinks (to one line's panel) before the panels above it go below
  // their minimums.
  const float dag_line_h = kDagHeightPx * ui_scale;
  const float above_min = (has_cluster ? kClusterMinPx * ui_scale + gap : 0.0f) + kLatencyMinPx * ui_scale + gap;
  const float dag_wanted = has_dag ? std::max(dag_line_h, std::min(body_h * kDagGraphFraction, body_h - above_min))
                                   : dag_line_h;
  const bool dag_shown = has_dag || body_h >= kDagLineBodyMinPx * ui_scale;
  const float dag_h = dag_shown ? std::min(dag_wanted, body_h) : 0.0f;
  const float upper_h = std::max(0.0f, body_h - dag_h - (dag_shown ? gap : 0.0f));
  const float dag_y = std::min(body_y + upper_h + gap, height_px - dag_h);
  if (has_cluster) {
    // The fraction, raised to the cluster's minimum while the latency panel keeps its own.
    const float wanted = std::max(upper_h * kClusterFraction, kClusterMinPx * ui_scale);
    const float limit = upper_h - gap - kLatencyMinPx * ui_scale;
    // A window too small for both minimums just shares the column.
    const float cluster_h_clamped =
        limit >= kClusterMinPx * ui_scale / 2 ? std::min(wanted, limit) : upper_h * kClusterFraction;
    layout.cluster = {right_x, body_y, right_w, cluster_h_clamped};
    layout.latency = {right_x, body_y + cluster_h_clamped + gap, right_w,
                      std::max(0.0f, upper_h - cluster_h_clamped - gap)};
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
