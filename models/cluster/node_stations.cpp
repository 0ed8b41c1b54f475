#include "models/cluster/node_stations.h"

#include <cmath>

namespace ringsim {

std::string StationWork::operation_name(std::uint64_t job) const {
  switch (job_token::kind_of(job)) {
    case job_token::Kind::kRequest:
      switch (job_token::decode_request(job).op) {
        case PointOp::kGet: return "get";
        case PointOp::kPut: return "put";
        case PointOp::kSearch: return "search";
        case PointOp::kDelete: return "delete";
        case PointOp::kApply: break;
      }
      break;
    case job_token::Kind::kApply: return "migration_apply";
    case job_token::Kind::kShardCall: return "shard_search";
    case job_token::Kind::kDagJob: return "dag_task";
  }
  return "job";
}

StationWork& NodeStations::owner(std::uint64_t job) const {
  StationWork* owner = owners_[static_cast<std::size_t>(job_token::kind_of(job))];
  RINGSIM_ASSERT(owner != nullptr);
  return *owner;
}

Station::Admission NodeStations::admit(Simulator& simulator, Node& node, const QueuedJob& job, Station::Lane lane) {
  const Station::Admission admission = node.station.arrive(job, simulator.now_ns(), lane);
  if (admission == Station::Admission::kStarted) start_next(simulator, node, job);
  return admission;
}

void NodeStations::start_next(Simulator& simulator, Node& node, std::optional<QueuedJob> next) {
  // A dropped job ends at the instant it would start: its core time is zero.
  while (next && core_.config.node.drop_expired && next->deadline_ns <= simulator.now_ns()) {
    core_.metrics.add(dropped_expired_);
    owner(next->job_id).on_dropped(node, next->job_id);
    next = node.station.complete(simulator.now_ns());
  }
  if (next) start_service(simulator, node, *next);
}

void NodeStations::start_service(Simulator& simulator, Node& node, const QueuedJob& job) {
  const double duration_ns = owner(job.job_id).on_service_start(simulator, node, job.job_id) * node.slow_factor;
  core_.schedule_after(static_cast<TimeNs>(std::llround(duration_ns)), kServiceDone, job.job_id,
                       job_token::encode(job_token::Address{node.id, node.incarnation}));
  if (ActivityObserver* activity = simulator.activity()) {
    activity->service_started(simulator.now_ns(), node.id, node.incarnation, node.station.cores(), job.job_id,
                              owner(job.job_id).operation_name(job.job_id));
  }
}

void NodeStations::on_service_done(Simulator& simulator, std::uint64_t job, std::uint64_t address) {
  const job_token::Address to = job_token::decode_address(address);
  Node& node = core_.nodes[to.node];
  if (node.incarnation != to.incarnation) return;  // The node crashed meanwhile.
  if (ActivityObserver* activity = simulator.activity()) activity->service_ended(simulator.now_ns(), to.node, job);
  owner(job).on_service_done(simulator, node, job);
  start_next(simulator, node, node.station.complete(simulator.now_ns()));
}

}  // namespace ringsim
