#include "models/cluster/hot_key_tracker.h"

namespace ringsim {

HotKeyTracker::Transitions HotKeyTracker::close_window() {
  Transitions transitions;
  const double window_s = ns_to_s(config_.window_ns);
  const double cool_below_qps = config_.threshold_qps * config_.cool_ratio;
  // Hot keys first: each stays, with its new rate, or cools (no gets this window: rate 0).
  for (auto it = hot_.begin(); it != hot_.end();) {
    const auto counted = window_counts_.find(it->first);
    const double rate_qps = counted == window_counts_.end() ? 0 : static_cast<double>(counted->second) / window_s;
    if (rate_qps < cool_below_qps) {
      transitions.cooled.push_back(it->first);
      it = hot_.erase(it);
    } else {
      it->second = rate_qps;
      ++it;
    }
  }
  for (const auto& [key, count] : window_counts_) {
    const double rate_qps = static_cast<double>(count) / window_s;
    if (rate_qps >= config_.threshold_qps && hot_.count(key) == 0) {
      // A key that cooled this very window cannot have reached the threshold.
      hot_.emplace(key, rate_qps);
      transitions.heated.push_back(key);
    }
  }
  window_counts_.clear();
  return transitions;
}

}  // namespace ringsim
