// The lesson inside the GUI: "what you should see", one line per expectation of the scenario
// (its "expect" array, sim/expectation.h), evaluated on the run so far and ticked as each
// holds. The same numbers `ringsim run` checks at the end, so a caption can point here
// instead of at the summary file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "run/run.h"

namespace ringsim::viz {

struct ChecklistItem {
  std::string text;  // "keys_moved < 4900 (now 4,444)"
  bool holds = false;
  bool pending = false;  // an end-of-run result with no live value yet
};

// Evaluates run.summary() (so far; final once the run finished). The cluster's end-of-run
// results (keys_moved, lost_keys, nodes_final, load/requests_max_over_mean) are computed
// live from the model the way the model computes them at the end; other results are
// "known at the end" until then. Costs one summary: the
// panel calls it when virtual time moved, not every frame.
std::vector<ChecklistItem> lesson_checklist(const Run& run);

}  // namespace ringsim::viz
