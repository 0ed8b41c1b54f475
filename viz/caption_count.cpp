#include "viz/caption_count.h"

namespace ringsim::viz {
namespace {

bool same_moment(const Caption& a, const Caption& b) {
  if (!a.skip_otherwise || !b.skip_otherwise) return false;
  if (a.at_ns || b.at_ns) return a.at_ns == b.at_ns;
  return a.on == b.on && a.nth == b.nth;
}

}  // namespace

CaptionCount count_captions(const std::vector<Caption>& captions, std::optional<std::size_t> active) {
  CaptionCount count;
  for (std::size_t i = 0; i < captions.size(); ++i) {
    if (i == 0 || !same_moment(captions[i - 1], captions[i])) count.total += 1;
    if (active && *active == i) count.shown = count.total;
  }
  return count;
}

}  // namespace ringsim::viz
