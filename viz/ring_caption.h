// The sentence above the ring: what the latest membership change did, in the words of the
// scenario ("node 8 joined: 4 447 copies moved in 85.2 ms (11.1 % of keys; minimum 4 444)",
// caption_migration.h), and a detail line with the migration still in progress: its copies
// waiting to stream, streaming and moved ("copies 22 400 waiting, 0 streaming, 0 moved"), the
// same split the ring draws (khaki and yellow frames, key_motion.h), so the numbers and the
// picture agree at every instant, the join's included. Pure functions of the run's
// read-only state.
#pragma once

#include <string>

#include "models/cluster/cluster_view.h"
#include "run/run.h"
#include "viz/key_motion.h"

namespace ringsim::viz {

struct RingCaption {
  std::string headline;
  std::string detail;
};

RingCaption describe_ring_state(const Run& run, const ClusterView& model, const KeyMotion& motion);
// The same, measuring the motion itself.
RingCaption describe_ring_state(const Run& run, const ClusterView& model);

// Copies the change's streaming transfers are still carrying (keys not yet handed off).
std::uint64_t copies_in_flight(const ClusterView& model, ChangeId change);

}  // namespace ringsim::viz
