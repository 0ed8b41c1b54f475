#include "viz/ring_dots.h"

#include <algorithm>
#include <cmath>

namespace ringsim::viz {
namespace {

constexpr float kKeyDotPx = 3;
// Highlighted keys get a one-pixel frame around the dot.
constexpr float kKeyDotHighlightPx = 5;
// A patch box reaches this far beyond a dot's frame, so no pixel a dot touches (however
// the rasterizer rounds its fractional edges) is left out.
constexpr float kPatchMarginPx = 1;
// Beyond this many changed dots one full redraw of the layer is cheaper than the patches
// (each costs a few quads; the full redraw costs a fixed few milliseconds).
constexpr std::size_t kPatchDotsMax = 1000;
// Draw ranks: still, waiting, copying (KeyMove's order), lost.
constexpr int kDrawRanks = 4;
// Grid cells are this many dot frames wide: a box then spans at most 2 x 2 cells.
constexpr float kCellFrames = 2;

// Jitter of a key dot's radius, from hash bits the angle does not use much, so dots of
// nearby keys do not sit on one line.
float radius_jitter(std::uint64_t hash) {
  constexpr std::uint64_t kJitterMask = 0xffff;
  return static_cast<float>(hash & kJitterMask) / static_cast<float>(kJitterMask);
}

bool same_place(const RingGeometry& a, const RingGeometry& b) {
  return a.centre.x == b.centre.x && a.centre.y == b.centre.y && a.keys_inner == b.keys_inner &&
         a.keys_outer == b.keys_outer;
}

}  // namespace

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

std::size_t RingKeyDots::sample_count_for(std::uint64_t key_count) {
  const std::uint64_t stride = std::max<std::uint64_t>(1, (key_count + kKeyDotsMax - 1) / kKeyDotsMax);
  return static_cast<std::size_t>((key_count + stride - 1) / stride);
}

void RingKeyDots::place(const ReplicaMap& replicas, const RingGeometry& geometry, float ui_scale,
                        std::uint64_t generation) {
  const std::uint64_t key_count = replicas.key_count();
  const std::uint64_t stride = std::max<std::uint64_t>(1, (key_count + kKeyDotsMax - 1) / kKeyDotsMax);
  const std::size_t sample_count = static_cast<std::size_t>((key_count + stride - 1) / stride);
  if (generation == generation_ && stride == stride_ && sample_count == samples_.size() && ui_scale == ui_scale_ &&
      same_place(geometry, geometry_)) {
    return;
  }
  stride_ = stride;
  generation_ = generation;
  geometry_ = geometry;
  ui_scale_ = ui_scale;
  side_px_ = kKeyDotPx * ui_scale;
  frame_px_ = kKeyDotHighlightPx * ui_scale;
  samples_.clear();
  at_.clear();
  for (std::uint64_t key = 0; key < key_count; key += stride) {
    const std::uint64_t hash = key_hash(key);
    const float radius = geometry.keys_inner + (geometry.keys_outer - geometry.keys_inner) * radius_jitter(hash);
    samples_.push_back(static_cast<KeyId>(key));
    at_.push_back(ring_point(geometry, angle_of_position(hash), radius));
  }
  // The grid covers the square around the dots' disc.
  const float extent = geometry.keys_outer + frame_px_;
  cell_px_ = std::max(1.0f, frame_px_ * kCellFrames);
  grid_x_ = geometry.centre.x - extent;
  grid_y_ = geometry.centre.y - extent;
  grid_columns_ = static_cast<std::size_t>(std::ceil(2 * extent / cell_px_)) + 1;
  cells_.assign(grid_columns_ * grid_columns_, {});
  const auto cell_of = [&](float value, float origin) {
    return std::min(grid_columns_ - 1, static_cast<std::size_t>(std::max(0.0f, (value - origin) / cell_px_)));
  };
  for (std::size_t sample = 0; sample < at_.size(); ++sample) {
    cells_[cell_of(at_[sample].y, grid_y_) * grid_columns_ + cell_of(at_[sample].x, grid_x_)].push_back(
        static_cast<std::uint32_t>(sample));
  }
  drawn_.clear();  // the layer holds dots of another placement: redraw it whole
}

void RingKeyDots::collect(const ClusterView& model, const KeyMotion& motion, const RingGeometry& geometry,
                          float ui_scale, std::uint64_t generation) {
  const ReplicaMap& replicas = model.replicas();
  place(replicas, geometry, ui_scale, generation);
  states_.resize(samples_.size());
  for (std::size_t sample = 0; sample < samples_.size(); ++sample) {
    const KeyId key = samples_[sample];
    State state;
    const bool has_holder = display_holder(replicas, key, state.holder);
    state.lost = replicas.lost(key) || !has_holder;
    state.move = motion.move_of(replicas, key);
    if (state.lost) state.holder = 0;  // a lost dot has no colour of its own
    states_[sample] = state;
  }
  dots_.clear();
  // Plain keys first, then waiting, copied and lost ones, so the highlighted are on top.
  for (int rank = 0; rank < kDrawRanks; ++rank) {
    for (std::size_t sample = 0; sample < samples_.size(); ++sample) {
      if (draw_rank(sample) != rank) continue;
      const State& state = states_[sample];
      dots_.push_back({samples_[sample], at_[sample], state.holder, state.move, state.lost});
    }
  }
}

int RingKeyDots::draw_rank(std::size_t sample) const {
  const State& state = states_[sample];
  return state.lost ? kDrawRanks - 1 : static_cast<int>(state.move);
}

void RingKeyDots::add_dot(ShapeBatch& quads, std::size_t sample, const Box* clip) const {
  const auto rect = [&](float size, Rgba colour) {
    Box shape{at_[sample].x - size / 2, at_[sample].y - size / 2, at_[sample].x + size / 2, at_[sample].y + size / 2};
    if (clip != nullptr) {
      shape = {std::max(shape.left, clip->left), std::max(shape.top, clip->top), std::min(shape.right, clip->right),
               std::min(shape.bottom, clip->bottom)};
      if (shape.right <= shape.left || shape.bottom <= shape.top) return;
    }
    quads.add_rect(shape.left, shape.top, shape.right - shape.left, shape.bottom - shape.top, to_sf(colour));
  };
  const State& state = states_[sample];
  if (state.lost) {
    rect(frame_px_, kLostKeyOutline);
    rect(side_px_, kLostKey);
    return;
  }
  if (state.move == KeyMove::kCopying) rect(frame_px_, kMigrating);
  if (state.move == KeyMove::kWaiting) rect(frame_px_, kMoveWaiting);
  rect(side_px_, node_colour(state.holder));
}

void RingKeyDots::add_all_shapes(ShapeBatch& quads) {
  for (int rank = 0; rank < kDrawRanks; ++rank) {
    for (std::size_t sample = 0; sample < samples_.size(); ++sample) {
      if (draw_rank(sample) == rank) add_dot(quads, sample, nullptr);
    }
  }
  drawn_ = states_;
}

RingKeyDots::Box RingKeyDots::box_around(std::size_t sample) const {
  // Whole pixels: a pixel is either repainted entirely or left alone.
  const float half = frame_px_ / 2 + kPatchMarginPx;
  return {std::floor(at_[sample].x - half), std::floor(at_[sample].y - half), std::ceil(at_[sample].x + half),
          std::ceil(at_[sample].y + half)};
}

void RingKeyDots::dots_overlapping(const Box& box, std::vector<std::size_t>& out) const {
  out.clear();
  const float reach = frame_px_ / 2;
  // Cells holding a dot whose frame could reach into the box.
  const auto cell_range = [&](float low, float high, float origin) {
    const auto cell = [&](float value) {
      const auto index = static_cast<std::ptrdiff_t>(std::floor((value - origin) / cell_px_));
      const auto last = static_cast<std::ptrdiff_t>(grid_columns_) - 1;
      return static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(index, 0, last));
    };
    return std::pair{cell(low - reach), cell(high + reach)};
  };
  const auto [x0, x1] = cell_range(box.left, box.right, grid_x_);
  const auto [y0, y1] = cell_range(box.top, box.bottom, grid_y_);
  for (std::size_t y = y0; y <= y1; ++y) {
    for (std::size_t x = x0; x <= x1; ++x) {
      for (const std::uint32_t sample : cells_[y * grid_columns_ + x]) {
        const PointF at = at_[sample];
        const bool overlaps =
            at.x + reach > box.left && at.x - reach < box.right && at.y + reach > box.top && at.y - reach < box.bottom;
        if (overlaps) out.push_back(sample);
      }
    }
  }
  // The order a full redraw uses: by rank, then by sample.
  std::sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
    const int rank_a = draw_rank(a);
    const int rank_b = draw_rank(b);
    return rank_a != rank_b ? rank_a < rank_b : a < b;
  });
}

bool RingKeyDots::add_patch(float free_radius_px, const RectF& avoid, PointF texture_origin,
                            sf::VertexArray& background, ShapeBatch& quads) {
  if (drawn_.size() != states_.size()) return false;
  std::vector<Box> boxes;
  for (std::size_t sample = 0; sample < states_.size(); ++sample) {
    if (states_[sample] == drawn_[sample]) continue;
    if (boxes.size() == kPatchDotsMax) return false;
    boxes.push_back(box_around(sample));
  }
  for (const Box& box : boxes) {
    // The box must hold nothing but owner arcs and dots: inside the free disc, off the legend.
    const float dx = std::max(std::abs(box.left - geometry_.centre.x), std::abs(box.right - geometry_.centre.x));
    const float dy = std::max(std::abs(box.top - geometry_.centre.y), std::abs(box.bottom - geometry_.centre.y));
    if (std::hypot(dx, dy) >= free_radius_px) return false;
    if (box.left < avoid.x + avoid.w && avoid.x < box.right && box.top < avoid.y + avoid.h && avoid.y < box.bottom) {
      return false;
    }
  }
  std::vector<std::size_t> overlapping;
  for (const Box& box : boxes) {
    for (const PointF corner : {PointF{box.left, box.top}, PointF{box.right, box.top}, PointF{box.right, box.bottom},
                                PointF{box.left, box.bottom}}) {
      background.append(sf::Vertex({corner.x, corner.y}, sf::Color::White,
                                   {corner.x - texture_origin.x, corner.y - texture_origin.y}));
    }
    dots_overlapping(box, overlapping);
    for (const std::size_t sample : overlapping) add_dot(quads, sample, &box);
  }
  return true;
}

}  // namespace ringsim::viz
