// [SECTION] index
//   helpers          text wrap, backgrounds, signatures
//   entry            RingView::draw (cluster or "no cluster" message)
//   frame            draw_cluster: cached layers, per-frame shapes, texts, hover
//   cached layer     signature and shapes of the key dots, node markers, legend; patches
//   bands            "being copied" and "lost" bands over all keys
//   texts            caption and footer
#include "viz/ring_view.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>
#include <vector>

#include "viz/format.h"
#include "viz/layout_dump.h"
#include "viz/ring_caption.h"

namespace ringsim::viz {
namespace {

//------------------------------------------------------------------------------
// [SECTION] helpers
//------------------------------------------------------------------------------

constexpr double kBandStepRad = kTwoPi / kKeyBins;
// The "being copied" band pulses with virtual time (not wall time), so a paused run and a
// headless render look the same.
constexpr double kPulsePeriodS = 1.0;
constexpr float kPulseDepth = 0.3f;
constexpr float kBandAlphaMin = 70;
constexpr float kBandAlphaRange = 185;
constexpr float kHeadlineSizePx = 17;
constexpr float kDetailSizePx = 13.5f;
constexpr float kFooterSizePx = 13;
constexpr float kMarginPx = 12;
// Top of the caption's first line, and the gap between the caption block and the ring.
constexpr float kCaptionTopPx = 8;
constexpr float kCaptionGapPx = 4;
// Below this height (in caption lines) the view leaves out what it shows (sample, placement).
constexpr float kShownLinesMinViewLines = 16;
constexpr float kNoClusterSizePx = 20;

PointF legend_corner(const RectF& area, float ui_scale) {
  return {area.x + kMarginPx * ui_scale, area.y + area.h - kMarginPx * ui_scale / 2};
}

std::uint64_t area_signature(const RectF& area, float ui_scale) {
  std::uint64_t signature = 0;
  for (const float value : {area.x, area.y, area.w, area.h, ui_scale}) {
    signature = fold_signature(signature, std::bit_cast<std::uint32_t>(value));
  }
  return signature;
}

std::uint64_t geometry_signature(const RingGeometry& geometry) {
  std::uint64_t signature = 0;
  for (const float value : {geometry.centre.x, geometry.centre.y, geometry.band_outer}) {
    signature = fold_signature(signature, std::bit_cast<std::uint32_t>(value));
  }
  return signature;
}

void fill_background(sf::RenderTarget& target, const RectF& area) {
  ShapeBatch background;
  background.add_rect(area.x, area.y, area.w, area.h, to_sf(kBackground));
  target.draw(background);
}

// Greedy word wrap to max_width pixels.
std::vector<std::string> wrap_words(const TextPainter& painter, const std::string& text, float size_px,
                                    float max_width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    const std::string candidate = line.empty() ? word : line + " " + word;
    if (!line.empty() && painter.width(candidate, size_px) > max_width) {
      lines.push_back(line);
      line = word;
    } else {
      line = candidate;
    }
    start = end + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace

//------------------------------------------------------------------------------
// [SECTION] entry
//------------------------------------------------------------------------------

void RingView::draw(sf::RenderTarget& target, const Session& session, const RectF& area, float ui_scale,
                    bool allow_hover) {
  if (area.empty()) return;
  const ClusterView* model = session.cluster();
  if (model != nullptr) {
    draw_cluster(target, session, *model, area, ui_scale, allow_hover);
    return;
  }
  // A station scenario: say so, and show what the scenario is about.
  fill_background(target, area);
  const TextPainter painter(font_, ui_scale);
  const float left = area.x + kMarginPx * ui_scale;
  float y = area.y + area.h / 3;
  painter.draw(target, "no cluster in this scenario", {area.x + area.w / 2, y}, kNoClusterSizePx, kTextColour,
               TextAlign::kCentre);
  y += 2 * painter.line_height(kNoClusterSizePx);
  const Scenario& scenario = session.run().scenario();
  const float width = area.w - 2 * kMarginPx * ui_scale;
  painter.draw(target,
               painter.fit(scenario.name + ": a single queueing station (see the latency and timeline panels)",
                           kDetailSizePx, width),
               {left, y}, kDetailSizePx, kTextColour);
  y += painter.line_height(kDetailSizePx) * 1.5f;
  for (const std::string& line : wrap_words(painter, scenario.description, kDetailSizePx, width)) {
    painter.draw(target, line, {left, y}, kDetailSizePx, kTextDimColour);
    y += painter.line_height(kDetailSizePx);
  }
}

//------------------------------------------------------------------------------
// [SECTION] frame
//------------------------------------------------------------------------------

void RingView::draw_cluster(sf::RenderTarget& target, const Session& session, const ClusterView& model,
                            const RectF& area, float ui_scale, bool allow_hover) {
  const Run& run = session.run();
  const TextPainter painter(font_, ui_scale);
  texts_.clear();
  run_generation_ = session.generation();
  motion_.measure(model);
  // The caption and the legend are placed first; the ring takes the largest disc left.
  const float caption_h = add_caption(run, model, area, painter);
  legend_ = legend_area(area, caption_h, painter);
  const RingGeometry geometry = ring_geometry(area, ui_scale, {caption_h, legend_.w, legend_.h});
  record_panel("ring_disc", ring_disc(geometry));  // the checker looks for the band there
  if (!geometry.usable()) {
    fill_background(target, area);
    draw_texts(target, painter);
    return;
  }
  arcs_.update(model.placement(), model.membership_epoch(), session.generation(), geometry);
  dots_.collect(model, motion_, geometry, ui_scale, session.generation());
  batch_.clear();
  vertices_submitted_ = 0;

  const std::uint64_t arcs_signature =
      fold_signature(fold_signature(arcs_.version(), area_signature(area, ui_scale)), geometry_signature(geometry));
  if (arcs_layer_.available() && !arcs_layer_.up_to_date(area, arcs_signature)) {
    arcs_layer_.redraw(area, arcs_signature, kBackground, {&arcs_.batch()});
    vertices_submitted_ += arcs_.vertex_count();
  }
  // The layer is redrawn whole when its frame changes (arcs, area, nodes, the sample);
  // dots that changed since are patched in, box by box (ring_dots.h).
  const std::uint64_t signature = layer_signature(model, arcs_signature);
  const bool layers = layer_.available() && arcs_layer_.available();
  if (!layers || !layer_.up_to_date(area, signature) || !patch_layer(model, area, geometry, painter)) {
    rebuild_layer_shapes(model, area, geometry, painter);
    if (layers) layer_.redraw(area, signature, kBackground, {&arcs_layer_, &dot_shapes_, &layer_shapes_});
    vertices_submitted_ += dot_shapes_.vertex_count() + layer_shapes_.vertex_count();
  }
  if (layer_.available() && arcs_layer_.available()) {
    target.draw(layer_);  // opaque: it paints the background too
  } else {
    fill_background(target, area);
    target.draw(arcs_.batch());
    target.draw(dot_shapes_);
    target.draw(layer_shapes_);
  }

  add_key_bands(model, geometry, session.generation(), ns_to_s(run.now_ns()));
  add_transfer_flows(batch_, model, geometry, ui_scale);
  target.draw(batch_);
  vertices_submitted_ += batch_.vertex_count();

  add_node_labels(texts_, model, geometry, ui_scale);
  if (!legend_.empty()) {
    add_legend(nullptr, &texts_, legend_corner(area, ui_scale), painter.line_height(kFooterSizePx), ui_scale);
  }
  draw_texts(target, painter);
  if (allow_hover) {
    show_hover(run, session.generation(), model, geometry, ui_scale,
               std::get<ClusterScenario>(run.scenario().model).cluster.replication.factor);
  }
}

//------------------------------------------------------------------------------
// [SECTION] cached layer
//------------------------------------------------------------------------------

std::uint64_t RingView::layer_signature(const ClusterView& model, std::uint64_t arcs_signature) const {
  // Not the dots' states: those are patched in (patch_layer).
  std::uint64_t signature = fold_signature(arcs_signature, dots_.sample_count());
  for (const Node& node : model.nodes()) signature = fold_signature(signature, static_cast<std::uint64_t>(node.state));
  return fold_signature(signature, model.nodes().size());
}

void RingView::rebuild_layer_shapes(const ClusterView& model, const RectF& area, const RingGeometry& geometry,
                                    const TextPainter& painter) {
  const float ui_scale = painter.ui_scale();
  dot_shapes_.clear();
  dots_.add_all_shapes(dot_shapes_);
  layer_shapes_.clear();
  add_node_markers(layer_shapes_, model, geometry, ui_scale);
  if (!legend_.empty()) {
    add_legend(&layer_shapes_, nullptr, legend_corner(area, ui_scale), painter.line_height(kFooterSizePx), ui_scale);
  }
}

bool RingView::patch_layer(const ClusterView& model, const RectF& area, const RingGeometry& geometry,
                           const TextPainter& painter) {
  const float ui_scale = painter.ui_scale();
  patch_background_.clear();
  patch_dots_.clear();
  const float free_radius = markers_inner_radius(geometry, model.nodes().size(), ui_scale);
  (void)area;
  if (!dots_.add_patch(free_radius, legend_, layer_.origin(), patch_background_, patch_dots_)) return false;
  if (patch_background_.getVertexCount() == 0) return true;  // nothing changed
  sf::RenderStates copy;  // the owner-arc picture under each box, copied as it is
  copy.texture = &arcs_layer_.texture();
  copy.blendMode = sf::BlendNone;
  layer_.patch({{&patch_background_, copy}, {&patch_dots_, sf::RenderStates::Default}});
  dots_.mark_drawn();
  vertices_submitted_ += patch_background_.getVertexCount() + patch_dots_.vertex_count();
  return true;
}

//------------------------------------------------------------------------------
// [SECTION] bands
//------------------------------------------------------------------------------

void RingView::add_key_bands(const ClusterView& model, const RingGeometry& geometry, std::uint64_t generation,
                             double now_s) {
  const ReplicaMap& replicas = model.replicas();
  const std::uint64_t key_count = replicas.key_count();
  if (key_bins_generation_ != generation || key_bins_.size() != key_count) {
    key_bins_.resize(key_count);
    for (KeyId key = 0; key < key_count; ++key) {
      key_bins_[key] = static_cast<std::uint16_t>((key_hash(key) >> 32) * kKeyBins >> 32);
    }
    key_bins_generation_ = generation;
  }
  copying_per_bin_.assign(kKeyBins, 0);
  waiting_per_bin_.assign(kKeyBins, 0);
  lost_per_bin_.assign(kKeyBins, 0);
  keys_per_bin_.assign(kKeyBins, 0);
  for (KeyId key = 0; key < key_count; ++key) {
    const std::uint16_t bin = key_bins_[key];
    keys_per_bin_[bin] += 1;
    if (replicas.lost(key)) lost_per_bin_[bin] += 1;
    const KeyMove move = motion_.move_of(replicas, key);
    if (move == KeyMove::kCopying) copying_per_bin_[bin] += 1;
    if (move == KeyMove::kWaiting) waiting_per_bin_[bin] += 1;
  }
  // Streaming copies pulse (with virtual time); waiting ones are a steady dim band.
  const float pulse = 1 - kPulseDepth * 0.5f * (1 + static_cast<float>(std::sin(kTwoPi * now_s / kPulsePeriodS)));
  for (std::uint32_t bin = 0; bin < kKeyBins; ++bin) {
    if (keys_per_bin_[bin] == 0) continue;
    const bool lost = lost_per_bin_[bin] > 0;
    const bool copying = !lost && copying_per_bin_[bin] > 0;
    const std::uint32_t marked = lost ? lost_per_bin_[bin] : copying ? copying_per_bin_[bin] : waiting_per_bin_[bin];
    if (marked == 0) continue;
    const float share = static_cast<float>(marked) / static_cast<float>(keys_per_bin_[bin]);
    const float alpha = (kBandAlphaMin + kBandAlphaRange * share) * (copying ? pulse : 1.0f);
    const Rgba colour = lost ? kLostKey : copying ? kMigrating : kMoveWaiting;
    batch_.add_sector(geometry, bin * kBandStepRad, (bin + 1) * kBandStepRad, geometry.highlight_inner,
                      geometry.highlight_outer, with_alpha(colour, static_cast<std::uint8_t>(alpha)), kBandStepRad);
  }
}

//------------------------------------------------------------------------------
// [SECTION] texts
//------------------------------------------------------------------------------

float RingView::add_caption(const Run& run, const ClusterView& model, const RectF& area, const TextPainter& painter) {
  const float scale = painter.ui_scale();
  const RingCaption caption = describe_ring_state(run, model, motion_);
  const float left = area.x + kMarginPx * scale;
  const float width = area.w - 2 * kMarginPx * scale;
  float y = area.y + kCaptionTopPx * scale;
  texts_.push_back({painter.fit(caption.headline, kHeadlineSizePx, width), {left, y}, kHeadlineSizePx, kTextColour, 0});
  y += painter.line_height(kHeadlineSizePx);
  // The detail wraps onto a second line between its parts rather than losing its end.
  for (const std::string& line : painter.wrap(caption.detail, " · ", kDetailSizePx, width, 2)) {
    texts_.push_back({line, {left, y}, kDetailSizePx, kTextDimColour, 0});
    y += painter.line_height(kDetailSizePx);
  }
  // What the picture shows: the key sample, the placement and who is a member.
  const std::uint64_t key_count = model.replicas().key_count();
  const auto& cluster = std::get<ClusterScenario>(run.scenario().model).cluster;
  std::string strategy = model.placement().name();
  const bool tokens = arcs_.has_tokens(model.placement(), model.membership_epoch(), run_generation_);
  if (tokens) strategy += ", " + std::to_string(cluster.placement.vnodes_per_node) + " vnodes/node";
  if (!tokens) strategy += ", owners sampled at " + std::to_string(kOwnerSamples) + " points";
  const std::string shown = "showing " + format_count(RingKeyDots::sample_count_for(key_count)) + " of " + format_count(key_count) +
                            " keys · " + strategy + ", RF " + std::to_string(cluster.replication.factor) + " · " +
                            std::to_string(model.placement().members().size()) + " members of " +
                            std::to_string(model.nodes().size()) + " nodes";
  // A short view (a projector's big font) gives these lines to the ring.
  const bool room = area.h >= kShownLinesMinViewLines * painter.line_height(kFooterSizePx);
  for (const std::string& line : room ? painter.wrap(shown, " · ", kFooterSizePx, width, 2) : std::vector<std::string>{}) {
    texts_.push_back({line, {left, y}, kFooterSizePx, kTextDimColour, 0});
    y += painter.line_height(kFooterSizePx);
  }
  return y - area.y + kCaptionGapPx * scale;
}

RectF RingView::legend_area(const RectF& area, float caption_h, const TextPainter& painter) const {
  const float scale = painter.ui_scale();
  const RectF legend = legend_bounds(legend_corner(area, scale), painter.line_height(kFooterSizePx), scale);
  // Below the caption, with the ring's margin: else there is no legend (the node
  // tooltips say each state).
  if (legend.y < area.y + caption_h || legend.w > area.w / 2) return {};
  return legend;
}

void RingView::draw_texts(sf::RenderTarget& target, const TextPainter& painter) {
  for (const TextItem& item : texts_) {
    painter.draw(target, item.text, item.at, item.size_px, item.colour, static_cast<TextAlign>(item.align));
  }
}

}  // namespace ringsim::viz
