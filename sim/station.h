// A service station: `cores` identical servers sharing one FIFO queue of bounded length.
// Pure bookkeeping with no events: the owner schedules completions. Also integrates busy
// core-time so utilization over any interval is exact.
//
// A second, priority lane carries the node's own system work (data migration): its jobs
// take the next free core ahead of every queued client job (never preempting a running
// one) and are never rejected, the way a database runs streaming on dedicated threads
// that compete for CPU but not for the request queue.
//
// This is the building block of a cluster node, and on its own the M/M/c fixture that
// validates the engine against queueing theory.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>

#include "sim/time.h"

namespace ringsim {

// Scenario limits shared by every model built from stations.
inline constexpr std::uint32_t kStationCoresMax = 4096;
// Waiting jobs are held in memory; beyond this a queue is a scenario mistake.
inline constexpr std::uint64_t kStationQueueCapacityMax = 10'000'000;
inline constexpr std::uint64_t kStationQueueCapacityDefault = 1'000'000;


struct QueuedJob {
  std::uint64_t job_id;
  TimeNs arrival_ns;
  // The deadline its sender gave it: past it nobody waits for the answer, and a node that
  // sheds load drops it rather than serve it (kTimeNsMax: none).
  TimeNs deadline_ns = kTimeNsMax;
};

class Station {
 public:
  enum class Admission { kStarted, kQueued, kRejected };
  enum class Lane { kClient, kSystem };

  Station(std::uint32_t cores, std::uint64_t queue_capacity);

  // A job arrives at now_ns: it starts on a free core, waits in its lane's queue, or (client
  // lane only) is rejected when the queue is full.
  Admission arrive(QueuedJob job, TimeNs now_ns, Lane lane = Lane::kClient);
  // A core finished its job at now_ns; returns the job that starts on it next, if any.
  std::optional<QueuedJob> complete(TimeNs now_ns);

  std::uint32_t cores() const { return cores_; }
  std::uint32_t busy_cores() const { return busy_cores_; }
  // Jobs waiting in both lanes.
  std::uint64_t queue_length() const { return queue_.size() + system_queue_.size(); }
  std::uint64_t system_queue_length() const { return system_queue_.size(); }
  std::uint64_t queue_length_max() const { return queue_length_max_; }
  // Core-nanoseconds spent busy up to now_ns.
  double busy_core_ns(TimeNs now_ns) const;

 private:
  void advance_clock(TimeNs now_ns);

  std::uint32_t cores_;
  std::uint64_t queue_capacity_;
  std::uint32_t busy_cores_ = 0;
  std::deque<QueuedJob> queue_;
  std::deque<QueuedJob> system_queue_;
  std::uint64_t queue_length_max_ = 0;
  TimeNs last_change_ns_ = 0;
  double busy_core_ns_ = 0;
};

}  // namespace ringsim
