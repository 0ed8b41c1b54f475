#include "viz/ring_markers.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "viz/text_painter.h"

namespace ringsim::viz {
namespace {

constexpr float kMarkerRadiusPx = 9;
constexpr float kMarkerRadiusMinPx = 3;
// Markers may use this share of the distance between neighbours.
constexpr float kMarkerSpacingShare = 0.42f;
// Segments of a marker's circle: about one per 1.5 px of radius, within these bounds
// (fewer triangles keep a software renderer fast with a hundred nodes).
constexpr int kMarkerSegmentsMin = 8;
constexpr int kMarkerSegmentsMax = 20;
constexpr float kMarkerSegmentsPerPx = 1.5f;
constexpr float kOutlineThinPx = 1.5f;
constexpr float kOutlineThickPx = 3;
constexpr float kLeftMarkerShrink = 0.55f;
constexpr std::uint8_t kDimAlpha = 90;
constexpr float kLabelSizePx = 12.5f;
constexpr float kLabelSpacingMinPx = 18;

constexpr float kFlowThicknessPx = 2.5f;
constexpr std::uint8_t kFlowAlpha = 230;
// A flow curve gets one straight piece per this many pixels of chord, within bounds.
constexpr float kFlowSegmentPx = 14;
constexpr int kFlowSegmentsMin = 6;
constexpr int kFlowSegmentsMax = 28;
// The flow curve bends towards the centre: its control point is this far from the centre
// relative to the chord's midpoint.
constexpr float kFlowBend = 0.2f;
constexpr float kFlowDotRadiusPx = 3.5f;

constexpr float kLegendSizePx = 13;
constexpr float kLegendSymbolPx = 7;
constexpr float kLegendTextIndentPx = 20;
// Wider than the longest legend line ("range, owner's colour") in DejaVu Sans at 13 px.
constexpr float kLegendWidthMaxPx = 220;

struct LegendState {
  NodeState state;
  const char* label;
};
constexpr std::array<LegendState, 6> kLegendStates = {{
    {NodeState::kBooting, "booting"},
    {NodeState::kUp, "up"},
    {NodeState::kDraining, "draining"},
    {NodeState::kFailed, "failed"},
    {NodeState::kFenced, "fenced"},
    {NodeState::kLeft, "left"},
}};
// Key and range symbols, node states, and the title line.
constexpr int kLegendKeyLines = 5;
constexpr int kLegendLines = kLegendKeyLines + static_cast<int>(kLegendStates.size()) + 1;

PointF bezier(PointF a, PointF control, PointF b, float t) {
  const float u = 1 - t;
  return {u * u * a.x + 2 * u * t * control.x + t * t * b.x, u * u * a.y + 2 * u * t * control.y + t * t * b.y};
}

int circle_segments(float radius) {
  return std::clamp(static_cast<int>(radius * kMarkerSegmentsPerPx), kMarkerSegmentsMin, kMarkerSegmentsMax);
}

void add_cross(ShapeBatch& batch, PointF at, float half, float thickness, sf::Color colour) {
  batch.add_line({at.x - half, at.y - half}, {at.x + half, at.y + half}, thickness, colour);
  batch.add_line({at.x - half, at.y + half}, {at.x + half, at.y - half}, thickness, colour);
}

}  // namespace

float marker_radius(const RingGeometry& geometry, std::size_t node_count, float ui_scale) {
  const float spacing = node_count == 0 ? 0 : geometry.marker_orbit * static_cast<float>(kTwoPi) / node_count;
  return std::clamp(spacing * kMarkerSpacingShare, kMarkerRadiusMinPx, kMarkerRadiusPx * ui_scale);
}

PointF marker_position(const RingGeometry& geometry, NodeId node, std::size_t node_count) {
  return ring_point(geometry, node_marker_angle(node, static_cast<std::uint32_t>(node_count)), geometry.marker_orbit);
}

void add_node_marker(ShapeBatch& batch, PointF at, float radius, NodeState state, Rgba colour, float ui_scale) {
  const float thin = kOutlineThinPx * ui_scale;
  const float thick = kOutlineThickPx * ui_scale;
  const int segments = circle_segments(radius);
  switch (state) {
    case NodeState::kUp:
      batch.add_disc(at, radius, to_sf(colour), segments);
      batch.add_circle_outline(at, radius, thin, to_sf(kStateUpOutline), segments);
      break;
    case NodeState::kBooting:  // hollow: not serving yet
      batch.add_disc(at, radius, to_sf(kBackground), segments);
      batch.add_circle_outline(at, radius - thick / 2, thick, to_sf(colour), segments);
      break;
    case NodeState::kDraining:
      batch.add_disc(at, radius, to_sf(colour), segments);
      batch.add_circle_outline(at, radius, thick, to_sf(kStateDrainingOutline), segments);
      break;
    case NodeState::kFailed:
      batch.add_disc(at, radius, with_alpha(colour, kDimAlpha), segments);
      add_cross(batch, at, radius * 0.9f, thick, to_sf(kStateFailed));
      break;
    case NodeState::kFenced:
      batch.add_disc(at, radius, with_alpha(colour, kDimAlpha), segments);
      batch.add_circle_outline(at, radius, thick, to_sf(kStateFencedOutline), segments);
      break;
    case NodeState::kLeft:
      batch.add_disc(at, radius * kLeftMarkerShrink, to_sf(kStateLeft), segments);
      break;
  }
}

void add_node_markers(ShapeBatch& batch, const ClusterView& model, const RingGeometry& geometry, float ui_scale) {
  const std::size_t count = model.nodes().size();
  const float radius = marker_radius(geometry, count, ui_scale);
  for (const Node& node : model.nodes()) {
    add_node_marker(batch, marker_position(geometry, node.id, count), radius, node.state, node_colour(node.id),
                    ui_scale);
  }
}

void add_node_labels(std::vector<TextItem>& texts, const ClusterView& model, const RingGeometry& geometry,
                     float ui_scale) {
  const std::size_t count = model.nodes().size();
  if (count == 0) return;
  // With many nodes only every k-th id is labelled, so labels never overlap.
  const float label_spacing = geometry.label_orbit * static_cast<float>(kTwoPi) / count;
  const std::size_t label_every =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(kLabelSpacingMinPx * ui_scale / label_spacing)));
  const float label_half_height = kLabelSizePx * ui_scale * 0.62f;
  // On a small ring (a projector's 1280x720) the proportional orbit would put the label on
  // its marker: keep it a marker radius and a label's half size outside the marker's orbit.
  const float orbit = std::max(geometry.label_orbit, geometry.marker_orbit + marker_radius(geometry, count, ui_scale) +
                                                         kLabelSizePx * ui_scale * 0.8f);
  for (const Node& node : model.nodes()) {
    if (node.id % label_every != 0) continue;
    const PointF label = ring_point(geometry, node_marker_angle(node.id, static_cast<std::uint32_t>(count)), orbit);
    texts.push_back({std::to_string(node.id),
                     {label.x, label.y - label_half_height},
                     kLabelSizePx,
                     node.state == NodeState::kLeft ? kTextDimColour : kTextColour,
                     static_cast<int>(TextAlign::kCentre)});
  }
}

void add_transfer_flows(ShapeBatch& batch, const ClusterView& model, const RingGeometry& geometry, float ui_scale) {
  const std::size_t count = model.nodes().size();
  const float thickness = kFlowThicknessPx * ui_scale;
  const float radius = marker_radius(geometry, count, ui_scale);
  for (const Transfer& transfer : model.migrator().transfers()) {
    if (transfer.state != Transfer::State::kStreaming) continue;
    const PointF from = marker_position(geometry, transfer.source, count);
    const PointF to = marker_position(geometry, transfer.target, count);
    const PointF middle{(from.x + to.x) / 2, (from.y + to.y) / 2};
    const PointF control{geometry.centre.x + (middle.x - geometry.centre.x) * kFlowBend,
                         geometry.centre.y + (middle.y - geometry.centre.y) * kFlowBend};
    const sf::Color colour = with_alpha(node_colour(transfer.source), kFlowAlpha);
    const float chord = std::hypot(to.x - from.x, to.y - from.y);
    const int segments = std::clamp(static_cast<int>(chord / kFlowSegmentPx), kFlowSegmentsMin, kFlowSegmentsMax);
    // The line starts and ends at the markers' rims, not over them (they are drawn first).
    const float rim = chord > 0 ? std::min(0.45f, radius / chord) : 0.0f;
    PointF previous = bezier(from, control, to, rim);
    for (int i = 1; i <= segments; ++i) {
      const PointF next = bezier(from, control, to, rim + (1 - 2 * rim) * static_cast<float>(i) / segments);
      batch.add_line(previous, next, thickness, colour);
      previous = next;
    }
    const float progress =
        transfer.bytes_total > 0 ? static_cast<float>(transfer.bytes_delivered / transfer.bytes_total) : 0.0f;
    const float dot_radius = kFlowDotRadiusPx * ui_scale;
    const float along = rim + (1 - 2 * rim) * std::clamp(progress, 0.0f, 1.0f);
    batch.add_disc(bezier(from, control, to, along), dot_radius, to_sf(kFlowProgress), circle_segments(dot_radius));
  }
}

void add_legend(ShapeBatch* batch, std::vector<TextItem>* texts, PointF bottom_left, float line_height_px,
                float ui_scale) {
  const float symbol = kLegendSymbolPx * ui_scale;
  const float indent = kLegendTextIndentPx * ui_scale;
  float y = bottom_left.y - line_height_px;
  // Bottom-up: key symbols first, then states, then the title.
  const auto line = [&](const char* label) {
    if (texts != nullptr) {
      texts->push_back(
          {label, {bottom_left.x + indent, y}, kLegendSizePx, kTextColour, static_cast<int>(TextAlign::kLeft)});
    }
    const PointF centre{bottom_left.x + symbol, y + line_height_px / 2};
    y -= line_height_px;
    return centre;
  };
  PointF at = line("lost key");
  if (batch != nullptr) batch->add_rect(at.x - symbol / 2, at.y - symbol / 2, symbol, symbol, to_sf(kLostKey));
  at = line("key being copied");
  if (batch != nullptr) batch->add_rect(at.x - symbol / 2, at.y - symbol / 2, symbol, symbol, to_sf(kMigrating));
  // Planned but not streaming (key_motion.h): the dots' dim frame and the band's dim arc.
  at = line("key/range waiting to move");
  if (batch != nullptr) batch->add_rect(at.x - symbol / 2, at.y - symbol / 2, symbol, symbol, to_sf(kMoveWaiting));
  at = line("range, owner's colour");
  if (batch != nullptr) {
    for (int i = 0; i < 4; ++i) {
      batch->add_rect(at.x - symbol + i * symbol / 2, at.y - symbol / 2, symbol / 2, symbol,
                      to_sf(node_colour(static_cast<std::uint32_t>(i))));
    }
  }
  at = line("range being copied");
  if (batch != nullptr) {
    batch->add_rect(at.x - symbol, at.y - symbol / 3, 2 * symbol, symbol * 2 / 3, to_sf(kMigrating));
  }
  for (auto it = kLegendStates.rbegin(); it != kLegendStates.rend(); ++it) {
    at = line(it->label);
    if (batch != nullptr) add_node_marker(*batch, at, symbol, it->state, kStateNeutralFill, ui_scale);
  }
  if (texts != nullptr) {
    texts->push_back(
        {"node states, keys", {bottom_left.x, y}, kLegendSizePx, kTextDimColour, static_cast<int>(TextAlign::kLeft)});
  }
}

RectF legend_bounds(PointF bottom_left, float line_height_px, float ui_scale) {
  // One line more than it draws: the title's glyphs reach below its line.
  const float height = line_height_px * static_cast<float>(kLegendLines + 1);
  return {bottom_left.x, bottom_left.y - height, kLegendWidthMaxPx * ui_scale, height};
}

float markers_inner_radius(const RingGeometry& geometry, std::size_t node_count, float ui_scale) {
  // The thick outlines are centred on the marker's rim.
  return geometry.marker_orbit - marker_radius(geometry, node_count, ui_scale) - kOutlineThickPx * ui_scale;
}

}  // namespace ringsim::viz
