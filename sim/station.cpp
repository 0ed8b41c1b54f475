#include "sim/station.h"

#include "sim/assert.h"

namespace ringsim {

Station::Station(std::uint32_t cores, std::uint64_t queue_capacity)
    : cores_(cores), queue_capacity_(queue_capacity) {
  RINGSIM_ASSERT(cores > 0);
}

void Station::advance_clock(TimeNs now_ns) {
  RINGSIM_ASSERT(now_ns >= last_change_ns_);
  busy_core_ns_ += static_cast<double>(busy_cores_) * static_cast<double>(now_ns - last_change_ns_);
  last_change_ns_ = now_ns;
}

double Station::busy_core_ns(TimeNs now_ns) const {
  RINGSIM_ASSERT(now_ns >= last_change_ns_);
  return busy_core_ns_ + static_cast<double>(busy_cores_) * static_cast<double>(now_ns - last_change_ns_);
}

Station::Admission Station::arrive(QueuedJob job, TimeNs now_ns, Lane lane) {
  advance_clock(now_ns);
  if (busy_cores_ < cores_) {
    // Work-conserving: no one waits while a core is idle.
    RINGSIM_ASSERT(queue_.empty() && system_queue_.empty());
    busy_cores_ += 1;
    return Admission::kStarted;
  }
  if (lane == Lane::kSystem) {
    system_queue_.push_back(job);
    return Admission::kQueued;
  }
  if (queue_.size() >= queue_capacity_) return Admission::kRejected;
  queue_.push_back(job);
  if (queue_.size() > queue_length_max_) queue_length_max_ = queue_.size();
  return Admission::kQueued;
}

std::optional<QueuedJob> Station::complete(TimeNs now_ns) {
  advance_clock(now_ns);
  RINGSIM_ASSERT(busy_cores_ > 0);
  std::deque<QueuedJob>& lane = system_queue_.empty() ? queue_ : system_queue_;
  if (lane.empty()) {
    busy_cores_ -= 1;
    return std::nullopt;
  }
  const QueuedJob next = lane.front();
  lane.pop_front();
  return next;
}

}  // namespace ringsim
