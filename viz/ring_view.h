// The ring view (SFML): the hash circle with each node's ranges in its colour, a sample of
// keys as dots coloured by their primary holder, the ranges being copied, node markers by
// state, flow lines of streaming transfers, and a caption saying what the latest
// membership change did. Hovering a key, an arc or a marker shows a tooltip (ImGui).
//
// Reads the run only. Everything is batched into a few vertex arrays per frame; the owner
// arcs are cached until the membership changes.
#pragma once

#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <cstdint>
#include <vector>

#include "viz/layout.h"
#include "viz/ring_arcs.h"
#include "viz/ring_layer.h"
#include "viz/ring_markers.h"
#include "viz/session.h"
#include "viz/shape_batch.h"
#include "viz/text_painter.h"

namespace ringsim::viz {

// At most this many key dots are drawn (every k-th key id, so the sample is the same in
// every frame and every run).
inline constexpr std::uint64_t kKeyDotsMax = 4000;
// Angular bins for the "being copied" and "lost" bands, computed over all keys.
inline constexpr std::uint32_t kKeyBins = 720;

class RingView {
 public:
  explicit RingView(const sf::Font* font) : font_(font) {}

  // Draws into area, background included. Call between ImGui::NewFrame and ImGui::Render:
  // tooltips and the fallback font use ImGui. allow_hover is false for headless renders.
  void draw(sf::RenderTarget& target, const Session& session, const RectF& area, float ui_scale, bool allow_hover);
  // Vertices submitted by the last draw (for --bench-frames): the dynamic shapes, plus
  // the cached layer's when it had to be redrawn.
  std::size_t vertex_count() const { return vertices_submitted_; }

 private:
  struct KeyDot {
    KeyId key;
    PointF at;
    NodeId holder;  // whose colour the dot takes (unused when lost)
    bool copying;
    bool lost;
  };

  void draw_cluster(sf::RenderTarget& target, const Session& session, const ClusterModel& model, const RectF& area,
                    float ui_scale, bool allow_hover);
  void add_key_bands(const ClusterModel& model, const RingGeometry& geometry, std::uint64_t generation, double now_s);
  void collect_key_dots(const ClusterModel& model, const RingGeometry& geometry);
  void add_key_dot_shapes(float ui_scale);
  // Everything the cached layer shows, folded into one number.
  std::uint64_t layer_signature(const ClusterModel& model, std::uint64_t arcs_signature) const;
  void rebuild_layer_shapes(const ClusterModel& model, const RectF& area, const RingGeometry& geometry,
                            const TextPainter& painter);
  void add_texts(const Run& run, const ClusterModel& model, const RectF& area, const RingGeometry& geometry,
                 const TextPainter& painter);
  void draw_texts(sf::RenderTarget& target, const TextPainter& painter);
  void show_hover(const ClusterModel& model, const RingGeometry& geometry, float ui_scale, std::uint32_t rf) const;

  const sf::Font* font_;
  RingArcs arcs_;
  // Two cached pictures: the owner arcs (redrawn when the membership changes), and that
  // picture with the key dots, node markers and legend on top (redrawn when a dot or a
  // node changes, e.g. at every transfer's handoff).
  ShapeLayer arcs_layer_;
  ShapeLayer layer_;
  ShapeBatch dot_shapes_{/*rects_only=*/true};
  ShapeBatch layer_shapes_;  // node markers, legend symbols
  ShapeBatch batch_;         // per frame: migration and lost bands, transfer flows
  std::size_t vertices_submitted_ = 0;
  std::vector<TextItem> texts_;
  std::vector<KeyDot> dots_;
  // Bin of every key on the circle; key positions never change, so computed once per run.
  std::vector<std::uint16_t> key_bins_;
  std::uint64_t key_bins_generation_ = 0;
  std::vector<std::uint32_t> copying_per_bin_;
  std::vector<std::uint32_t> lost_per_bin_;
  std::vector<std::uint32_t> keys_per_bin_;
};

// The holder whose colour a key takes: its first target replica that holds it, else its
// lowest-id holder. Returns false for a lost key.
bool display_holder(const ReplicaMap& replicas, KeyId key, NodeId& holder);

}  // namespace ringsim::viz
