// How far a membership change's data movement has got, in the words and numbers the
// narration uses (run/narration.h: {keys_moved}, {share_pct}, {keys_moved_ideal}), for the
// sentence above the ring (ring_caption.cpp):
//   moving:    "1 210 copies moved so far, 3 237 more to move, 820 streaming (11.1 % of keys;
//              minimum 4 444)" (the share is of every copy the change makes: moved + to move)
//   done:      "4 447 copies moved in 85.2 ms (11.1 % of keys; minimum 4 444)"
// "Copies moved" is the change's keys_moved: replica copies installed on their new holder,
// a count that only grows, so the phrase counts up through a migration and ends on the
// number the captions quote. The percentage is over all keys (the captions' share_pct), not
// replicas: while moving, of every copy the change makes (moved + still to move, which does
// not dip as ranges leave the wire), once done of the copies moved. Copies on the wire alone
// are never added to those installed (a range is off the wire before it is switched in).
#pragma once

#include <cstdint>
#include <string>

#include "models/cluster/cluster_view.h"

namespace ringsim::viz {

// keys: the cluster's key count; pending: copies this change still has to make (waiting to
// stream or on the wire); streaming: those of them on the wire.
std::string migration_phrase(const ChangeRecord& change, std::uint64_t keys, std::uint64_t pending,
                             std::uint64_t streaming);

}  // namespace ringsim::viz
