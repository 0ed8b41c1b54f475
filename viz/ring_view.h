// The ring view (SFML): the hash circle with each node's ranges in its colour, a sample of
// keys as dots coloured by their primary holder, the ranges being copied, node markers by
// state, flow lines of streaming transfers, and a caption saying what the latest
// membership change did. Hovering a key, an arc or a marker shows a tooltip (ImGui).
//
// Reads the run only. Everything is batched into a few vertex arrays per frame; the owner
// arcs are cached until the membership changes, the key dots, node markers and legend
// until a node changes state, with changed dots patched in (ring_dots.h).
#pragma once

#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "viz/layout.h"
#include "viz/layout_dump.h"
#include "viz/ring_arcs.h"
#include "viz/ring_dots.h"
#include "viz/ring_layer.h"
#include "viz/ring_markers.h"
#include "viz/series_lookup.h"
#include "viz/session.h"
#include "viz/shape_batch.h"
#include "viz/text_painter.h"

namespace ringsim::viz {

// Angular bins for the "being copied" and "lost" bands, computed over all keys.
inline constexpr std::uint32_t kKeyBins = 720;

class RingView {
 public:
  explicit RingView(const sf::Font* font) : font_(font) {}

  // Draws into area, background included. Call between ImGui::NewFrame and ImGui::Render:
  // tooltips and the fallback font use ImGui. allow_hover is false for headless renders.
  void draw(sf::RenderTarget& target, const Session& session, const RectF& area, float ui_scale, bool allow_hover);
  // Vertices submitted by the last draw (for --bench-frames): the dynamic shapes, plus
  // the cached layer's when it had to be redrawn or patched.
  std::size_t vertex_count() const { return vertices_submitted_; }
  // The node whose marker was clicked in the last draw (once; then nullopt).
  std::optional<NodeId> take_clicked_node() {
    const std::optional<NodeId> node = clicked_node_;
    clicked_node_.reset();
    return node;
  }

 private:
  void draw_cluster(sf::RenderTarget& target, const Session& session, const ClusterView& model, const RectF& area,
                    float ui_scale, bool allow_hover);
  void add_key_bands(const ClusterView& model, const RingGeometry& geometry, std::uint64_t generation, double now_s);
  // Everything the cached layer shows, folded into one number.
  std::uint64_t layer_signature(const ClusterView& model, std::uint64_t arcs_signature) const;
  void rebuild_layer_shapes(const ClusterView& model, const RectF& area, const RingGeometry& geometry,
                            const TextPainter& painter);
  // Brings the cached layer's dots up to date box by box; false when it must be redrawn.
  bool patch_layer(const ClusterView& model, const RectF& area, const RingGeometry& geometry,
                   const TextPainter& painter);
  // The caption block (headline, detail, what is shown), across the top or, when that
  // leaves the larger ring, as a column down the left: its texts go to texts_, and the
  // legend's place is set; returns where the caption and legend are (ring_geometry's input).
  RingSurround add_caption(const Run& run, const ClusterView& model, const RectF& area, const TextPainter& painter);
  void draw_texts(sf::RenderTarget& target, const TextPainter& painter);
  void show_hover(const Run& run, std::uint64_t generation, const ClusterView& model, const RingGeometry& geometry,
                  float ui_scale, std::uint32_t rf);

  const sf::Font* font_;
  RingArcs arcs_;
  // Two cached pictures: the owner arcs (redrawn when the membership changes), and that
  // picture with the key dots, node markers and legend on top (redrawn when a node
  // changes state; dots that change, e.g. at a transfer's handoff, are patched in).
  ShapeLayer arcs_layer_;
  ShapeLayer layer_;
  RingKeyDots dots_;
  ShapeBatch dot_shapes_{/*rects_only=*/true};
  ShapeBatch layer_shapes_;  // node markers, legend symbols
  sf::VertexArray patch_background_{sf::Quads};  // owner-arc pixels under patched dots
  ShapeBatch patch_dots_{/*rects_only=*/true};
  ShapeBatch batch_;         // per frame: migration and lost bands, transfer flows
  std::size_t vertices_submitted_ = 0;
  RectF legend_;  // this frame's legend box (empty: no room for it)
  std::uint64_t run_generation_ = 0;  // the session's generation this frame draws
  std::optional<NodeId> clicked_node_;
  SeriesLookup series_;  // node utilization for the marker tooltips
  std::vector<TextItem> texts_;
  // The caption's placement for the text and view it was made for (add_caption).
  std::string caption_key_;
  std::vector<TextItem> caption_items_;
  std::vector<ShortenedText> caption_cuts_;
  RectF caption_legend_;
  RingSurround caption_surround_;
  // Bin of every key on the circle; key positions never change, so computed once per run.
  std::vector<std::uint16_t> key_bins_;
  std::uint64_t key_bins_generation_ = 0;
  KeyMotion motion_;  // this frame's waiting and streaming copies (key_motion.h)
  std::vector<std::uint32_t> copying_per_bin_;
  std::vector<std::uint32_t> waiting_per_bin_;
  std::vector<std::uint32_t> lost_per_bin_;
  std::vector<std::uint32_t> keys_per_bin_;
};

}  // namespace ringsim::viz
