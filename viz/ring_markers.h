// Node markers around the ring (one per node id, state drawn distinctly), the state
// legend, and the flow lines of streaming transfers from source marker to target marker.
#pragma once

#include <string>
#include <vector>

#include "cluster/node.h"
#include "viz/ring_geometry.h"
#include "viz/shape_batch.h"
#include "models/cluster/cluster_view.h"

namespace ringsim::viz {

// A line of text to draw after the shapes (so text is never covered by them).
struct TextItem {
  std::string text;
  PointF at;
  float size_px;
  Rgba colour;
  int align;  // TextAlign as int, to keep this header free of the painter
};

float marker_radius(const RingGeometry& geometry, std::size_t node_count, float ui_scale);
PointF marker_position(const RingGeometry& geometry, NodeId node, std::size_t node_count);

void add_node_marker(ShapeBatch& batch, PointF at, float radius, NodeState state, Rgba colour, float ui_scale);
void add_node_markers(ShapeBatch& batch, const ClusterView& model, const RingGeometry& geometry, float ui_scale);
void add_node_labels(std::vector<TextItem>& texts, const ClusterView& model, const RingGeometry& geometry,
                     float ui_scale);
// Curved line per streaming transfer, with a dot at bytes_delivered / bytes_total.
void add_transfer_flows(ShapeBatch& batch, const ClusterView& model, const RingGeometry& geometry, float ui_scale);
// Node states and key symbols, stacked upwards from bottom_left: the symbols into batch
// and the words into texts (either may be null).
void add_legend(ShapeBatch* batch, std::vector<TextItem>* texts, PointF bottom_left, float line_height_px,
                float ui_scale);
// A rectangle the legend stays within (generous: its words' widths depend on the font).
RectF legend_bounds(PointF bottom_left, float line_height_px, float ui_scale);
// Within this distance of the ring's centre there is no part of any node marker.
float markers_inner_radius(const RingGeometry& geometry, std::size_t node_count, float ui_scale);

}  // namespace ringsim::viz
