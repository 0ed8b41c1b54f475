#include "workloads/pipeline_flows.h"

#include <algorithm>

namespace ringsim {

namespace {

// Flows add a few fixed tasks around the per-shard ones; keep within kDagTasksMax.
constexpr std::size_t kFlowFixedTasksMax = 8;
constexpr std::size_t kFlowShardsMax = (kDagTasksMax - kFlowFixedTasksMax) / 2;

[[noreturn]] void fail_params(const std::string& flow, const std::string& message) {
  DagProblem problem;
  problem.kind = DagProblem::Kind::kBadDag;
  problem.message = flow + ": " + message;
  throw DagError(std::move(problem));
}

void check_shards(const std::string& flow, const std::vector<TaskPlacement>& shards) {
  if (shards.empty()) fail_params(flow, "needs at least one shard");
  if (shards.size() > kFlowShardsMax) {
    fail_params(flow, "at most " + std::to_string(kFlowShardsMax) + " shards are accepted");
  }
}

// Builds tasks with the flow's common options; costs are counted work.
struct FlowBuilder {
  DagDefinition definition;
  const FlowTaskOptions& options;

  void add(std::string name, std::string kind, std::vector<WorkTerm> terms,
               std::vector<std::string> after, TaskPlacement runs_on = TaskPlacement::any()) {
    add_with_cost(std::move(name), std::move(kind), TaskCost::work(std::move(terms)),
                         std::move(after), std::move(runs_on));
  }
  void add_with_cost(std::string name, std::string kind, TaskCost cost,
                         std::vector<std::string> after, TaskPlacement runs_on) {
    DagTask task;
    task.name = std::move(name);
    task.kind = std::move(kind);
    task.cost = std::move(cost);
    task.after = std::move(after);
    task.runs_on = std::move(runs_on);
    task.retry = options.retry;
    task.timeout_ns = options.timeout_ns;
    task.fail_probability = options.fail_probability;
    definition.tasks.push_back(std::move(task));
  }
};

std::string indexed(const char* prefix, std::size_t index) { return prefix + std::to_string(index); }

// A migration's costs follow from its range's size, known only when the range starts
// mid-run, so a cost past the DAG limit (kDagDurationNsMax per attempt) is capped there
// instead of refused: stream and apply are waits whose cost is only nominal (the range's
// progress ends them), and validation (run/estimate.h) refuses scenarios whose whole data
// set would take longer than the limit to snapshot, verify or drop.
WorkTerm capped_term(std::string what, double units, double ns_per_unit) {
  const double limit_ns = static_cast<double>(kDagDurationNsMax) * (1 - 1e-9);
  if (units > 0 && units * ns_per_unit > limit_ns) ns_per_unit = limit_ns / units;
  return {std::move(what), units, ns_per_unit};
}

}  // namespace

DagSpec make_ingest_flow(const IngestFlowParams& params) {
  check_shards(params.name, params.shards);
  FlowBuilder flow{{params.name, {}}, params.options};
  const double chunks = params.items * params.chunks_per_item;
  const double vectors_per_shard = chunks / static_cast<double>(params.shards.size());
  flow.add("extract", "extract", {{"items", params.items, params.extract_ns_per_item}}, {});
  flow.add("chunk", "chunk", {{"items", params.items, params.chunk_ns_per_item}}, {"extract"});
  flow.add("embed", "embed", {{"chunks", chunks, params.embed_ns_per_chunk}}, {"chunk"},
           params.embed_runs_on);
  flow.add("route", "route", {{"chunks", chunks, params.route_ns_per_chunk}}, {"embed"});
  for (std::size_t shard = 0; shard < params.shards.size(); ++shard) {
    flow.add(indexed("upsert_", shard), "upsert",
             {{"vectors", vectors_per_shard, params.upsert_ns_per_vector}}, {"route"},
             params.shards[shard]);
    flow.add(indexed("replicate_", shard), "replicate",
             {{"vector_copies", vectors_per_shard * params.follower_replicas,
               params.replicate_ns_per_vector}},
             {indexed("upsert_", shard)}, params.shards[shard]);
  }
  return DagSpec::build(std::move(flow.definition));
}

DagSpec make_rag_flow(const RagFlowParams& params) {
  check_shards(params.name, params.shards);
  FlowBuilder flow{{params.name, {}}, params.options};
  const double candidates = params.shard_top_k * static_cast<double>(params.shards.size());
  const double reranked = std::min(params.rerank_candidates, candidates);
  flow.add("embed_query", "embed_query", {{"query_tokens", params.query_tokens, params.embed_ns_per_token}},
           {}, params.embed_runs_on);
  std::vector<std::string> searches;
  for (std::size_t shard = 0; shard < params.shards.size(); ++shard) {
    searches.push_back(indexed("search_", shard));
    flow.add_with_cost(searches.back(), "search", params.shard_search, {"embed_query"},
                       params.shards[shard]);
  }
  flow.add("merge", "merge", {{"candidates", candidates, params.merge_ns_per_candidate}}, searches);
  flow.add("rerank", "rerank", {{"candidates", reranked, params.rerank_ns_per_candidate}}, {"merge"},
           params.rerank_runs_on);
  flow.add("generate", "generate",
           {{"prompt_tokens", params.prompt_tokens, params.prefill_ns_per_token},
            {"output_tokens", params.output_tokens, params.decode_ns_per_token}},
           {"rerank"}, params.llm_runs_on);
  return DagSpec::build(std::move(flow.definition));
}

DagSpec make_migration_flow(const MigrationFlowParams& params) {
  FlowBuilder flow{{params.name, {}}, params.options};
  flow.add("snapshot", "snapshot", {capped_term("bytes", params.range_bytes, params.snapshot_ns_per_byte)}, {},
           params.source);
  flow.add("stream", "stream", {capped_term("bytes", params.range_bytes, params.stream_ns_per_byte)},
           {"snapshot"}, params.source);
  flow.add("apply", "apply", {capped_term("keys", params.keys, params.apply_ns_per_key)}, {"stream"},
           params.target);
  flow.add("verify", "verify", {capped_term("keys", params.keys, params.verify_ns_per_key)}, {"apply"},
           params.target);
  flow.add("switch_ownership", "switch_ownership", {capped_term("commits", 1, params.switch_ns)}, {"verify"},
           params.coordinator);
  flow.add("drop_source", "drop_source", {capped_term("keys", params.keys, params.drop_ns_per_key)},
           {"switch_ownership"}, params.source);
  return DagSpec::build(std::move(flow.definition));
}

}  // namespace ringsim
