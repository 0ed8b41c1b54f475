// A least-recently-used set of keys with a fixed capacity in entries: the per-node cache
// of hot values (cluster.node.cache). lookup() of a present key is a hit and makes it the
// most recent; insert() of a new key evicts the least recent one when full. O(1) each.
// The hash map is used for lookup only, never iterated, so no decision depends on its order.
#pragma once

#include <cstdint>
#include <list>
#include <unordered_map>

#include "sim/assert.h"

namespace ringsim {

class LruCache {
 public:
  explicit LruCache(std::uint64_t capacity_entries) : capacity_(capacity_entries) {}

  // True (and the key becomes the most recent) when the key is cached.
  bool lookup(std::uint64_t key) {
    const auto found = index_.find(key);
    if (found == index_.end()) return false;
    order_.splice(order_.begin(), order_, found->second);
    return true;
  }
  // Caches the key as the most recent, evicting the least recent when full.
  void insert(std::uint64_t key) {
    if (capacity_ == 0) return;
    if (lookup(key)) return;
    if (order_.size() >= capacity_) {
      index_.erase(order_.back());
      order_.pop_back();
    }
    order_.push_front(key);
    index_.emplace(key, order_.begin());
    RINGSIM_ASSERT(order_.size() <= capacity_);
  }
  void clear() {
    order_.clear();
    index_.clear();
  }
  bool contains(std::uint64_t key) const { return index_.count(key) > 0; }
  std::uint64_t size() const { return order_.size(); }
  // The key that the next insert of a new key would evict (the cache must not be empty).
  std::uint64_t least_recent() const {
    RINGSIM_ASSERT(!order_.empty());
    return order_.back();
  }

 private:
  std::uint64_t capacity_;
  std::list<std::uint64_t> order_;  // Most recent first.
  std::unordered_map<std::uint64_t, std::list<std::uint64_t>::iterator> index_;
};

}  // namespace ringsim
