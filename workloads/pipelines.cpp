#include "workloads/pipelines.h"

#include <algorithm>

#include "sim/config_error.h"
#include "sim/dag_config.h"
#include "sim/dag_flows.h"

namespace ringsim {

namespace {

constexpr double kTokensMax = 1e7;
constexpr double kItemsMax = 1e7;
constexpr std::uint64_t kRagShardsMax = 4096;
constexpr std::uint64_t kRagShardsDefault = 8;
// Pipelines per scenario: each registers its own metrics.
constexpr std::size_t kPipelinesMax = 64;

// One task per shard, on the node owning it (vectors) or on any node (`shards` of them).
std::vector<TaskPlacement> shard_placements(const std::vector<std::uint64_t>& shard_keys, std::uint64_t shards) {
  std::vector<TaskPlacement> placements;
  for (std::uint64_t shard = 0; shard < shards; ++shard) {
    placements.push_back(shard_keys.empty() ? TaskPlacement::any() : TaskPlacement::key_owner(shard_keys[shard]));
  }
  return placements;
}

DagSpec rag_flow(const std::string& name, std::optional<ObjectReader> params,
                 const std::vector<std::uint64_t>& shard_keys) {
  RagFlowParams flow;
  flow.name = name;
  std::uint64_t shards = shard_keys.empty() ? kRagShardsDefault : shard_keys.size();
  if (params) {
    flow.prompt_tokens = params->optional_number("prompt_tokens", NumberRange::at_least(0, kTokensMax), flow.prompt_tokens);
    flow.output_tokens = params->optional_number("output_tokens", NumberRange::at_least(0, kTokensMax), flow.output_tokens);
    flow.query_tokens = params->optional_number("query_tokens", NumberRange::at_least(0, kTokensMax), flow.query_tokens);
    flow.rerank_candidates =
        params->optional_number("rerank_candidates", NumberRange::at_least(0, kItemsMax), flow.rerank_candidates);
    if (shard_keys.empty()) shards = params->optional_integer("shards", 1, kRagShardsMax, shards);
    params->finish();
  }
  flow.shards = shard_placements(shard_keys, shards);
  return make_rag_flow(flow);
}

DagSpec ingest_flow(const std::string& name, std::optional<ObjectReader> params,
                    const std::vector<std::uint64_t>& shard_keys) {
  IngestFlowParams flow;
  flow.name = name;
  std::uint64_t shards = shard_keys.empty() ? kRagShardsDefault : shard_keys.size();
  if (params) {
    flow.items = params->optional_number("items", NumberRange::positive(kItemsMax), flow.items);
    flow.chunks_per_item = params->optional_number("chunks_per_item", NumberRange::positive(kItemsMax), flow.chunks_per_item);
    if (shard_keys.empty()) shards = params->optional_integer("shards", 1, kRagShardsMax, shards);
    params->finish();
  }
  flow.shards = shard_placements(shard_keys, shards);
  return make_ingest_flow(flow);
}

}  // namespace

std::vector<PipelineConfig> read_pipelines(const ArrayReader& array, const std::vector<std::uint64_t>& shard_keys) {
  if (array.size() > kPipelinesMax) {
    throw ConfigError(array.file(), array.pointer(), "at most " + std::to_string(kPipelinesMax) + " pipelines");
  }
  std::vector<PipelineConfig> pipelines;
  for (std::size_t index = 0; index < array.size(); ++index) {
    ObjectReader reader = array.object_at(index);
    PipelineConfig pipeline;
    pipeline.name = reader.required_string("name");
    for (const PipelineConfig& other : pipelines) {
      if (other.name == pipeline.name) reader.fail("name", "another pipeline is already called \"" + pipeline.name + "\"");
    }
    const bool has_flow = reader.has("flow");
    const bool has_dag = reader.has("dag");
    if (has_flow == has_dag) reader.fail("flow", "a pipeline needs exactly one of \"flow\" or \"dag\"");
    if (has_flow) {
      const std::string flow = reader.required_choice("flow", {"rag", "ingest"});
      std::optional<ObjectReader> params = reader.optional_object("params");
      pipeline.spec = std::make_shared<const DagSpec>(flow == "rag" ? rag_flow(pipeline.name, params, shard_keys)
                                                                    : ingest_flow(pipeline.name, params, shard_keys));
    } else {
      DagSpec spec = read_dag(reader.required_object("dag"));
      if (spec.name() != pipeline.name) reader.fail("dag", "the DAG's name must equal the pipeline's name \"" + pipeline.name + "\"");
      pipeline.spec = std::make_shared<const DagSpec>(std::move(spec));
    }
    pipeline.arrivals = read_arrivals(reader.required_object("arrivals"));
    reader.finish();
    pipelines.push_back(std::move(pipeline));
  }
  return pipelines;
}

}  // namespace ringsim
