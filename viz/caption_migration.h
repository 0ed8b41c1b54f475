// How far a membership change's data movement has got, in the words and numbers the
// narration uses (run/narration.h: {keys_moved}, {share_pct}, {keys_moved_ideal}), for the
// sentence above the ring (ring_caption.cpp):
//   streaming: "1 210 copies moved so far, 820 more streaming (3.0 % of keys; minimum 4 444)"
//   done:      "4 447 copies moved in 85.2 ms (11.1 % of keys; minimum 4 444)"
// "Copies moved" is the change's keys_moved: replica copies installed on their new holder,
// a count that only grows, so the phrase counts up through a migration and ends on the
// number the captions quote. The percentage is of all keys (the captions' share_pct), not of
// replicas, and copies still on the wire are said apart, never added in (a range is off the
// wire before it is switched in, so "installed + streaming" dips between the two).
#pragma once

#include <cstdint>
#include <string>

#include "models/cluster/change_planner.h"

namespace ringsim::viz {

// keys: the cluster's key count; streaming: copies of this change's transfers on the wire.
std::string migration_phrase(const ChangeRecord& change, std::uint64_t keys, std::uint64_t streaming);

}  // namespace ringsim::viz
