// Which keys are hot (cluster.hot_keys): the client counts each key's gets over fixed
// windows of window_ns; when a window closes, a key whose rate reached threshold_qps turns
// hot, and a hot key turns cool when its rate falls below threshold_qps * cool_ratio
// (hysteresis: a key near the threshold does not flap). Deterministic: keys are kept in
// ordered maps and transitions are reported in key order.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "cluster/cluster_config.h"
#include "sim/time.h"

namespace ringsim {

class HotKeyTracker {
 public:
  struct Transitions {
    std::vector<std::uint64_t> heated;  // Ascending keys.
    std::vector<std::uint64_t> cooled;  // Ascending keys.
  };
  explicit HotKeyTracker(const HotKeysConfig& config) : config_(config) {}

  void record(std::uint64_t key) { window_counts_[key] += 1; }
  // Closes the window: rates are counts / window_ns; returns the keys that changed.
  Transitions close_window();
  bool hot(std::uint64_t key) const { return hot_.count(key) > 0; }
  const std::map<std::uint64_t, double>& hot_keys() const { return hot_; }  // key -> last rate_qps

 private:
  HotKeysConfig config_;
  std::map<std::uint64_t, std::uint64_t> window_counts_;
  std::map<std::uint64_t, double> hot_;
};

}  // namespace ringsim
