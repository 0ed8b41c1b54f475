// ClusterModel: builds and wires the parts, starts them, dispatches events to the part
// that owns each kind, and gathers gauges, results and tables.
#include "models/cluster/cluster_model.h"

#include "models/cluster/autoscale_loop.h"
#include "models/cluster/client_path.h"
#include "models/cluster/dag_station_jobs.h"
#include "models/cluster/membership.h"
#include "models/cluster/migration_driver.h"
#include "models/cluster/node_stations.h"
#include "models/cluster/pipeline_runner.h"
#include "models/cluster/runbook_driver.h"
#include "models/cluster/search_coordinator.h"
#include "models/cluster/shard_store.h"
#include "models/cluster/timeline_driver.h"
#include "sim/assert.h"

namespace ringsim {

ClusterModel::ClusterModel(const ClusterScenario& scenario, std::uint64_t seed, Metrics& metrics,
                           std::uint32_t build_threads)
    : core_(std::make_unique<ClusterCore>(scenario, seed, metrics)), build_threads_(build_threads) {
  build_parts(scenario);
  for (std::uint32_t i = 0; i < core_->config.initial_nodes + core_->config.compute_nodes; ++i) {
    core_->nodes[membership_->create_node(0)].holds_data = i < core_->config.initial_nodes;
  }
}

void ClusterModel::build_parts(const ClusterScenario& scenario) {
  // Parts register their metrics as they are built: this order keeps the summary's and
  // timeseries.csv's columns where they always were.
  ClusterCore& core = *core_;
  client_ = std::make_unique<ClientPath>(core, scenario);
  planner_ = std::make_unique<ChangePlanner>(core, scenario.data.keys);
  shards_ = std::make_unique<ShardStore>(core, scenario);
  if (core.vectors) {
    search_ = std::make_unique<SearchCoordinator>(core, scenario.workload);
    client_->set_delete_op(search_->delete_op());
    client_->set_search_starter(
        [search = search_.get()](Simulator& simulator, std::uint32_t slot) { search->begin(simulator, slot); });
  }
  if (!scenario.pipelines.empty()) pipelines_ = std::make_unique<PipelineRunner>(core, scenario.pipelines, scenario.pools);
  if (core.config.autoscaler.enabled) autoscale_ = std::make_unique<AutoscaleLoop>(core);
  migration_ = std::make_unique<MigrationDriver>(core);
  dag_jobs_ = std::make_unique<DagStationJobs>(core);
  stations_ = std::make_unique<NodeStations>(core);
  membership_ = std::make_unique<Membership>(core);
  planner_->set_drain_check([membership = membership_.get()] { membership->finish_drains(); });
  migration_->set_drain_check([membership = membership_.get()] { membership->finish_drains(); });
  migration_->set_ledger(*planner_);
  timeline_ = std::make_unique<TimelineDriver>(core, scenario.timeline);
  if (search_ && scenario.workload.runbook) {
    runbook_ = std::make_unique<RunbookDriver>(core, *scenario.workload.runbook);
    search_->set_recall_listener([this](double value) { runbook_->on_recall(value); });
  }
  core.parts = ClusterParts{client_.get(),    search_.get(),    shards_.get(),    membership_.get(),
                            planner_.get(),   migration_.get(), dag_jobs_.get(),  pipelines_.get(),
                            autoscale_.get(), stations_.get()};
  stations_->set_owner(job_token::Kind::kRequest, *client_);
  if (search_) stations_->set_owner(job_token::Kind::kShardCall, *search_);
  stations_->set_owner(job_token::Kind::kApply, *migration_);
  stations_->set_owner(job_token::Kind::kDagJob, *dag_jobs_);
}

ClusterModel::~ClusterModel() = default;

void ClusterModel::start(Simulator& simulator) {
  ClusterCore& core = *core_;
  core.simulator = &simulator;
  core.handler = simulator.add_handler(*this);
  migration_->attach(simulator);
  // The initial cluster starts with its data in place: no migration at time zero.
  membership_->start_initial_members();
  shards_->assign_targets();
  for (KeyId key = 0; key < core.replicas.key_count(); ++key) {
    for (const NodeId node : core.replicas.target(key)) core.replicas.add_holder(key, node);
  }
  if (core.vectors) {
    const ProfileScope scope(core.profiler, ProfilePhase::kIndexBuild);
    shards_->build_initial_indexes(build_threads_);
  }
  planner_->refresh_all();
  planner_->account_members_without_shards(0);
  membership_->start(simulator);
  timeline_->start(simulator);
  client_->start(simulator);
  if (runbook_) runbook_->start(simulator);
  if (autoscale_) autoscale_->start(simulator);
  if (pipelines_) pipelines_->start(simulator);
}

void ClusterModel::handle_event(Simulator& simulator, const Event& event) {
  const auto node = static_cast<NodeId>(event.arg0);
  const auto incarnation = static_cast<std::uint32_t>(event.arg1);
  switch (static_cast<ClusterEvent>(event.kind)) {
    case kArrival:
    case kRpcAtNode:
    case kReplyAtClient:
    case kClientTimeout:
      return dispatch_client_event(simulator, event);
    case kServiceDone:
      return stations_->on_service_done(simulator, event.arg0, event.arg1);
    case kHeartbeat:
      return membership_->on_heartbeat(simulator, node, incarnation);
    case kDetectorCheck:
      return membership_->on_detector_check(simulator);
    case kNodeBooted:
      return membership_->on_node_booted(simulator, node, incarnation);
    case kJoinBatch:
      return membership_->on_join_batch(simulator);
    case kTimelineAction:
      return timeline_->on_action(simulator, event.arg0);
    case kActionEnd:
      return timeline_->on_action_end(simulator, event.arg0);
    case kSearchAtCoordinator:
      return search_->on_search_at_coordinator(simulator, event.arg0, event.arg1);
    case kShardReply:
      return search_->on_shard_reply(simulator, event.arg0, event.arg1);
    case kShardTimeout:
      return search_->on_shard_timeout(simulator, event.arg0);
    case kShardHedge:
      return search_->on_shard_hedge(simulator, event.arg0);
    case kPipelineArrival:
      return pipelines_->on_pipeline_arrival(simulator, event.arg0);
    case kPipelineOneOff:
      return pipelines_->on_pipeline_one_off(simulator, event.arg0);
    case kAutoscalerEvaluate:
      return autoscale_->on_evaluate(simulator);
    case kClientRetry:
      return client_->on_client_retry(simulator, event.arg0);
    case kHotKeysWindow:
      return client_->on_hot_keys_window(simulator);
    case kClientHedge:
      return client_->on_client_hedge(simulator, event.arg0);
    case kClusterEventCount:
      break;
  }
  RINGSIM_ASSERT(false);
}

void ClusterModel::dispatch_client_event(Simulator& simulator, const Event& event) {
  // A request's events go to the client path, a search's and its shard calls' to the
  // search coordinator; the token says which.
  const bool search = job_token::kind_of(event.arg0) == job_token::Kind::kShardCall ||
                      (event.kind != kArrival && job_token::decode_request(event.arg0).op == PointOp::kSearch);
  switch (static_cast<ClusterEvent>(event.kind)) {
    case kArrival:
      return client_->on_arrival(simulator);
    case kRpcAtNode:
      if (search) return search_->on_shard_rpc_at_node(simulator, event.arg0, event.arg1);
      return client_->on_rpc_at_node(simulator, event.arg0, event.arg1);
    case kReplyAtClient:
      if (search) return search_->on_reply(simulator, event.arg0, event.arg1);
      return client_->on_reply(simulator, event.arg0, event.arg1);
    case kClientTimeout:
      if (search) return search_->on_client_timeout(simulator, event.arg0);
      return client_->on_client_timeout(simulator, event.arg0);
    default:
      RINGSIM_ASSERT(false);
  }
}

void ClusterModel::sample_gauges(TimeNs now_ns) {
  membership_->sample_gauges(now_ns);
  client_->sample_gauges(now_ns);
  planner_->sample_gauges(now_ns);
  if (search_) search_->sample_gauges();
  if (runbook_) runbook_->sample_gauges();
  if (autoscale_) autoscale_->sample_latency();
#ifdef RINGSIM_EXPENSIVE_CHECKS
  check_invariants();
#endif
}

void ClusterModel::finish(TimeNs end_ns) {
  client_->finish(end_ns);
  planner_->finish(end_ns);
  if (autoscale_) autoscale_->finish();
  if (search_) search_->finish();
  if (runbook_) runbook_->finish();
}

void ClusterModel::add_tables(std::vector<SummaryTable>& tables) const {
  planner_->add_tables(tables);
  client_->add_tables(tables);
  if (autoscale_) autoscale_->add_tables(tables);
  if (runbook_) runbook_->add_tables(tables);
}

std::uint64_t ClusterModel::membership_epoch() const { return membership_->epoch(); }
std::uint32_t ClusterModel::outstanding_calls(NodeId node) const { return client_->router().outstanding(node); }
double ClusterModel::cache_hit_ratio(NodeId node) const { return client_->hot_keys().hit_ratio(node); }
const Migrator& ClusterModel::migrator() const { return migration_->migrator(); }
const Shard* ClusterModel::shard_index(NodeId node, std::uint32_t shard) const {
  return shards_->shard_index(node, shard);
}
const VectorStore* ClusterModel::vector_store() const { return shards_->store_if_any(); }
const std::vector<SearchTouch>& ClusterModel::recent_searches() const {
  static const std::vector<SearchTouch> kNone;
  return search_ ? search_->recent_searches() : kNone;
}
// A crash destroys the node's data at once; the replica map keeps it as a holder until it
// is declared dead (the cluster's belief, which routing uses): the view shows the data.
std::uint64_t ClusterModel::keys_held(NodeId node) const {
  return core_->nodes[node].state == NodeState::kFailed ? 0 : core_->replicas.keys_on(node);
}
double ClusterModel::bytes_held(NodeId node) const {
  return core_->nodes[node].state == NodeState::kFailed ? 0 : core_->replicas.bytes_on(node);
}
std::uint64_t ClusterModel::index_memory_bytes() const { return shards_->index_memory_bytes(); }
std::uint64_t ClusterModel::node_index_memory_bytes(NodeId node) const {
  return core_->vectors ? shards_->node_index_memory_bytes(node) : 0;
}
const DagExecutor* ClusterModel::dag_executor() const { return pipelines_ ? &pipelines_->executor() : nullptr; }
std::optional<DagRunId> ClusterModel::slowest_finished_run(std::size_t pipeline) const {
  return pipelines_ ? pipelines_->slowest_finished_run(pipeline) : std::nullopt;
}

const std::vector<PipelineConfig>& ClusterModel::pipelines() const {
  static const std::vector<PipelineConfig> kNone;
  return pipelines_ ? pipelines_->pipelines() : kNone;
}

std::optional<DagRunId> ClusterModel::latest_finished_run(std::size_t pipeline) const {
  return pipelines_ ? pipelines_->latest_finished_run(pipeline) : std::nullopt;
}
const DagExecutor* ClusterModel::migration_dag_executor() const { return &migration_->executor(); }
std::uint64_t ClusterModel::migration_ranges_open() const { return migration_->ranges_open(); }
const AutoscalerDecision* ClusterModel::latest_autoscaler_decision() const {
  return autoscale_ ? autoscale_->latest_decision() : nullptr;
}
const std::vector<AutoscalerDecision>& ClusterModel::autoscaler_actions() const {
  static const std::vector<AutoscalerDecision> kNone;
  return autoscale_ ? autoscale_->actions() : kNone;
}
void ClusterModel::set_index_op_log(IndexOpLog* log) { shards_->set_index_op_log(log); }
void ClusterModel::set_profiler(WallProfiler* profiler) { core_->profiler = profiler; }

}  // namespace ringsim
