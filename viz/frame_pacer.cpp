#include "viz/frame_pacer.h"

#include <algorithm>

namespace ringsim::viz {

FramePacer::Duration FramePacer::sim_budget(bool busy) const {
  if (busy) return kBusySimBudget;
  if (count_ < kDrawsToTrust) return kSimBudgetMin;
  std::array<Duration, kDrawsKept> sorted = draws_;
  const auto end = sorted.begin() + static_cast<std::ptrdiff_t>(count_);
  std::sort(sorted.begin(), end);
  const Duration median = sorted[count_ / 2];
  const auto one_off = std::chrono::duration_cast<Duration>(median * kOneOffOverMedian);
  // The slowest drawing that is not a one-off.
  const Duration slowest = *std::prev(std::upper_bound(sorted.begin(), end, one_off));
  return std::clamp(kFramePeriod - slowest - kMargin, kSimBudgetMin, kSimBudgetMax);
}

void FramePacer::record_draw(Duration draw) {
  draws_[next_] = draw;
  next_ = (next_ + 1) % draws_.size();
  count_ = std::min(count_ + 1, draws_.size());
}

}  // namespace ringsim::viz
