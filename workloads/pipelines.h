// DAG pipelines in a cluster scenario: task flows (ingest batches, RAG queries, range
// migrations, or user-defined DAGs) submitted open-loop and run on the cluster's nodes.
//
//   "pipelines": [
//     {"name": "rag", "flow": "rag", "arrivals": {"type": "poisson", "rate_qps": 2},
//      "params": {"prompt_tokens": 2000, "output_tokens": 200}},
//     {"name": "ingest", "flow": "ingest", "arrivals": {"type": "constant", "rate_qps": 0.2},
//      "params": {"items": 256}},
//     {"name": "etl", "dag": {"tasks": [...]}, "arrivals": {...}}
//   ]
//
// Flow parameters not given keep the documented defaults of sim/dag_flows.h. RAG flows get
// one search task per shard of the vector collection (on the node that owns the shard);
// without vectors, `params.shards` (default 8) searches run on any node. `embed_role`,
// `rerank_role` and `llm_role` place those steps on nodes with that role (cluster.roles).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/dag.h"
#include "sim/json_reader.h"
#include "workloads/arrivals.h"

namespace ringsim {

struct PipelineConfig {
  std::string name;
  std::shared_ptr<const DagSpec> spec;
  ArrivalConfig arrivals;
};

// shard_keys: for each shard of the vector collection, one key in it (empty without
// vectors), so RAG search tasks run on the node that owns that shard. role_names: the
// cluster's roles; a task placed on any other role is an error (it could never run).
std::vector<PipelineConfig> read_pipelines(const ArrayReader& array, const std::vector<std::uint64_t>& shard_keys,
                                           const std::vector<std::string>& role_names);

}  // namespace ringsim
