#include "cli/report/cluster_recorder.h"

#include <cmath>

#include "models/cluster/cluster_view.h"
#include "sim/dag/dag_report.h"

namespace ringsim::report {
namespace {

const ClusterView* cluster_of(const Run& run) { return ClusterView::of(run.model()); }

nlohmann::json ring_owners(const Placement& placement) {
  nlohmann::json owners = nlohmann::json::array();
  ReplicaList replicas;
  // Sample i sits at the middle of its 1/kRingSamples arc of the circle.
  const std::uint64_t step = UINT64_MAX / kRingSamples;
  for (std::uint32_t i = 0; i < kRingSamples; ++i) {
    placement.replicas_for(step * i + step / 2, 1, replicas);
    owners.push_back(replicas.count > 0 ? nlohmann::json(replicas.nodes[0]) : nlohmann::json(nullptr));
  }
  return owners;
}

// The placement's tokens (virtual nodes) as [position on the circle in [0, 1), node], for
// the browser player's ring; empty for strategies without tokens or with more than
// kRingTokensMax (the owners still show the arcs).
nlohmann::json ring_tokens(const Placement& placement) {
  nlohmann::json tokens = nlohmann::json::array();
  const std::vector<std::pair<std::uint64_t, NodeId>> all = placement.tokens();
  if (all.size() > kRingTokensMax) return tokens;
  for (const auto& [position, node] : all) {
    // Six decimals: a millionth of the circle, far below a pixel of any drawn ring.
    const double fraction = std::round(static_cast<double>(position) / 18446744073709551616.0 * 1e6) / 1e6;
    tokens.push_back({fraction, node});
  }
  return tokens;
}

// Whole-shard placements (vector shards, shard_balancer) move shard replicas, not points of a
// hash circle: per node, the shards whose wanted holders (the placement's target) include
// it, indexed by node id. Empty when keys are their own units.
nlohmann::json shard_replicas(const ClusterView& model) {
  const ReplicaMap& replicas = model.replicas();
  if (replicas.unit_count() == 0) return nlohmann::json::array();
  std::vector<bool> seen(replicas.unit_count(), false);
  std::vector<std::uint64_t> per_node(model.nodes().size(), 0);
  for (KeyId key = 0; key < replicas.key_count(); ++key) {
    const std::uint32_t unit = replicas.unit_of(key);
    if (seen[unit]) continue;
    seen[unit] = true;
    const ReplicaList& target = replicas.target(key);
    for (std::uint8_t i = 0; i < target.count; ++i) {
      if (target.nodes[i] < per_node.size()) per_node[target.nodes[i]] += 1;
    }
  }
  return per_node;
}

nlohmann::json dag_run_json(const ClusterView& model, std::size_t pipeline, DagRunId id) {
  const DagRun& run = model.dag_executor()->run(id);
  const DagSpec& spec = *run.spec;
  nlohmann::json tasks = nlohmann::json::array();
  std::vector<bool> critical(spec.size(), false);
  if (run.report) {
    for (const TaskIndex task : run.report->critical_path.tasks) critical[task] = true;
  }
  for (TaskIndex task = 0; task < run.tasks.size(); ++task) {
    const TaskRecord& record = run.tasks[task];
    nlohmann::json item = {{"name", spec.task(task).name},
                           {"kind", spec.task(task).kind},
                           {"state", std::string(task_state_name(record.state))},
                           {"ready_s", record.ready_ns < 0 ? nlohmann::json(nullptr) : nlohmann::json(ns_to_s(record.ready_ns))},
                           {"start_s", record.start_ns < 0 ? nlohmann::json(nullptr) : nlohmann::json(ns_to_s(record.start_ns))},
                           {"end_s", record.end_ns < 0 ? nlohmann::json(nullptr) : nlohmann::json(ns_to_s(record.end_ns))},
                           {"node", record.worker == kNoWorker ? nlohmann::json(nullptr) : nlohmann::json(record.worker)},
                           {"critical", static_cast<bool>(critical[task])}};
    tasks.push_back(item);
  }
  return {{"pipeline", model.pipelines()[pipeline].name},
          {"run", id},
          {"started_s", ns_to_s(run.started_ns)},
          {"finished_s", ns_to_s(run.finished_ns)},
          {"makespan_ms", run.report ? static_cast<double>(run.report->makespan_ns) / kNsPerMs : 0.0},
          {"critical_path_ms", run.report ? static_cast<double>(run.report->critical_path.length_ns) / kNsPerMs : 0.0},
          {"tasks", tasks}};
}

}  // namespace

ClusterRecorder::ClusterRecorder(const Run& run) : cluster_(cluster_of(run) != nullptr) { observe(run); }

void ClusterRecorder::observe(const Run& run) {
  if (!cluster_ || snapshots_.size() >= kRingSnapshotsMax) return;
  const ClusterView& model = *cluster_of(run);
  const std::vector<NodeId>& members = model.placement().members();
  if (!snapshots_.empty() && std::vector<std::uint32_t>(members.begin(), members.end()) == last_members_) return;
  last_members_.assign(members.begin(), members.end());
  snapshots_.push_back({{"time_s", ns_to_s(run.now_ns())},
                        {"members", last_members_},
                        {"changes", model.changes().size()},
                        {"owners", ring_owners(model.placement())},
                        {"tokens", ring_tokens(model.placement())},
                        {"shard_replicas", shard_replicas(model)}});
}

nlohmann::json ClusterRecorder::finish(const Run& run) const {
  if (!cluster_) return nullptr;
  const ClusterView& model = *cluster_of(run);
  nlohmann::json nodes = nlohmann::json::array();
  for (const Node& node : model.nodes()) {
    nodes.push_back({{"id", node.id},
                     {"state", std::string(node_state_name(node.state))},
                     {"holds_data", node.holds_data},
                     {"requests_served", node.requests_served}});
  }
  nlohmann::json dag_runs = nlohmann::json::array();
  if (model.dag_executor() != nullptr) {
    for (std::size_t pipeline = 0; pipeline < model.pipelines().size(); ++pipeline) {
      const std::optional<DagRunId> slowest = model.slowest_finished_run(pipeline);
      if (slowest) dag_runs.push_back(dag_run_json(model, pipeline, *slowest));
    }
  }
  return {{"placement", std::string(model.placement().name())},
          {"ring_samples", kRingSamples},
          {"ring_snapshots", snapshots_},
          {"nodes", nodes},
          {"slowest_dag_runs", dag_runs}};
}

}  // namespace ringsim::report
