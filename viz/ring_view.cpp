// [SECTION] index
//   helpers          text wrap, backgrounds, signatures
//   entry            RingView::draw (cluster or "no cluster" message)
//   frame            draw_cluster: cached layers, per-frame shapes, texts, hover
//   cached layer     signature and shapes of the key dots, node markers, legend
//   bands            "being copied" and "lost" bands over all keys
//   key dots         the sampled keys
//   texts            caption and footer
#include "viz/ring_view.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>
#include <vector>

#include "viz/format.h"
#include "viz/ring_caption.h"

namespace ringsim::viz {
namespace {

//------------------------------------------------------------------------------
// [SECTION] helpers
//------------------------------------------------------------------------------

constexpr float kKeyDotPx = 3;
// Highlighted keys get a one-pixel frame around the dot.
constexpr float kKeyDotHighlightPx = 5;
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

// Jitter of a key dot's radius, from hash bits the angle does not use much, so dots of
// nearby keys do not sit on one line.
float radius_jitter(std::uint64_t hash) {
  constexpr std::uint64_t kJitterMask = 0xffff;
  return static_cast<float>(hash & kJitterMask) / static_cast<float>(kJitterMask);
}

}  // namespace

//------------------------------------------------------------------------------
// [SECTION] entry
//------------------------------------------------------------------------------

bool display_holder(const ReplicaMap& replicas, KeyId key, NodeId& holder) {
  const NodeSet& holders = replicas.holders(key);
  if (holders.empty()) return false;
  for (const NodeId node : replicas.target(key)) {
    if (holders.contains(node)) {
      holder = node;
      return true;
    }
  }
  holder = holders.nth(0);
  return true;
}

void RingView::draw(sf::RenderTarget& target, const Session& session, const RectF& area, float ui_scale,
                    bool allow_hover) {
  if (area.empty()) return;
  const ClusterModel* model = session.cluster();
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

void RingView::draw_cluster(sf::RenderTarget& target, const Session& session, const ClusterModel& model,
                            const RectF& area, float ui_scale, bool allow_hover) {
  const Run& run = session.run();
  const RingGeometry geometry = ring_geometry(area, ui_scale);
  if (!geometry.usable()) return;
  const TextPainter painter(font_, ui_scale);
  arcs_.update(model.placement(), session.generation(), geometry);
  collect_key_dots(model, geometry);
  batch_.clear();
  texts_.clear();
  vertices_submitted_ = 0;

  const std::uint64_t arcs_signature = fold_signature(arcs_.version(), area_signature(area, ui_scale));
  if (arcs_layer_.available() && !arcs_layer_.up_to_date(area, arcs_signature)) {
    arcs_layer_.redraw(area, arcs_signature, kBackground, {&arcs_.batch()});
    vertices_submitted_ += arcs_.vertex_count();
  }
  const std::uint64_t signature = layer_signature(model, arcs_signature);
  if (!layer_.available() || !arcs_layer_.available() || !layer_.up_to_date(area, signature)) {
    rebuild_layer_shapes(model, area, geometry, painter);
    if (layer_.available() && arcs_layer_.available()) {
      layer_.redraw(area, signature, kBackground, {&arcs_layer_, &dot_shapes_, &layer_shapes_});
    }
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
  add_legend(nullptr, &texts_, legend_corner(area, ui_scale), painter.line_height(kFooterSizePx), ui_scale);
  add_texts(run, model, area, geometry, painter);
  draw_texts(target, painter);
  if (allow_hover) {
    show_hover(model, geometry, ui_scale, std::get<ClusterScenario>(run.scenario().model).cluster.replication.factor);
  }
}

//------------------------------------------------------------------------------
// [SECTION] cached layer
//------------------------------------------------------------------------------

std::uint64_t RingView::layer_signature(const ClusterModel& model, std::uint64_t arcs_signature) const {
  std::uint64_t signature = arcs_signature;
  for (const KeyDot& dot : dots_) {
    signature =
        fold_signature(signature, (std::uint64_t{dot.holder} << 2) | (dot.copying ? 1 : 0) | (dot.lost ? 2 : 0));
  }
  for (const Node& node : model.nodes()) signature = fold_signature(signature, static_cast<std::uint64_t>(node.state));
  return fold_signature(signature, model.nodes().size());
}

void RingView::rebuild_layer_shapes(const ClusterModel& model, const RectF& area, const RingGeometry& geometry,
                                    const TextPainter& painter) {
  const float ui_scale = painter.ui_scale();
  layer_shapes_.clear();
  add_key_dot_shapes(ui_scale);
  add_node_markers(layer_shapes_, model, geometry, ui_scale);
  add_legend(&layer_shapes_, nullptr, legend_corner(area, ui_scale), painter.line_height(kFooterSizePx), ui_scale);
}

//------------------------------------------------------------------------------
// [SECTION] bands
//------------------------------------------------------------------------------

void RingView::add_key_bands(const ClusterModel& model, const RingGeometry& geometry, std::uint64_t generation,
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
  lost_per_bin_.assign(kKeyBins, 0);
  keys_per_bin_.assign(kKeyBins, 0);
  for (KeyId key = 0; key < key_count; ++key) {
    const std::uint16_t bin = key_bins_[key];
    keys_per_bin_[bin] += 1;
    if (replicas.lost(key)) lost_per_bin_[bin] += 1;
    if (!replicas.incoming(key).empty()) copying_per_bin_[bin] += 1;
  }
  const float pulse = 1 - kPulseDepth * 0.5f * (1 + static_cast<float>(std::sin(kTwoPi * now_s / kPulsePeriodS)));
  for (std::uint32_t bin = 0; bin < kKeyBins; ++bin) {
    if (keys_per_bin_[bin] == 0) continue;
    const bool lost = lost_per_bin_[bin] > 0;
    const std::uint32_t marked = lost ? lost_per_bin_[bin] : copying_per_bin_[bin];
    if (marked == 0) continue;
    const float share = static_cast<float>(marked) / static_cast<float>(keys_per_bin_[bin]);
    const float alpha = (kBandAlphaMin + kBandAlphaRange * share) * (lost ? 1.0f : pulse);
    batch_.add_sector(geometry, bin * kBandStepRad, (bin + 1) * kBandStepRad, geometry.highlight_inner,
                      geometry.highlight_outer,
                      with_alpha(lost ? kLostKey : kMigrating, static_cast<std::uint8_t>(alpha)), kBandStepRad);
  }
}

//------------------------------------------------------------------------------
// [SECTION] key dots
//------------------------------------------------------------------------------

void RingView::collect_key_dots(const ClusterModel& model, const RingGeometry& geometry) {
  const ReplicaMap& replicas = model.replicas();
  const std::uint64_t key_count = replicas.key_count();
  const std::uint64_t stride = std::max<std::uint64_t>(1, (key_count + kKeyDotsMax - 1) / kKeyDotsMax);
  dots_.clear();
  // Plain keys first, then copied ones, then lost ones, so the highlighted are drawn on top.
  for (int pass = 0; pass < 3; ++pass) {
    for (std::uint64_t key = 0; key < key_count; key += stride) {
      const KeyId id = static_cast<KeyId>(key);
      const bool lost = replicas.lost(id);
      const bool copying = !replicas.incoming(id).empty();
      if ((pass == 0 && (lost || copying)) || (pass == 1 && (lost || !copying)) || (pass == 2 && !lost)) continue;
      const std::uint64_t hash = key_hash(key);
      const float radius = geometry.keys_inner + (geometry.keys_outer - geometry.keys_inner) * radius_jitter(hash);
      NodeId holder = 0;
      const bool has_holder = display_holder(replicas, id, holder);
      dots_.push_back(
          {id, ring_point(geometry, angle_of_position(hash), radius), holder, copying, lost || !has_holder});
    }
  }
}

void RingView::add_key_dot_shapes(float ui_scale) {
  const float side = kKeyDotPx * ui_scale;
  const float frame = kKeyDotHighlightPx * ui_scale;
  dot_shapes_.clear();
  for (const KeyDot& dot : dots_) {
    const PointF at = dot.at;
    if (dot.lost) {
      dot_shapes_.add_rect(at.x - frame / 2, at.y - frame / 2, frame, frame, to_sf(kLostKeyOutline));
      dot_shapes_.add_rect(at.x - side / 2, at.y - side / 2, side, side, to_sf(kLostKey));
      continue;
    }
    if (dot.copying) dot_shapes_.add_rect(at.x - frame / 2, at.y - frame / 2, frame, frame, to_sf(kMigrating));
    dot_shapes_.add_rect(at.x - side / 2, at.y - side / 2, side, side, to_sf(node_colour(dot.holder)));
  }
}

//------------------------------------------------------------------------------
// [SECTION] texts
//------------------------------------------------------------------------------

void RingView::add_texts(const Run& run, const ClusterModel& model, const RectF& area, const RingGeometry& geometry,
                         const TextPainter& painter) {
  const float scale = painter.ui_scale();
  const RingCaption caption = describe_ring_state(run, model);
  const float left = area.x + kMarginPx * scale;
  const float width = area.w - 2 * kMarginPx * scale;
  texts_.push_back({painter.fit(caption.headline, kHeadlineSizePx, width),
                    {left, geometry.caption_y},
                    kHeadlineSizePx,
                    kTextColour,
                    0});
  texts_.push_back({painter.fit(caption.detail, kDetailSizePx, width),
                    {left, geometry.caption_y + painter.line_height(kHeadlineSizePx)},
                    kDetailSizePx,
                    kTextDimColour,
                    0});

  const std::uint64_t key_count = model.replicas().key_count();
  const std::uint64_t stride = std::max<std::uint64_t>(1, (key_count + kKeyDotsMax - 1) / kKeyDotsMax);
  const std::uint64_t shown = (key_count + stride - 1) / stride;
  const auto& cluster = std::get<ClusterScenario>(run.scenario().model).cluster;
  std::string strategy = model.placement().name();
  if (arcs_.has_tokens()) strategy += ", " + std::to_string(cluster.placement.vnodes_per_node) + " vnodes/node";
  if (!arcs_.has_tokens()) strategy += ", owners sampled at " + std::to_string(kOwnerSamples) + " points";
  const std::string lines[] = {
      "showing " + format_count(shown) + " of " + format_count(key_count) + " keys",
      strategy + ", RF " + std::to_string(cluster.replication.factor),
      std::to_string(model.placement().members().size()) + " members of " + std::to_string(model.nodes().size()) +
          " nodes",
  };
  const float right = area.x + area.w - kMarginPx * scale;
  float y = area.y + area.h - kMarginPx * scale / 2 - painter.line_height(kFooterSizePx) * std::size(lines);
  for (const std::string& line : lines) {
    texts_.push_back({line, {right, y}, kFooterSizePx, kTextDimColour, static_cast<int>(TextAlign::kRight)});
    y += painter.line_height(kFooterSizePx);
  }
}

void RingView::draw_texts(sf::RenderTarget& target, const TextPainter& painter) {
  for (const TextItem& item : texts_) {
    painter.draw(target, item.text, item.at, item.size_px, item.colour, static_cast<TextAlign>(item.align));
  }
}

}  // namespace ringsim::viz
