// The ring view's key dots: every k-th key (at most kKeyDotsMax, the same sample in every
// frame) at the angle of its hash, coloured by the node serving it, framed yellow while a
// transfer streams a copy of it, framed dim khaki while its move waits (planned, not
// streaming: key_motion.h), red on black once lost.
//
// The dots live in the ring's cached layer (ring_layer.h). A transfer's handoff changes a
// few dots at a time, and redrawing the whole layer for that cost a frame 6-8 ms under
// Mesa's software renderer (p99 above 16 ms at 64 nodes). So the dots remember the states
// last drawn, and add_patch() gives the repairs for just the dots that changed: a small
// box around each, refilled from the owner-arc picture underneath and then with every dot
// overlapping the box, in draw order, clipped to it. The patched picture equals a full
// redraw pixel for pixel: dots are axis-aligned rectangles, boxes are whole pixels.
#pragma once

#include <SFML/Graphics/VertexArray.hpp>
#include <cstdint>
#include <vector>

#include "viz/key_motion.h"
#include "viz/ring_geometry.h"
#include "viz/shape_batch.h"
#include "models/cluster/cluster_view.h"

namespace ringsim::viz {

// At most this many key dots are drawn (every k-th key id).
inline constexpr std::uint64_t kKeyDotsMax = 4000;

struct KeyDot {
  KeyId key;
  PointF at;
  NodeId holder;  // whose colour the dot takes (unused when lost)
  KeyMove move;
  bool lost;
};

// The holder whose colour a key takes: its first target replica that holds it, else its
// lowest-id holder. Returns false for a lost key.
bool display_holder(const ReplicaMap& replicas, KeyId key, NodeId& holder);

class RingKeyDots {
 public:
  // Reads the sampled keys' states now. Positions are kept until the geometry, the run or
  // the key count changes.
  void collect(const ClusterView& model, const KeyMotion& motion, const RingGeometry& geometry, float ui_scale,
               std::uint64_t generation);
  // In draw order: plain keys, then waiting, then being copied, then lost keys (on top).
  const std::vector<KeyDot>& dots() const { return dots_; }
  // Keys sampled (the footer's "showing N of M keys").
  std::size_t sample_count() const { return samples_.size(); }
  // How many keys of `key_count` place() samples (every stride-th key, at most kKeyDotsMax).
  static std::size_t sample_count_for(std::uint64_t key_count);

  // Every dot's shapes into `quads` (a rects-only batch), for a full redraw; the states
  // drawn are then the current ones.
  void add_all_shapes(ShapeBatch& quads);
  // The repairs for the dots whose state changed since the last drawing: into
  // `background` textured quads taking their pixels from the owner-arc picture (texture
  // coordinates relative to texture_origin, its top-left corner in the window), and into
  // `quads` the dots overlapping each box, clipped to it. Returns false, adding nothing,
  // when a full redraw is due instead: too many dots changed, or a box would touch
  // something else the layer holds (beyond free_radius_px from the ring's centre: node
  // markers; or inside `avoid`: the legend). Nothing changed: true, nothing added.
  bool add_patch(float free_radius_px, const RectF& avoid, PointF texture_origin, sf::VertexArray& background,
                 ShapeBatch& quads);
  // The states just patched in are now the ones drawn.
  void mark_drawn() { drawn_ = states_; }

 private:
  struct State {
    NodeId holder = 0;
    KeyMove move = KeyMove::kStill;
    bool lost = false;
    bool operator==(const State&) const = default;
  };
  struct Box {
    float left, top, right, bottom;
  };

  void place(const ReplicaMap& replicas, const RingGeometry& geometry, float ui_scale, std::uint64_t generation);
  int draw_rank(std::size_t sample) const;
  void add_dot(ShapeBatch& quads, std::size_t sample, const Box* clip) const;
  Box box_around(std::size_t sample) const;
  // Dots whose frame overlaps the box, in draw order.
  void dots_overlapping(const Box& box, std::vector<std::size_t>& out) const;

  // Placement (until geometry, run or key count change).
  std::uint64_t stride_ = 1;
  std::uint64_t generation_ = 0;
  RingGeometry geometry_;
  float ui_scale_ = 0;
  std::vector<KeyId> samples_;
  std::vector<PointF> at_;
  float side_px_ = 0;   // a dot
  float frame_px_ = 0;  // a highlighted dot's frame: the largest extent of any dot
  // Uniform grid over the dots' bounding square, for finding a box's neighbours.
  float grid_x_ = 0;
  float grid_y_ = 0;
  float cell_px_ = 1;
  std::size_t grid_columns_ = 0;
  std::vector<std::vector<std::uint32_t>> cells_;

  std::vector<State> states_;  // now, by sample
  std::vector<State> drawn_;   // in the cached layer, by sample
  std::vector<KeyDot> dots_;   // now, in draw order
};

}  // namespace ringsim::viz
