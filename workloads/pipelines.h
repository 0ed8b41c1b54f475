// DAG pipelines in a cluster scenario: task flows (ingest batches, RAG queries, range
// migrations, or user-defined DAGs) submitted open-loop and run on the cluster's nodes.
//
//   "pipelines": [
//     {"name": "rag", "flow": "rag", "arrivals": {"type": "poisson", "rate_qps": 2},
//      "params": {"prompt_tokens": 2000, "output_tokens": 200}},
//     {"name": "ingest", "flow": "ingest", "arrivals": {"type": "constant", "rate_qps": 0.2},
//      "params": {"items": 256}},
//     {"name": "etl", "dag": {"tasks": [...]}, "arrivals": {...}},
//     {"name": "backfill", "flow": "ingest", "at_s": [5, 20], "params": {"items": 4096}}
//   ]
//
// Flow parameters not given keep the documented defaults of workloads/pipeline_flows.h. RAG flows get
// one search task per shard of the vector collection (on the node that owns the shard);
// without vectors, `params.shards` (default 8) searches run on any node. `embed_role`,
// `rerank_role` and `llm_role` place those steps on nodes with that role (cluster.roles).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/dag/dag.h"
#include "sim/dag/dag_pools.h"
#include "sim/json_reader.h"
#include "workloads/arrivals.h"

namespace ringsim {

struct PipelineConfig {
  std::string name;
  std::shared_ptr<const DagSpec> spec;
  // Exactly one of: an open-loop arrival process (periodic with "constant", or any other
  // type), or one-off runs at fixed times ("at_s": 5 or [5, 20]).
  std::optional<ArrivalConfig> arrivals;
  std::vector<TimeNs> at_ns;  // Ascending.
};

inline constexpr std::size_t kPipelineOneOffRunsMax = 10'000;

// shard_keys: for each shard of the vector collection, one key in it (empty without
// vectors), so RAG search tasks run on the node that owns that shard. role_names: the
// cluster's roles; a task placed on any other role is an error (it could never run).
// One-off times must lie in [0, duration_s).
std::vector<PipelineConfig> read_pipelines(const ArrayReader& array, const std::vector<std::uint64_t>& shard_keys,
                                           const std::vector<std::string>& role_names, double duration_s);

// "pools": {"NAME": SLOTS, ...}, Airflow pools shared by every pipeline (sim/dag/dag_pools.h);
// `pools` is null when the scenario has none. Checks each pipeline task's `pool` (declared;
// "default_pool" is used by tasks naming none once it is declared) and `pool_slots` (at most
// the pool's slots: Airflow would never run it) with the task's JSON pointer.
std::vector<DagPoolSpec> read_dag_pools(const nlohmann::json* pools, const std::string& file,
                                        const std::vector<PipelineConfig>& pipelines);

}  // namespace ringsim
