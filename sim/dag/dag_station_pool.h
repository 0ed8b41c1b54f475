// A ready-made TaskResources: `workers` stations, each with `cores_per_worker` cores and one
// FIFO queue (sim/station.h), so a DAG's parallelism is limited by cores, not only by
// its edges. For tests, examples and scenarios without a cluster; the cluster model
// implements TaskResources over its own nodes instead.
//
// Placement (worker_for):
// - any: the least loaded worker (busy cores + queued attempts), ties to the lowest id;
// - role R: the least loaded worker whose role is R; none -> unplaceable;
// - key_owner K: worker K mod workers (a stand-in for the cluster's placement).
// A full queue rejects the attempt (AttemptEnd::kRejected). An abandoned running attempt
// frees its core at once; an abandoned queued attempt is dropped when it reaches a core.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/station.h"
#include "sim/dag/dag_resources.h"

namespace ringsim {

struct StationPoolConfig {
  std::uint32_t workers = 1;
  std::uint32_t cores_per_worker = 1;
  std::uint64_t queue_capacity = 1'000'000;
  // Empty, or one role per worker ("" for none).
  std::vector<std::string> roles;
};

inline constexpr std::uint32_t kStationPoolWorkersMax = 100'000;

class StationPool final : public TaskResources, public EventHandler {
 public:
  explicit StationPool(StationPoolConfig config);

  void attach(Simulator& simulator);

  std::optional<WorkerId> worker_for(const DagTask& task) override;
  void submit(Simulator& simulator, WorkerId worker, AttemptRef attempt, TimeNs service_ns,
              AttemptListener& listener) override;
  void abandon(Simulator& simulator, WorkerId worker, AttemptRef attempt) override;

  std::uint32_t worker_count() const { return static_cast<std::uint32_t>(stations_.size()); }
  const Station& station(WorkerId worker) const { return stations_.at(worker); }
  std::uint64_t attempts_in_pool() const { return jobs_.size(); }

  void handle_event(Simulator& simulator, const Event& event) override;
  const char* handler_name() const override { return "dag_pool"; }
  const char* event_kind_name(EventKind kind) const override;

 private:
  enum Kind : EventKind { kAttemptDone = 0 };
  struct Job {
    AttemptListener* listener = nullptr;
    WorkerId worker = 0;
    TimeNs service_ns = 0;
    bool running = false;
    bool abandoned = false;  // Dropped while queued; skipped when it reaches a core.
    EventId completion{};
  };

  std::uint64_t load(WorkerId worker) const;
  void start(Simulator& simulator, std::uint64_t key, Job& job);
  // A core of `worker` became free: hand it to the next live queued attempt.
  void release_core(Simulator& simulator, WorkerId worker);

  std::vector<Station> stations_;
  std::vector<std::string> roles_;
  std::map<std::uint64_t, Job> jobs_;  // By packed AttemptRef; lookup only.
  HandlerId handler_id_ = 0;
  bool attached_ = false;
};

}  // namespace ringsim
