// The narration band's "caption K of N". A tour writes one caption per variant for the same
// moment (tour 1's two migration_done verdicts, each with "otherwise": "skip"): only one of
// them can ever show in a run, so they count as one. N is the number of such moments, K the
// moment of the caption shown (0 before the first).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "run/narration.h"

namespace ringsim::viz {

struct CaptionCount {
  std::size_t shown = 0;  // 1-based; 0: none yet
  std::size_t total = 0;
};

// Variants: consecutive captions with the same trigger (the same at_s, or the same event and
// nth), every one of them "otherwise": "skip".
CaptionCount count_captions(const std::vector<Caption>& captions, std::optional<std::size_t> active);

}  // namespace ringsim::viz
