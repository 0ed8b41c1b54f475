#include "viz/caption_migration.h"

#include "viz/format.h"

namespace ringsim::viz {

std::string migration_phrase(const ChangeRecord& change, std::uint64_t keys, std::uint64_t streaming) {
  const bool done = change.transfers_open == 0;
  std::string phrase = format_count(change.keys_moved) + " copies moved";
  if (done && change.completed_ns >= 0) {
    phrase += " in " + format_duration(change.completed_ns - change.at_ns);
  } else if (!done) {
    phrase += " so far";
    if (streaming > 0) phrase += ", " + format_count(streaming) + " more streaming";
  }
  const double share = keys > 0 ? static_cast<double>(change.keys_moved) / static_cast<double>(keys) : 0;
  phrase += " (" + format_percent(share) + " of keys; minimum " +
            format_count(static_cast<std::uint64_t>(change.keys_moved_ideal + 0.5)) + ")";
  return phrase;
}

}  // namespace ringsim::viz
