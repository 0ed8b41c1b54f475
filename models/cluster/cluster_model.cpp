// ClusterModel: construction, event dispatch, measurement and the summary. The client
// path, membership and timeline live in cluster_model_*.cpp.
#include "models/cluster/cluster_model.h"

#include <algorithm>
#include <cmath>

#include "sim/assert.h"
#include "workloads/pipeline_flows.h"
#include "models/cluster/cluster_migration_tasks.h"
#include "models/cluster/cluster_requests.h"

namespace ringsim {

namespace {
// Keys of a vector collection are spread over its shards by a hash of the id.
std::vector<std::uint32_t> shard_of_keys(const DataConfig& data) {
  if (!data.vectors) return {};
  std::vector<std::uint32_t> shards(data.keys);
  for (KeyId key = 0; key < data.keys; ++key) shards[key] = shard_of_key(key, data.vectors->shards);
  return shards;
}
}  // namespace

ClusterModel::ClusterModel(const ClusterScenario& scenario, std::uint64_t seed, Metrics& metrics,
                           std::uint32_t build_threads)
    : config_(scenario.cluster),
      timeline_(scenario.timeline),
      metrics_(metrics),
      seed_(seed),
      last_heartbeat_ns_(kNodesMax, 0),
      client_outstanding_(kNodesMax, 0),
      placement_(make_placement(scenario.cluster.placement, seed)),
      replicas_(generate_key_bytes(scenario.data, seed), shard_of_keys(scenario.data),
                scenario.data.vectors ? scenario.data.vectors->shards : 0),
      network_(scenario.cluster.network, scenario.cluster.node.network_bandwidth_bytes_per_s,
               Rng(seed, "network.latency")),
      workload_(scenario.workload, scenario.data.keys, seed),
      arrivals_(scenario.workload.arrivals, Rng(seed, "workload.arrivals")),
      routing_rng_(seed, "client.routing"),
      service_rng_(seed, "node.service"),
      query_rng_(seed, "workload.queries"),
      update_rng_(seed, "workload.updates"),
      recall_rng_(seed, "workload.recall_sample"),
      search_extra_rng_(seed, "node.search_extra"),
      requests_(std::make_unique<Requests>()),
      under_replicated_(scenario.data.keys, 0),
      get_op_(metrics.register_op("get")),
      put_op_(metrics.register_op("put")),
      timeouts_(metrics.register_counter("timeouts")),
      retries_(metrics.register_counter("retries")),
      redirects_(metrics.register_counter("redirects")),
      failed_requests_(metrics.register_counter("failed_requests")),
      unavailable_requests_(metrics.register_counter("unavailable_requests")),
      lost_key_requests_(metrics.register_counter("lost_key_requests")),
      queue_rejections_(metrics.register_counter("queue_rejections")),
      keys_total_(metrics.register_result("keys_total")),
      keys_moved_(metrics.register_result("keys_moved")),
      keys_moved_ideal_(metrics.register_result("keys_moved_ideal")),
      bytes_moved_(metrics.register_result("bytes_moved")),
      migration_s_(metrics.register_result("migration_s")),
      under_replicated_max_result_(metrics.register_result("under_replicated_max")),
      under_replicated_s_(metrics.register_result("under_replicated_s")),
      lost_keys_(metrics.register_result("lost_keys")),
      load_max_over_mean_(metrics.register_result("load_max_over_mean")),
      requests_max_over_mean_(metrics.register_result("requests_max_over_mean")),
      nodes_final_(metrics.register_result("nodes_final")),
      under_replicated_gauge_(metrics.register_gauge("under_replicated")),
      lost_keys_gauge_(metrics.register_gauge("lost_keys")),
      nodes_up_gauge_(metrics.register_gauge("nodes_up")),
      migration_bytes_remaining_gauge_(metrics.register_gauge("migration_bytes_remaining")) {
  migrator_ = std::make_unique<Migrator>(config_.migration, network_, nodes_, replicas_,
                                         static_cast<MigrationListener&>(*this));
  workload_config_ = scenario.workload;
  node_shards_.resize(kNodesMax);
  apply_queue_ns_.resize(kNodesMax);
  if (scenario.data.vectors) {
    vectors_ = scenario.data.vectors;
    store_ = std::make_unique<VectorStore>(vectors_->data, scenario.data.keys, seed);
    search_op_ = metrics.register_op("search");
    delete_op_ = metrics.register_op("delete");
    partial_searches_ = metrics.register_counter("partial_searches");
    hedges_ = metrics.register_counter("hedges");
    recall_result_ = metrics.register_result("recall_at_k");
    recall_samples_result_ = metrics.register_result("recall_samples");
    index_memory_result_ = metrics.register_result("index_memory_bytes");
    distances_per_search_result_ = metrics.register_result("distance_computations_per_search");
    shards_per_search_result_ = metrics.register_result("shards_per_search");
    vectors_per_shard_result_ = metrics.register_result("vectors_per_shard_replica");
    recall_gauge_ = metrics.register_gauge("recall_at_k");
    index_memory_gauge_ = metrics.register_gauge("index_memory_bytes");
  }
  pipelines_ = scenario.pipelines;
  if (!pipelines_.empty()) {
    dag_executor_ = std::make_unique<DagExecutor>(static_cast<TaskResources&>(*this), seed, "pipelines");
    dag_executor_->set_listener(static_cast<DagRunListener*>(this));
    for (const PipelineConfig& pipeline : pipelines_) {
      if (pipeline.arrivals) {
        pipeline_arrivals_.emplace_back(std::in_place, *pipeline.arrivals,
                                        Rng(seed, "pipelines." + pipeline.name + ".arrivals"));
      } else {
        pipeline_arrivals_.emplace_back(std::nullopt);
      }
      dag_metrics_.push_back(std::make_unique<DagMetrics>(metrics, *pipeline.spec));
    }
  }
  if (config_.autoscaler.enabled) {
    autoscaler_.emplace(config_.autoscaler);
    autoscaler_busy_core_ns_.assign(kNodesMax, 0);
    autoscaler_nodes_added_ = metrics.register_counter("autoscaler.nodes_added");
    autoscaler_nodes_removed_ = metrics.register_counter("autoscaler.nodes_removed");
    autoscaler_node_seconds_result_ = metrics.register_result("autoscaler.data_node_seconds");
    autoscaler_utilization_gauge_ = metrics.register_gauge("autoscaler.utilization");
    autoscaler_desired_gauge_ = metrics.register_gauge("autoscaler.desired_nodes");
    init_autoscaler_metrics();
  }
  migration_tasks_ = std::make_unique<MigrationTasks>(*this);
  migration_dags_ = std::make_unique<DagExecutor>(static_cast<TaskResources&>(*migration_tasks_), seed, "migration",
                                                  "migration_dag");
  migration_dags_->set_listener(static_cast<DagRunListener*>(migration_tasks_.get()));
  // Every range's DAG has the same tasks; only its costs differ.
  migration_metrics_ = std::make_unique<DagMetrics>(metrics, make_migration_flow(MigrationFlowParams{}));
  nodes_.reserve(kNodesMax);
  for (std::uint32_t i = 0; i < config_.initial_nodes + config_.compute_nodes; ++i) {
    nodes_[create_node(0)].holds_data = i < config_.initial_nodes;
  }
  build_threads_ = build_threads;
}

ClusterModel::~ClusterModel() = default;

const char* ClusterModel::event_kind_name(EventKind kind) const {
  static const char* const kNames[] = {"arrival",         "rpc_at_node",      "service_done",   "reply_at_client",
                                       "client_timeout",  "heartbeat",        "detector_check", "timeline_action",
                                       "action_end",      "node_booted",      "join_batch",     "search_at_coordinator",
                                       "shard_reply",     "shard_timeout",    "shard_hedge",    "pipeline_arrival",
                                       "pipeline_one_off", "autoscaler_evaluate"};
  return kind < std::size(kNames) ? kNames[kind] : "?";
}

void ClusterModel::start(Simulator& simulator) {
  simulator_ = &simulator;
  handler_id_ = simulator.add_handler(*this);
  migrator_->attach(simulator);
  migration_dags_->attach(simulator);
  // The initial cluster starts with its data in place: no migration at time zero.
  for (Node& node : nodes_) {
    node.state = NodeState::kUp;
    alive_.insert(node.id);
    believed_up_.insert(node.id);
    if (node.holds_data) placement_->add_member(node.id);
  }
  assign_targets();
  for (KeyId key = 0; key < replicas_.key_count(); ++key) {
    for (const NodeId node : replicas_.target(key)) replicas_.add_holder(key, node);
  }
  if (vectors_) build_initial_indexes(build_threads_);
  refresh_all();
  Rng phase_rng(seed_, "detector.heartbeat_phase");
  for (const Node& node : nodes_) {
    const auto phase_ns = static_cast<TimeNs>(phase_rng.next_below(config_.failure_detection.heartbeat_ns));
    simulator.schedule_at(phase_ns, handler_id_, kHeartbeat, node.id, node.incarnation);
  }
  simulator.schedule_after(config_.failure_detection.heartbeat_ns, handler_id_, kDetectorCheck);
  for (std::size_t index = 0; index < timeline_.size(); ++index) {
    simulator.schedule_at(timeline_[index].at_ns, handler_id_, kTimelineAction, index);
  }
  simulator.schedule_after(arrivals_.next_gap_ns(simulator.now_ns()), handler_id_, kArrival);
  if (autoscaler_) {
    simulator.schedule_after(config_.autoscaler.evaluation_interval_ns, handler_id_, kAutoscalerEvaluate);
  }
  if (dag_executor_) {
    dag_executor_->attach(simulator);
    for (std::size_t pipeline = 0; pipeline < pipelines_.size(); ++pipeline) {
      if (pipeline_arrivals_[pipeline]) {
        simulator.schedule_after(pipeline_arrivals_[pipeline]->next_gap_ns(0), handler_id_, kPipelineArrival, pipeline);
      }
      for (const TimeNs at_ns : pipelines_[pipeline].at_ns) {
        simulator.schedule_at(at_ns, handler_id_, kPipelineOneOff, pipeline);
      }
    }
  }
}

void ClusterModel::handle_event(Simulator& simulator, const Event& event) {
  switch (static_cast<Kind>(event.kind)) {
    case kArrival:
      on_arrival(simulator);
      return;
    case kRpcAtNode:
      on_rpc_at_node(simulator, event.arg0, event.arg1);
      return;
    case kServiceDone:
      on_service_done(simulator, event.arg0, event.arg1);
      return;
    case kReplyAtClient:
      on_reply(simulator, event.arg0, event.arg1);
      return;
    case kClientTimeout:
      on_client_timeout(simulator, event.arg0);
      return;
    case kHeartbeat:
      on_heartbeat(simulator, static_cast<NodeId>(event.arg0), static_cast<std::uint32_t>(event.arg1));
      return;
    case kDetectorCheck:
      on_detector_check(simulator);
      return;
    case kTimelineAction:
      on_timeline_action(simulator, event.arg0);
      return;
    case kActionEnd:
      on_action_end(simulator, event.arg0);
      return;
    case kNodeBooted:
      on_node_booted(simulator, static_cast<NodeId>(event.arg0), static_cast<std::uint32_t>(event.arg1));
      return;
    case kJoinBatch:
      on_join_batch(simulator);
      return;
    case kSearchAtCoordinator:
      on_search_at_coordinator(simulator, event.arg0, event.arg1);
      return;
    case kShardReply:
      on_shard_reply(simulator, event.arg0, event.arg1);
      return;
    case kShardTimeout:
      on_shard_timeout(simulator, event.arg0);
      return;
    case kShardHedge:
      on_shard_hedge(simulator, event.arg0);
      return;
    case kPipelineArrival:
      on_pipeline_arrival(simulator, event.arg0);
      return;
    case kAutoscalerEvaluate:
      on_autoscaler_evaluate(simulator);
      return;
    case kPipelineOneOff:
      dag_executor_->submit(simulator, pipelines_[event.arg0].spec, simulator.now_ns());
      return;
  }
  RINGSIM_ASSERT(false);
}

void ClusterModel::sample_gauges(TimeNs now_ns) {
  const double window_ns = static_cast<double>(metrics_.window_ns());
  int nodes_up = 0;
  for (Node& node : nodes_) {
    const double busy_core_ns = node.station.busy_core_ns(now_ns);
    const double utilization = (busy_core_ns - node.window_busy_core_ns) / (window_ns * node.station.cores());
    node.window_busy_core_ns = busy_core_ns;
    metrics_.set_gauge(node_utilization_gauges_[node.id], utilization);
    metrics_.set_gauge(node_queue_gauges_[node.id], static_cast<double>(node.station.queue_length()));
    metrics_.set_gauge(node_keys_gauges_[node.id], static_cast<double>(replicas_.keys_on(node.id)));
    nodes_up += node.running() ? 1 : 0;
  }
  metrics_.set_gauge(under_replicated_gauge_, static_cast<double>(under_replicated_count_));
  metrics_.set_gauge(lost_keys_gauge_, static_cast<double>(replicas_.lost_count()));
  metrics_.set_gauge(nodes_up_gauge_, nodes_up);
  metrics_.set_gauge(migration_bytes_remaining_gauge_, migrator_->bytes_remaining());
  if (autoscaler_) sample_autoscaler_latency();
  if (vectors_) {
    // A window without sampled searches repeats the last value rather than inventing one.
    if (recall_window_count_ > 0) last_window_recall_ = recall_window_sum_ / static_cast<double>(recall_window_count_);
    recall_window_sum_ = 0;
    recall_window_count_ = 0;
    metrics_.set_gauge(recall_gauge_, last_window_recall_);
    metrics_.set_gauge(index_memory_gauge_, static_cast<double>(index_memory_bytes()));
  }
#ifdef RINGSIM_EXPENSIVE_CHECKS
  check_invariants();
#endif
}

namespace {
double max_over_mean(const std::vector<double>& values) {
  if (values.empty()) return 0;
  double sum = 0;
  double max = 0;
  for (const double value : values) {
    sum += value;
    max = std::max(max, value);
  }
  return sum > 0 ? max / (sum / static_cast<double>(values.size())) : 0;
}
}  // namespace

void ClusterModel::finish(TimeNs end_ns) {
  set_under_replicated_count(under_replicated_count_, end_ns);
  TimeNs under_replicated_total_ns = under_replicated_total_ns_;
  if (under_replicated_count_ > 0) under_replicated_total_ns += end_ns - under_replicated_since_ns_;
  double keys_moved = 0;
  double keys_moved_ideal = 0;
  TimeNs migration_ns = 0;
  for (const ChangeRecord& change : changes_) {
    keys_moved += static_cast<double>(change.keys_moved);
    keys_moved_ideal += change.keys_moved_ideal;
    const TimeNs done_ns = change.completed_ns >= 0 ? change.completed_ns : end_ns;
    migration_ns = std::max(migration_ns, done_ns - change.at_ns);
  }
  std::vector<double> keys_per_member;
  std::vector<double> requests_per_member;
  for (const NodeId node : placement_->members()) {
    keys_per_member.push_back(static_cast<double>(replicas_.keys_on(node)));
    requests_per_member.push_back(static_cast<double>(nodes_[node].requests_served));
  }
  metrics_.set_result(keys_total_, static_cast<double>(replicas_.key_count()));
  metrics_.set_result(keys_moved_, keys_moved);
  metrics_.set_result(keys_moved_ideal_, keys_moved_ideal);
  metrics_.set_result(bytes_moved_, migrator_->bytes_received());
  metrics_.set_result(migration_s_, ns_to_s(migration_ns));
  metrics_.set_result(under_replicated_max_result_, static_cast<double>(under_replicated_max_));
  metrics_.set_result(under_replicated_s_, ns_to_s(under_replicated_total_ns));
  metrics_.set_result(lost_keys_, static_cast<double>(replicas_.lost_count()));
  metrics_.set_result(load_max_over_mean_, max_over_mean(keys_per_member));
  metrics_.set_result(requests_max_over_mean_, max_over_mean(requests_per_member));
  metrics_.set_result(nodes_final_, static_cast<double>(placement_->members().size()));
  if (autoscaler_) metrics_.set_result(autoscaler_node_seconds_result_, autoscaler_node_seconds_);
  if (vectors_) {
    const double searches = static_cast<double>(std::max<std::uint64_t>(1, searches_completed_));
    metrics_.set_result(recall_result_, recall_total_count_ > 0 ? recall_total_sum_ / static_cast<double>(recall_total_count_) : 0.0);
    metrics_.set_result(recall_samples_result_, static_cast<double>(recall_total_count_));
    metrics_.set_result(index_memory_result_, static_cast<double>(index_memory_bytes()));
    metrics_.set_result(distances_per_search_result_, search_distance_total_ / searches);
    metrics_.set_result(shards_per_search_result_, search_shards_total_ / searches);
    double replicas = 0;
    double vectors = 0;
    for (const auto& shards : node_shards_) {
      for (const auto& shard : shards) {
        if (!shard) continue;
        replicas += 1;
        vectors += static_cast<double>(shard->live_count());
      }
    }
    metrics_.set_result(vectors_per_shard_result_, replicas > 0 ? vectors / replicas : 0.0);
  }
}

void ClusterModel::add_tables(std::vector<SummaryTable>& tables) const {
  SummaryTable table;
  table.name = "changes";
  table.columns = {"time_s",     "action",       "subject",      "members",   "keys_moved", "keys_moved_ideal",
                   "moved_over_ideal", "bytes_moved", "migration_s", "fully_replicated_s"};
  for (const ChangeRecord& change : changes_) {
    const auto seconds_after = [&](TimeNs at_ns) -> nlohmann::json {
      if (at_ns < 0) return nullptr;
      return ns_to_s(at_ns - change.at_ns);
    };
    table.rows.push_back({ns_to_s(change.at_ns), change.action, change.subject,
                          std::to_string(change.members_before) + "->" + std::to_string(change.members_after),
                          change.keys_moved, change.keys_moved_ideal,
                          change.keys_moved_ideal > 0 ? nlohmann::json(static_cast<double>(change.keys_moved) /
                                                                       change.keys_moved_ideal)
                                                      : nlohmann::json(nullptr),
                          change.bytes_moved, seconds_after(change.completed_ns),
                          seconds_after(change.fully_replicated_ns)});
  }
  tables.push_back(std::move(table));
  if (!autoscaler_) return;
  SummaryTable decisions;
  decisions.name = "autoscaler";
  decisions.columns = {"time_s", "metric", "value", "target", "nodes", "recommended", "stabilized", "desired",
                       "reason"};
  for (const AutoscalerDecision& decision : autoscaler_actions_) {
    decisions.rows.push_back({ns_to_s(decision.at_ns), decision.metric, decision.metric_value, decision.metric_target,
                              decision.current_nodes, decision.recommended_nodes, decision.stabilized_nodes,
                              decision.desired_nodes, decision.reason});
  }
  tables.push_back(std::move(decisions));
}

void ClusterModel::check_invariants() const {
  replicas_.check_invariants();
  std::uint64_t under = 0;
  const std::uint32_t desired = desired_replicas();
  for (KeyId key = 0; key < replicas_.key_count(); ++key) {
    if (replicas_.lost(key)) continue;
    // A key that is not lost has a copy on a live node (crashed copies are gone).
    RINGSIM_ASSERT(!(replicas_.holders(key) & alive_).empty());
    const bool is_under = static_cast<std::uint32_t>((replicas_.holders(key) & alive_).size()) < desired;
    RINGSIM_ASSERT(is_under == (under_replicated_[key] != 0));
    under += is_under ? 1 : 0;
    // Once every migration range has ended (switched and dropped, or aborted), each key
    // sits exactly on the nodes the placement names (when they are alive).
    if (ranges_open_ == 0 && replicas_.incoming(key).empty()) {
      NodeSet target;
      for (const NodeId node : replicas_.target(key)) target.insert(node);
      if (target.is_subset_of(alive_)) RINGSIM_ASSERT((replicas_.holders(key) & alive_) == target);
    }
  }
  RINGSIM_ASSERT(under == under_replicated_count_);
  if (vectors_) {
    // Every copy of a live vector is in its holder's index: migration lost no vector.
    for (KeyId key = 0; key < replicas_.key_count(); ++key) {
      if (replicas_.lost(key) || store_->deleted(key)) continue;
      replicas_.holders(key).for_each([&](NodeId node) {
        if (!alive_.contains(node)) return;
        const Shard* index = shard_index(node, replicas_.unit_of(key));
        RINGSIM_ASSERT(index != nullptr && index->contains(key));
      });
    }
  }
  const double accounted = migrator_->bytes_received() + migrator_->bytes_dropped() + migrator_->bytes_in_flight();
  RINGSIM_ASSERT(std::abs(migrator_->bytes_sent() - accounted) <= 1e-6 * (1 + migrator_->bytes_sent()));
}

}  // namespace ringsim
