#include "viz/ring_arcs.h"

#include <algorithm>
#include <cmath>

namespace ringsim::viz {
namespace {

// Straight edges of an arc span at most this angle, so large arcs still look round.
constexpr double kArcStepRad = kTwoPi / 720;
// Angular sampling step (px along the band's outer edge) when ranges are finer than pixels.
constexpr double kArcSampleStepPx = 0.5;
constexpr int kSampleShift = 64 - 11;  // 2^11 == kOwnerSamples
static_assert((std::uint64_t{1} << (64 - kSampleShift)) == kOwnerSamples);

bool same_geometry(const RingGeometry& a, const RingGeometry& b) {
  return a.centre.x == b.centre.x && a.centre.y == b.centre.y && a.band_inner == b.band_inner &&
         a.band_outer == b.band_outer;
}

}  // namespace

bool RingArcs::up_to_date(std::uint64_t membership_epoch, std::uint64_t generation,
                          const RingGeometry& geometry) const {
  return built_ && generation == generation_ && membership_epoch == membership_epoch_ &&
         same_geometry(geometry, geometry_);
}

void RingArcs::update(const Placement& placement, std::uint64_t membership_epoch, std::uint64_t generation,
                      const RingGeometry& geometry) {
  if (up_to_date(membership_epoch, generation, geometry)) return;
  generation_ = generation;
  membership_epoch_ = membership_epoch;
  geometry_ = geometry;
  built_ = true;
  version_ += 1;
  rebuild(placement);
}

void RingArcs::rebuild(const Placement& placement) {
  batch_.clear();
  tokens_ = placement.tokens();
  sample_owners_.clear();
  const float inner = geometry_.band_inner;
  const float outer = geometry_.band_outer;
  if (placement.members().empty()) {
    batch_.add_sector(geometry_, 0, kTwoPi, inner, outer, to_sf(kRingEmpty), kArcStepRad);
    return;
  }
  // Pixel columns along the band's outer edge: ranges narrower than that cannot be seen
  // one by one, and tens of thousands of sub-pixel triangles cost a software renderer
  // more than the rest of the frame.
  const auto pixel_samples = static_cast<std::size_t>(std::ceil(kTwoPi * outer / kArcSampleStepPx));
  if (!tokens_.empty() && tokens_.size() <= pixel_samples) {
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      // The first token owns the wrap-around range after the last one.
      const double from =
          i == 0 ? angle_of_position(tokens_.back().first) - kTwoPi : angle_of_position(tokens_[i - 1].first);
      const double to = angle_of_position(tokens_[i].first);
      batch_.add_sector(geometry_, from, to, inner, outer, to_sf(node_colour(tokens_[i].second)), kArcStepRad);
    }
    return;
  }
  if (!tokens_.empty()) {
    // Each column takes the colour of the range at its centre, as rasterising every
    // range exactly would.
    std::vector<NodeId> owners(pixel_samples);
    for (std::size_t i = 0; i < pixel_samples; ++i) {
      owners[i] = range_at(position_of_angle(kTwoPi * (static_cast<double>(i) + 0.5) / pixel_samples))->owner;
    }
    add_runs(owners);
    return;
  }
  ReplicaList primary;
  sample_owners_.resize(kOwnerSamples);
  for (std::uint32_t i = 0; i < kOwnerSamples; ++i) {
    placement.replicas_for(std::uint64_t{i} << kSampleShift, 1, primary);
    sample_owners_[i] = primary.nodes[0];
  }
  add_runs(sample_owners_);
}

void RingArcs::add_runs(const std::vector<NodeId>& owners) {
  // Runs of equal owners become one arc.
  const std::size_t count = owners.size();
  std::size_t run_start = 0;
  for (std::size_t i = 1; i <= count; ++i) {
    if (i < count && owners[i] == owners[run_start]) continue;
    batch_.add_sector(geometry_, kTwoPi * static_cast<double>(run_start) / count,
                      kTwoPi * static_cast<double>(i) / count, geometry_.band_inner, geometry_.band_outer,
                      to_sf(node_colour(owners[run_start])), kArcStepRad);
    run_start = i;
  }
}

std::optional<RingArcs::Range> RingArcs::range_at(std::uint64_t position) const {
  if (!tokens_.empty()) {
    const auto it = std::lower_bound(tokens_.begin(), tokens_.end(), position,
                                     [](const auto& token, std::uint64_t p) { return token.first < p; });
    const std::size_t index = it == tokens_.end() ? 0 : static_cast<std::size_t>(it - tokens_.begin());
    const std::size_t previous = index == 0 ? tokens_.size() - 1 : index - 1;
    return Range{tokens_[previous].first, tokens_[index].first, tokens_[index].second, false};
  }
  if (sample_owners_.empty()) return std::nullopt;
  const std::uint64_t sample = position >> kSampleShift;
  return Range{sample << kSampleShift, ((sample + 1) << kSampleShift) - 1, sample_owners_[sample], true};
}

}  // namespace ringsim::viz
