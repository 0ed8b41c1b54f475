// Hot-key mitigations: the per-node LRU cache evicts the least recently used entry, and the
// hot-key tracker adds a key when its rate reaches the threshold and removes it only when
// its rate falls below threshold * cool_ratio (hysteresis).
#include <catch2/catch.hpp>

#include "models/cluster/hot_key_tracker.h"
#include "models/cluster/lru_cache.h"

namespace ringsim {
namespace {

TEST_CASE("the LRU cache evicts the least recently used key", "[hot_keys]") {
  LruCache cache(3);
  cache.insert(1);
  cache.insert(2);
  cache.insert(3);
  CHECK(cache.least_recent() == 1);
  CHECK(cache.lookup(1));  // 1 becomes the most recent: order 2, 3, 1.
  CHECK(cache.least_recent() == 2);
  cache.insert(4);  // Evicts 2.
  CHECK_FALSE(cache.contains(2));
  CHECK(cache.contains(1));
  CHECK(cache.contains(3));
  CHECK(cache.contains(4));
  CHECK(cache.size() == 3);
  cache.insert(3);  // Present: refreshed, nothing evicted; order 1, 4, 3.
  CHECK(cache.size() == 3);
  cache.insert(5);  // Evicts 1.
  CHECK_FALSE(cache.lookup(1));
  CHECK(cache.least_recent() == 4);
  LruCache none(0);
  none.insert(7);
  CHECK_FALSE(none.lookup(7));
}

HotKeysConfig hot_config() {
  HotKeysConfig config;
  config.enabled = true;
  config.threshold_qps = 100;
  config.window_ns = kNsPerS;
  config.cool_ratio = 0.5;
  return config;
}

void record(HotKeyTracker& tracker, std::uint64_t key, int times) {
  for (int i = 0; i < times; ++i) tracker.record(key);
}

TEST_CASE("hot keys heat at the threshold and cool below threshold * cool_ratio", "[hot_keys]") {
  HotKeyTracker tracker(hot_config());
  record(tracker, 7, 99);
  record(tracker, 9, 10);
  HotKeyTracker::Transitions step = tracker.close_window();
  CHECK(step.heated.empty());  // 99/s < 100/s
  record(tracker, 7, 100);
  record(tracker, 3, 150);
  step = tracker.close_window();
  CHECK(step.heated == std::vector<std::uint64_t>{3, 7});  // In key order.
  CHECK(tracker.hot(7));
  // Between the two thresholds: stays hot (no flapping).
  record(tracker, 7, 60);
  record(tracker, 3, 50);
  step = tracker.close_window();
  CHECK(step.cooled.empty());
  CHECK(tracker.hot(3));
  CHECK(tracker.hot_keys().at(7) == Approx(60));
  // Below 50/s: cools; a key with no gets at all cools too.
  record(tracker, 7, 49);
  step = tracker.close_window();
  CHECK(step.cooled == std::vector<std::uint64_t>{3, 7});
  CHECK_FALSE(tracker.hot(7));
  // Back between the thresholds: a cool key does not heat again before the threshold.
  record(tracker, 7, 80);
  step = tracker.close_window();
  CHECK(step.heated.empty());
}

}  // namespace
}  // namespace ringsim
