#include "viz/caption_migration.h"

#include "viz/format.h"

namespace ringsim::viz {

std::string migration_phrase(const ChangeRecord& change, std::uint64_t keys, std::uint64_t pending,
                             std::uint64_t streaming) {
  const bool done = change.transfers_open == 0;
  std::string phrase = format_count(change.keys_moved) + " copies moved";
  std::uint64_t copies = change.keys_moved;
  if (done && change.completed_ns >= 0) {
    phrase += " in " + format_duration(change.completed_ns - change.at_ns);
  } else if (!done) {
    // Copies still to make are said apart (waiting to stream or on the wire), and the share
    // is of every copy the change makes, so at the join instant it reads as the ring shows.
    phrase += " so far, " + format_count(pending) + " more to move, " + format_count(streaming) + " streaming";
    copies += pending;
  }
  const double share = keys > 0 ? static_cast<double>(copies) / static_cast<double>(keys) : 0;
  phrase += " (" + format_percent(share) + " of keys; minimum " +
            format_count(static_cast<std::uint64_t>(change.keys_moved_ideal + 0.5)) + ")";
  return phrase;
}

}  // namespace ringsim::viz
