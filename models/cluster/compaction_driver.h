// Compaction of HNSW shards with many tombstones, as a DAG on the node's own cores.
//
// Deletes only mark entries (index/shard.h): searches keep walking them and their memory
// stays allocated. When a shard index's share of deleted entries reaches
// `index.compaction.tombstone_ratio`, its node rebuilds it without them, as one DAG run
//
//   snapshot (copy the live entries) -> rebuild (insert them into a fresh index: the
//   counted hnswlib work) -> swap (replay the writes that arrived meanwhile, switch)
//
// every task on that node, in its system lane (so searches queue behind it: the latency
// effect). The fresh index is real and built at submit time, so its cost is the exact
// counted work; it counts toward the node's index memory from the moment the rebuild task
// takes a core (both indexes are held until the swap: the memory peak), and the old one is
// freed at the swap. A crash, or the node giving the shard up, abandons the compaction.
//
// Events owned: none (the executor is its own handler, "compaction_dag"). Station jobs
// owned: DAG jobs with owner kCompaction. State owned: the open compactions.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "index/shard.h"
#include "models/cluster/cluster_core.h"
#include "sim/dag/dag_executor.h"

namespace ringsim {

struct CompactionConfig {
  double tombstone_ratio = 0;  // 0: never compact
  double snapshot_ns_per_vector = 50;
  TimeNs swap_ns = 20 * kNsPerUs;
};

class CompactionDriver final : public TaskResources, public AttemptListener, public DagRunListener {
 public:
  CompactionDriver(ClusterCore& core, const CompactionConfig& config);
  ~CompactionDriver() override;

  // Starts compacting the node's index of `shard` when its tombstone ratio reached the
  // trigger and no compaction of it is open.
  void consider(Simulator& simulator, NodeId node, std::uint32_t shard, const Shard& index);
  // A write reached the index while it is compacted: the swap replays it.
  void note_write(NodeId node, std::uint32_t shard, KeyId key);
  // The index is gone (handed off, or the node's process ended): abandon its compaction.
  void forget(NodeId node, std::uint32_t shard);
  void forget_node(NodeId node);
  // Bytes of fresh indexes whose rebuild has started (held beside the old ones).
  std::uint64_t pending_memory_bytes(NodeId node) const;
  std::uint64_t compactions_done() const { return compactions_done_; }

  // TaskResources.
  std::optional<WorkerId> worker_for(const DagTask& task) override;
  void submit(Simulator& simulator, WorkerId worker, AttemptRef attempt, TimeNs service_ns,
              AttemptListener& executor) override;
  void abandon(Simulator& simulator, WorkerId worker, AttemptRef attempt) override;
  // AttemptListener (from the node's station).
  void on_attempt_started(Simulator& simulator, AttemptRef attempt) override;
  void on_attempt_ended(Simulator& simulator, AttemptRef attempt, AttemptEnd end) override;
  // DagRunListener.
  void on_dag_run_finished(Simulator& simulator, const DagRun& run) override;

 private:
  struct Job {
    NodeId node = 0;
    std::uint32_t shard = 0;
    std::unique_ptr<Shard> fresh;
    std::vector<KeyId> writes;  // keys written while compacting, replayed at the swap
    bool rebuilding = false;    // the rebuild took a core: the fresh index holds memory
    bool closed = false;        // swapped or abandoned
    AttemptListener* executor = nullptr;
  };
  const std::string& task_kind(AttemptRef attempt) const;
  void swap(Job& job);

  ClusterCore& core_;
  CompactionConfig config_;
  std::unique_ptr<DagExecutor> dags_;
  bool attached_ = false;
  std::vector<Job> jobs_;                                        // by DAG run id
  std::map<std::pair<NodeId, std::uint32_t>, DagRunId> open_;  // (node, shard) -> run
  std::optional<DagRunId> latest_finished_;
  std::uint64_t compactions_done_ = 0;
  CounterId compactions_counter_ = 0;
};

}  // namespace ringsim
