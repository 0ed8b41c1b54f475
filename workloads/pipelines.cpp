#include "workloads/pipelines.h"

#include <algorithm>

#include "cluster/placement/placement.h"
#include "sim/config_error.h"
#include "sim/dag/dag_config.h"
#include "workloads/pipeline_flows.h"

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

// `key`: a role name placing a flow step on nodes with that role; absent: any node.
TaskPlacement read_role(ObjectReader& params, std::string_view key) {
  if (!params.has(key)) return TaskPlacement::any();
  const std::string role = params.required_string(key);
  if (role.empty()) params.fail(key, "a role name is not empty");
  return TaskPlacement::on_role(role);
}

// Every role a task names must be a cluster role, and every node id a possible node.
void check_placements(ObjectReader& pipeline, std::string_view key, const DagSpec& spec,
                      const std::vector<std::string>& role_names) {
  for (TaskIndex index = 0; index < spec.size(); ++index) {
    const DagTask& task = spec.task(index);
    if (task.runs_on.kind == TaskPlacement::Kind::kRole &&
        std::find(role_names.begin(), role_names.end(), task.runs_on.role) == role_names.end()) {
      std::string message = "task \"" + task.name + "\" runs on role \"" + task.runs_on.role +
                            "\", but cluster.roles gives no node that role";
      const std::string suggestion = closest_match(task.runs_on.role, role_names);
      message += suggestion.empty() ? " (add it to cluster.roles, e.g. \"roles\": {\"" + task.runs_on.role +
                                          "\": [0, 1]})"
                                    : " (did you mean \"" + suggestion + "\"?)";
      pipeline.fail(key, message);
    }
    if (task.runs_on.kind == TaskPlacement::Kind::kNode && task.runs_on.node >= kNodesMax) {
      pipeline.fail(key, "task \"" + task.name + "\" runs on node " + std::to_string(task.runs_on.node) +
                             ", but a cluster has node ids 0 to " + std::to_string(kNodesMax - 1));
    }
  }
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
    flow.embed_runs_on = read_role(*params, "embed_role");
    flow.rerank_runs_on = read_role(*params, "rerank_role");
    flow.llm_runs_on = read_role(*params, "llm_role");
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
    flow.embed_runs_on = read_role(*params, "embed_role");
    params->finish();
  }
  flow.shards = shard_placements(shard_keys, shards);
  return make_ingest_flow(flow);
}

// "at_s": one time or a list of times, each in [0, duration_s).
std::vector<TimeNs> read_one_off_times(ObjectReader& pipeline, double duration_s) {
  const nlohmann::json& value = pipeline.raw("at_s");
  const std::string pointer = pipeline.pointer_of("at_s");
  const nlohmann::json list = value.is_array() ? value : nlohmann::json::array({value});
  if (list.empty() || list.size() > kPipelineOneOffRunsMax) {
    throw ConfigError(pipeline.file(), pointer,
                      "expected a time in seconds or a list of 1 to " + std::to_string(kPipelineOneOffRunsMax) +
                          " of them");
  }
  std::vector<TimeNs> times;
  for (std::size_t index = 0; index < list.size(); ++index) {
    const nlohmann::json& at = list[index];
    const std::string at_pointer = value.is_array() ? json_pointer_append(pointer, index) : pointer;
    if (!at.is_number() || !(at.get<double>() >= 0) || at.get<double>() >= duration_s) {
      throw ConfigError(pipeline.file(), at_pointer,
                        "expected a time in seconds from 0 to below duration_s (" + std::to_string(duration_s) +
                            "), got " + describe_json_value(at));
    }
    times.push_back(seconds_to_ns(at.get<double>()));
  }
  std::sort(times.begin(), times.end());
  return times;
}

}  // namespace

std::vector<PipelineConfig> read_pipelines(const ArrayReader& array, const std::vector<std::uint64_t>& shard_keys,
                                           const std::vector<std::string>& role_names, double duration_s) {
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
      check_placements(reader, "params", *pipeline.spec, role_names);
    } else {
      DagSpec spec = read_dag(reader.required_object("dag"));
      if (spec.name() != pipeline.name) reader.fail("dag", "the DAG's name must equal the pipeline's name \"" + pipeline.name + "\"");
      check_placements(reader, "dag", spec, role_names);
      pipeline.spec = std::make_shared<const DagSpec>(std::move(spec));
    }
    if (reader.has("arrivals") == reader.has("at_s")) {
      reader.fail("arrivals", "a pipeline needs exactly one of \"arrivals\" (open-loop runs) or \"at_s\" (one-off runs)");
    }
    if (reader.has("arrivals")) {
      pipeline.arrivals = read_arrivals(reader.required_object("arrivals"));
    } else {
      pipeline.at_ns = read_one_off_times(reader, duration_s);
    }
    reader.finish();
    pipelines.push_back(std::move(pipeline));
  }
  return pipelines;
}

namespace {

const DagPoolSpec* find_pool(const std::vector<DagPoolSpec>& pools, const std::string& name) {
  for (const DagPoolSpec& pool : pools) {
    if (pool.name == name) return &pool;
  }
  return nullptr;
}

void check_task_pools(const std::vector<DagPoolSpec>& pools, const std::string& file, std::size_t index,
                      const DagSpec& spec) {
  std::vector<std::string> names;
  for (const DagPoolSpec& pool : pools) names.push_back(pool.name);
  const std::string tasks = "/pipelines/" + std::to_string(index) + "/dag/tasks";
  for (TaskIndex task = 0; task < spec.size(); ++task) {
    const DagTask& spec_task = spec.task(task);
    const std::string pointer = json_pointer_append(tasks, task);
    const DagPoolSpec* pool = find_pool(pools, spec_task.pool.empty() ? "default_pool" : spec_task.pool);
    if (pool == nullptr && !spec_task.pool.empty()) {
      const std::string near = closest_match(spec_task.pool, names);
      throw ConfigError(file, json_pointer_append(pointer, "pool"),
                        "pool \"" + spec_task.pool + "\" is not declared in /pools" +
                            (near.empty() ? std::string() : " (did you mean \"" + near + "\"?)"));
    }
    if (pool != nullptr && spec_task.pool_slots > pool->slots) {
      throw ConfigError(file, json_pointer_append(pointer, "pool_slots"),
                        "the task takes " + std::to_string(spec_task.pool_slots) + " slots of pool \"" + pool->name +
                            "\", which has " + std::to_string(pool->slots) + ": it could never run");
    }
  }
}

}  // namespace

std::vector<DagPoolSpec> read_dag_pools(const nlohmann::json* pools, const std::string& file,
                                        const std::vector<PipelineConfig>& pipelines) {
  std::vector<DagPoolSpec> result;
  if (pools != nullptr) {
    if (!pools->is_object() || pools->size() > kDagPoolsMax) {
      throw ConfigError(file, "/pools",
                        "expected an object of at most " + std::to_string(kDagPoolsMax) + " pools, {\"NAME\": SLOTS}, got " +
                            (pools->is_object() ? std::to_string(pools->size()) + " pools" : describe_json_value(*pools)));
    }
    for (const auto& [name, slots] : pools->items()) {
      const bool whole = slots.is_number_integer() || slots.is_number_unsigned();
      if (name.empty() || name.size() > kDagNameLengthMax || !whole || slots.get<double>() < 1 ||
          slots.get<double>() > kDagPoolSlotsMax) {
        throw ConfigError(file, json_pointer_append("/pools", name),
                          "expected a pool name of 1 to " + std::to_string(kDagNameLengthMax) +
                              " characters and a whole number of slots from 1 to " + std::to_string(kDagPoolSlotsMax) +
                              ", got " + describe_json_value(slots));
      }
      result.push_back({name, slots.get<std::uint32_t>()});
    }
  }
  for (std::size_t index = 0; index < pipelines.size(); ++index) check_task_pools(result, file, index, *pipelines[index].spec);
  return result;
}

}  // namespace ringsim
