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

#include "viz/caption_wrap.h"
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
// Each of the caption's three texts (headline, detail, footer) wraps to at most this many lines.
constexpr std::size_t kCaptionLinesMax = 6;
// The caption goes down the left beside the ring only when that column is at least this
// wide; the ring beside it is tried from the view's height down to kRingSideMinPx.
constexpr float kCaptionColumnMinPx = 240;
constexpr float kRingSideMinPx = 150;
constexpr float kRingSideStepPx = 20;
// A ring disc smaller than this (at ui_scale 1) is worth the caption's smaller text sizes.
constexpr float kRingDiscMinPx = 120;
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
                           kDetailSizePx, width, "ring/station"),
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
  const RingGeometry geometry = ring_geometry(area, ui_scale, add_caption(run, model, area, painter));
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

namespace {

// The caption's text sizes: normal, and smaller for a view too short for the normal ones.
struct CaptionSizes {
  float headline;
  float detail;
  float footer;
};
constexpr CaptionSizes kCaptionSizes{kHeadlineSizePx, kDetailSizePx, kFooterSizePx};
constexpr CaptionSizes kSmallCaptionSizes{kDetailSizePx, 12, 11.5f};

// The caption's lines laid out at one width, from (0, 0): not yet drawn nor recorded, so
// placements can be compared.
struct CaptionBlock {
  std::vector<TextItem> items;
  float height = 0;
  std::vector<ShortenedText> cuts;
};

struct CaptionText {
  const RingCaption& caption;
  const std::string& shown;  // the footer: what the picture shows
  bool shown_room;           // whether the footer is shown at all
};

CaptionBlock layout_caption(const CaptionText& text, const CaptionSizes& sizes, float width,
                            const TextPainter& painter) {
  CaptionBlock block;
  // Every line wraps rather than losing its end (the headline at its spaces, the detail and
  // footer between their parts); only beyond kCaptionLinesMax lines is one cut, and the
  // layout dump records that for the screenshot checks to fail on.
  const auto add = [&](const std::string& line_text, const char* separator, float size_px, Rgba colour,
                       const char* owner) {
    const WrappedText wrapped = wrap_parts(line_text, separator, width, kCaptionLinesMax, [&](std::string_view piece) {
      return painter.width(std::string(piece), size_px);
    });
    if (wrapped.shortened) block.cuts.push_back({owner, line_text, wrapped.lines.back()});
    for (const std::string& line : wrapped.lines) {
      block.items.push_back({line, {0, block.height}, size_px, colour, 0});
      block.height += painter.line_height(size_px);
    }
  };
  add(text.caption.headline, " ", sizes.headline, kTextColour, "ring/headline");
  add(text.caption.detail, " · ", sizes.detail, kTextDimColour, "ring/detail");
  if (text.shown_room) add(text.shown, " · ", sizes.footer, kTextDimColour, "ring/footer");
  return block;
}

// Where the legend goes, or an empty rectangle when it does not fit below the caption
// (within max_w: half the view, or the caption's column); the node tooltips say each state.
RectF legend_area(const RectF& area, float caption_h, float max_w, const TextPainter& painter) {
  const RectF legend =
      legend_bounds(legend_corner(area, painter.ui_scale()), painter.line_height(kFooterSizePx), painter.ui_scale());
  if (legend.y < area.y + caption_h || legend.w > max_w) return {};
  return legend;
}

// Where the caption goes and what that leaves the ring.
struct CaptionPlacement {
  CaptionBlock block;
  RingSurround surround;
  RectF legend;
  float radius = 0;  // the ring's owner band's outer radius
};

// The caption across the top of the view (the whole width; the legend at the bottom-left).
CaptionPlacement caption_above(const CaptionText& text, const CaptionSizes& sizes, const RectF& area,
                               const TextPainter& painter) {
  const float scale = painter.ui_scale();
  const float top_px = kCaptionTopPx * scale;
  CaptionPlacement placement;
  placement.block = layout_caption(text, sizes, area.w - 2 * kMarginPx * scale, painter);
  placement.surround = {top_px + placement.block.height + kCaptionGapPx * scale, 0, 0, 0};
  placement.legend = legend_area(area, placement.surround.caption_h, area.w / 2, painter);
  placement.surround.legend_w = placement.legend.w;
  placement.surround.legend_h = placement.legend.h;
  placement.radius = ring_geometry(area, scale, placement.surround).band_outer;
  return placement;
}

// The caption down the left when the view is wide: the ring takes a square on the right,
// as large as leaves the caption room to wrap whole in the column beside it. Radius 0
// when no such column fits.
CaptionPlacement caption_beside(const CaptionText& text, const CaptionSizes& sizes, const RectF& area,
                                const TextPainter& painter) {
  const float scale = painter.ui_scale();
  const float top_px = kCaptionTopPx * scale;
  for (float side = area.h; side >= kRingSideMinPx * scale; side -= kRingSideStepPx * scale) {
    const float column_w = area.w - side;
    if (column_w < kCaptionColumnMinPx * scale) continue;
    CaptionPlacement placement;
    placement.block = layout_caption(text, sizes, column_w - 2 * kMarginPx * scale, painter);
    if (!placement.block.cuts.empty() || top_px + placement.block.height > area.h) continue;
    placement.surround = {top_px + placement.block.height + kCaptionGapPx * scale, 0, 0, column_w};
    placement.legend = legend_area(area, placement.surround.caption_h, column_w - kMarginPx * scale, painter);
    placement.radius = ring_geometry(area, scale, placement.surround).band_outer;
    return placement;
  }
  return {};
}

}  // namespace

RingSurround RingView::add_caption(const Run& run, const ClusterView& model, const RectF& area,
                                   const TextPainter& painter) {
  const float scale = painter.ui_scale();
  const RingCaption caption = describe_ring_state(run, model, motion_);
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
  const CaptionText text{caption, shown, area.h >= kShownLinesMinViewLines * painter.line_height(kFooterSizePx)};
  // Placing the caption measures its words a few hundred times: done again only when the
  // text or the view changed (during a migration, when its counts move).
  std::string key = caption.headline + '\n' + caption.detail + '\n' + shown;
  for (const float value : {area.x, area.y, area.w, area.h, scale}) key.append(reinterpret_cast<const char*>(&value), sizeof value);
  if (key == caption_key_) {
    legend_ = caption_legend_;
    texts_.insert(texts_.end(), caption_items_.begin(), caption_items_.end());
    for (const ShortenedText& cut : caption_cuts_) record_shortened(cut.owner, cut.text, cut.shown);
    return caption_surround_;
  }
  // Across the top or down the left, whichever leaves the larger ring with the caption
  // whole (a projector's font at 1280x720 leaves a short, wide view where a caption across
  // the top left the ring a dot); the smaller text sizes only when neither leaves a ring of
  // kRingDiscMinPx. Failing all, across the top with its end cut (and recorded).
  const auto better = [](const CaptionPlacement& a, const CaptionPlacement& b) {
    const bool a_whole = a.block.cuts.empty() && a.radius > 0;
    const bool b_whole = b.block.cuts.empty() && b.radius > 0;
    return a_whole != b_whole ? a_whole : a.radius > b.radius;
  };
  CaptionPlacement chosen = caption_above(text, kCaptionSizes, area, painter);
  if (CaptionPlacement beside = caption_beside(text, kCaptionSizes, area, painter); better(beside, chosen)) {
    chosen = std::move(beside);
  }
  if (!chosen.block.cuts.empty() || 2 * chosen.radius < kRingDiscMinPx * scale) {
    for (CaptionPlacement small : {caption_above(text, kSmallCaptionSizes, area, painter),
                                   caption_beside(text, kSmallCaptionSizes, area, painter)}) {
      if (better(small, chosen)) chosen = std::move(small);
    }
  }
  for (TextItem& item : chosen.block.items) {
    item.at = {item.at.x + area.x + kMarginPx * scale, item.at.y + area.y + kCaptionTopPx * scale};
  }
  caption_key_ = std::move(key);
  caption_items_ = std::move(chosen.block.items);
  caption_cuts_ = std::move(chosen.block.cuts);
  caption_legend_ = chosen.legend;
  caption_surround_ = chosen.surround;
  legend_ = caption_legend_;
  texts_.insert(texts_.end(), caption_items_.begin(), caption_items_.end());
  for (const ShortenedText& cut : caption_cuts_) record_shortened(cut.owner, cut.text, cut.shown);
  return caption_surround_;
}

void RingView::draw_texts(sf::RenderTarget& target, const TextPainter& painter) {
  for (const TextItem& item : texts_) {
    painter.draw(target, item.text, item.at, item.size_px, item.colour, static_cast<TextAlign>(item.align));
  }
}

}  // namespace ringsim::viz
