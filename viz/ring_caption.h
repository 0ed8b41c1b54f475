// The sentence above the ring: what the latest membership change did, in the words of the
// scenario ("node 8 joined: 4 447 copies moved in 85.2 ms (11.1 % of keys; minimum 4 444)",
// caption_migration.h), and a detail line
// with the migration still in progress. Pure functions of the run's read-only state.
#pragma once

#include <string>

#include "models/cluster/cluster_model.h"
#include "run/run.h"

namespace ringsim::viz {

struct RingCaption {
  std::string headline;
  std::string detail;
};

RingCaption describe_ring_state(const Run& run, const ClusterModel& model);

// Copies the change's streaming transfers are still carrying (keys not yet handed off).
std::uint64_t copies_in_flight(const ClusterModel& model, ChangeId change);

}  // namespace ringsim::viz
