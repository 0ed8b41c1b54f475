// The owner band of the ring view: which node owns each part of the hash circle.
//
// Token strategies (ring, bounded_load): token i owns (token i-1, token i], drawn as an arc
// in its node's colour. Others (rendezvous, jump, mod_n) have no tokens: the circle is
// sampled at kOwnerSamples evenly spaced positions and each sample's arc takes the colour
// of its primary (replicas_for(position, 1)).
//
// When there are more ranges than pixels along the band (64 nodes x 256 vnodes are 16 384
// ranges on ~1600 px), the band is drawn per pixel column in the colour of the range at
// the column's centre; hover still resolves the exact range. The geometry is cached and
// rebuilt only when the membership (the model's membership epoch), the run or the view's
// geometry changes.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "cluster/placement/placement.h"
#include "viz/ring_geometry.h"
#include "viz/shape_batch.h"

namespace ringsim::viz {

inline constexpr std::uint32_t kOwnerSamples = 2048;

class RingArcs {
 public:
  struct Range {
    std::uint64_t after;    // exclusive start on the circle
    std::uint64_t through;  // inclusive end
    NodeId owner;
    bool sampled;  // true when the strategy has no tokens (an approximation)
  };

  // membership_epoch: ClusterView::membership_epoch(), bumped on every member change.
  void update(const Placement& placement, std::uint64_t membership_epoch, std::uint64_t generation,
              const RingGeometry& geometry);
  const ShapeBatch& batch() const { return batch_; }
  // Changes whenever the arcs were rebuilt.
  std::uint64_t version() const { return version_; }
  // The owner range containing a position (nullopt with no members).
  std::optional<Range> range_at(std::uint64_t position) const;
  std::size_t vertex_count() const { return batch_.vertex_count(); }
  bool has_tokens() const { return !tokens_.empty(); }
  // Whether the placement has tokens, before update() ran for this membership (the
  // caption is laid out before the ring's geometry is known): the cached answer when
  // built for it, else asked of the placement.
  bool has_tokens(const Placement& placement, std::uint64_t membership_epoch, std::uint64_t generation) const {
    if (built_ && generation == generation_ && membership_epoch == membership_epoch_) return has_tokens();
    return !placement.tokens().empty();
  }
  std::size_t token_count() const { return tokens_.size(); }

 private:
  bool up_to_date(std::uint64_t membership_epoch, std::uint64_t generation, const RingGeometry& geometry) const;
  void rebuild(const Placement& placement);
  // One arc per run of equal owners over evenly spaced samples of the circle.
  void add_runs(const std::vector<NodeId>& owners);

  std::uint64_t generation_ = 0;
  bool built_ = false;
  std::uint64_t version_ = 0;
  std::uint64_t membership_epoch_ = 0;
  RingGeometry geometry_;
  std::vector<std::pair<std::uint64_t, NodeId>> tokens_;
  std::vector<NodeId> sample_owners_;  // when there are no tokens
  ShapeBatch batch_;
};

}  // namespace ringsim::viz
