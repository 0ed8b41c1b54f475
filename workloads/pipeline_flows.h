// Built-in flows as DagSpec factories: an ingest (ETL) batch, a RAG query and the migration
// of one key range. Every cost is an explicit parameter (counted work: units x ns per unit,
// so a report can say what the time was spent on); the defaults are order-of-magnitude
// figures, documented beside each field and in docs/dag.md. Where a task runs is a
// parameter too: per-shard tasks take one TaskPlacement per shard (the caller knows which
// node owns which shard), the rest default to `any`.
//
// Every factory validates through DagSpec::build and throws DagError on bad parameters
// (no shards, negative or non-finite costs, too many shards for kDagTasksMax).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/dag/dag.h"

namespace ringsim {

// Applied to every task of a flow.
struct FlowTaskOptions {
  RetryPolicy retry;  // Default: no retries.
  TimeNs timeout_ns = 0;
  double fail_probability = 0;
};

// extract -> chunk -> embed -> route -> upsert_i -> replicate_i (i = 0..shards-1).
// The batch's chunks are spread evenly over the shards (route by placement).
struct IngestFlowParams {
  std::string name = "ingest";
  std::vector<TaskPlacement> shards;  // One upsert and one replicate task per entry.
  double items = 256;                 // Documents in the batch.
  double chunks_per_item = 4;         // Chunks (= vectors) per document.
  double extract_ns_per_item = 20e3;        // Read and parse one document: 20 us.
  double chunk_ns_per_item = 50e3;          // Split one document into chunks: 50 us.
  double embed_ns_per_chunk = 500e3;        // Embedding model, batched: 0.5 ms per chunk.
  double route_ns_per_chunk = 1e3;          // Placement lookup: 1 us per vector.
  double upsert_ns_per_vector = 130e3;      // HNSW insert (133 us measured, PLATFORM-NOTES).
  double replicate_ns_per_vector = 20e3;    // Ship one vector to one follower: 20 us.
  double follower_replicas = 2;             // Copies each shard ships (replication factor - 1).
  TaskPlacement embed_runs_on;              // E.g. TaskPlacement::on_role("embedder").
  FlowTaskOptions options;
};

// embed_query -> search_i (i = 0..shards-1) -> merge -> rerank -> generate.
struct RagFlowParams {
  std::string name = "rag";
  std::vector<TaskPlacement> shards;  // One search task per entry.
  double query_tokens = 32;
  double embed_ns_per_token = 50e3;  // Query embedding: 50 us per token (1.6 ms for 32).
  // One shard's top-k search. Default: 2,000 distance computations at 50 ns (HNSW at
  // ef ~ 64 on ~100k vectors is about 0.1 ms); pass the index's counted work or a
  // distribution instead.
  TaskCost shard_search = TaskCost::work({{"distance_computations", 2000, 50}});
  double shard_top_k = 10;               // Candidates each shard returns.
  double merge_ns_per_candidate = 1e3;   // Merge shards x shard_top_k candidates: 1 us each.
  double rerank_candidates = 20;         // Best merged candidates the reranker scores.
  double rerank_ns_per_candidate = 500e3;  // Cross-encoder: 0.5 ms per candidate.
  // The LLM step: prompt_tokens x prefill + output_tokens x decode.
  double prompt_tokens = 2000;
  double prefill_ns_per_token = 100e3;  // 10k tokens/s prefill: 0.2 s for 2,000 tokens.
  double output_tokens = 200;
  double decode_ns_per_token = 20e6;    // 50 tokens/s decode: 4 s for 200 tokens.
  TaskPlacement embed_runs_on;
  TaskPlacement rerank_runs_on;
  TaskPlacement llm_runs_on;  // E.g. TaskPlacement::on_role("llm").
  FlowTaskOptions options;
};

// snapshot -> stream -> apply -> verify -> switch_ownership -> drop_source.
// Snapshot, stream and drop run on the source, apply and verify on the target, the
// ownership switch on the coordinator. Streaming is modelled as time on the sender.
struct MigrationFlowParams {
  std::string name = "migration";
  TaskPlacement source;
  TaskPlacement target;
  TaskPlacement coordinator;
  double keys = 10'000;                 // Keys in the range.
  double range_bytes = 10'000 * 4096.0;  // Their total size.
  double snapshot_ns_per_byte = 0.1;    // Consistent copy of the range: 10 GB/s.
  double stream_ns_per_byte = 8;        // 1 Gbit/s of rebalance bandwidth.
  double apply_ns_per_key = 130e3;      // Insert into the target's index (HNSW insert).
  double verify_ns_per_key = 1e3;       // Compare checksums: 1 us per key.
  double switch_ns = 5e6;               // Commit the new owner (a consensus round): 5 ms.
  double drop_ns_per_key = 1e3;         // Delete from the source: 1 us per key.
  FlowTaskOptions options;
};

DagSpec make_ingest_flow(const IngestFlowParams& params);
DagSpec make_rag_flow(const RagFlowParams& params);
DagSpec make_migration_flow(const MigrationFlowParams& params);

}  // namespace ringsim
