// The nodes' cores and queues as seen by the model: every job a node runs (a client
// request, a shard search, a migration chunk's apply, a DAG attempt) is admitted here, and
// when it reaches a core its owner (by the kind of its job_token) says how long it takes;
// when it ends (event kServiceDone, owned here) the owner is told and the node's next job
// starts. A job addressed to an earlier incarnation of the node ends with that process.
// With cluster.node.drop_expired, a job whose deadline (QueuedJob::deadline_ns) has passed
// when it would reach a core is dropped instead, in zero time: it uses no core, its owner
// is told (on_dropped) and nobody is answered; counter dropped_expired.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "models/cluster/cluster_core.h"
#include "models/cluster/job_token.h"
#include "sim/station.h"

namespace ringsim {

// What a job's owner does with it.
class StationWork {
 public:
  virtual ~StationWork() = default;
  // The job reached a core: its service time in ns (before the node's slow factor).
  virtual double on_service_start(Simulator& simulator, Node& node, std::uint64_t job) = 0;
  // Its service ended on a node still in the same process.
  virtual void on_service_done(Simulator& simulator, Node& node, std::uint64_t job) = 0;
  // What the job does, for activity observers (sim/activity.h): by default named from its
  // token ("get", "put", "search", "delete", "migration_apply", "shard_search").
  virtual std::string operation_name(std::uint64_t job) const;
  // It was dropped unserved, its deadline past (drop_expired).
  virtual void on_dropped(Node& node, std::uint64_t job) {
    (void)node;
    (void)job;
  }
};

class NodeStations {
 public:
  explicit NodeStations(ClusterCore& core)
      : core_(core), dropped_expired_(core.metrics.register_counter("dropped_expired")) {}

  void set_owner(job_token::Kind kind, StationWork& owner) { owners_[static_cast<std::size_t>(kind)] = &owner; }
  // Queues a job on the node's station, starting it when a core is free.
  Station::Admission admit(Simulator& simulator, Node& node, const QueuedJob& job,
                           Station::Lane lane = Station::Lane::kClient);
  // Event kServiceDone (job, address).
  void on_service_done(Simulator& simulator, std::uint64_t job, std::uint64_t address);
  std::int64_t dropped_expired() const { return core_.metrics.counter(dropped_expired_); }

 private:
  // Starts `next` or, when it is expired and the node sheds load, drops it and takes the
  // one after it (the core stays free if none is left).
  void start_next(Simulator& simulator, Node& node, std::optional<QueuedJob> next);
  void start_service(Simulator& simulator, Node& node, const QueuedJob& job);
  StationWork& owner(std::uint64_t job) const;

  ClusterCore& core_;
  std::array<StationWork*, 4> owners_{};
  CounterId dropped_expired_;
};

}  // namespace ringsim
