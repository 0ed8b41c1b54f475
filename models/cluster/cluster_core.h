// What every part of the cluster model shares: the configuration, the nodes, who the
// cluster believes up and who is alive, the placement, the replica map, the network, the
// event kinds (one handler, ClusterModel, receives them all and hands each to the part
// that owns it) and the wiring between the parts (ClusterParts).
//
// Ownership: ClusterModel owns one ClusterCore and every part; a part keeps a reference
// to the core and reaches the others through core.parts (set before start()). Each part
// changes only its own state, plus the shared facts its header says it changes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "cluster/cluster_config.h"
#include "cluster/network.h"
#include "cluster/node.h"
#include "cluster/node_set.h"
#include "cluster/placement/placement.h"
#include "cluster/replica_map.h"
#include "cluster/undetected_losses.h"
#include "models/cluster/cluster_scenario.h"
#include "sim/metrics.h"
#include "sim/profile.h"
#include "sim/simulator.h"

namespace ringsim {

// The model's event kinds, with their owners. The numbers are part of the trace hash.
enum ClusterEvent : EventKind {
  kArrival,              // ClientPath
  kRpcAtNode,            // ClientPath (requests) or SearchCoordinator (shard calls)
  kServiceDone,          // NodeStations, for the job's owner
  kReplyAtClient,        // ClientPath (get/put/delete) or SearchCoordinator (search)
  kClientTimeout,        // ClientPath (get/put/delete) or SearchCoordinator (search)
  kHeartbeat,            // Membership
  kDetectorCheck,        // Membership
  kTimelineAction,       // TimelineDriver
  kActionEnd,            // TimelineDriver
  kNodeBooted,           // Membership
  kJoinBatch,            // Membership
  kSearchAtCoordinator,  // SearchCoordinator
  kShardReply,           // SearchCoordinator
  kShardTimeout,         // SearchCoordinator
  kShardHedge,           // SearchCoordinator
  kPipelineArrival,      // PipelineRunner
  kPipelineOneOff,       // PipelineRunner
  kAutoscalerEvaluate,   // AutoscaleLoop
  kClientRetry,          // ClientPath: a backed-off retry goes out
  kHotKeysWindow,        // ClientPath: hot-key window closes (HotKeyReplicas)
  kClientHedge,          // ClientPath: a get's next hedged copy is due (hedging_policy)
  kClusterEventCount,
};
const char* cluster_event_name(EventKind kind);

class ClientPath;
class SearchCoordinator;
class ShardStore;
class Membership;
class ChangePlanner;
class MigrationDriver;
class DagStationJobs;
class PipelineRunner;
class AutoscaleLoop;
class NodeStations;

struct ClusterParts {
  ClientPath* client = nullptr;
  SearchCoordinator* search = nullptr;  // vector mode only
  ShardStore* shards = nullptr;
  Membership* membership = nullptr;
  ChangePlanner* planner = nullptr;
  MigrationDriver* migration = nullptr;
  DagStationJobs* dag_jobs = nullptr;
  PipelineRunner* pipelines = nullptr;  // with pipelines only
  AutoscaleLoop* autoscale = nullptr;   // with an autoscaler only
  NodeStations* stations = nullptr;
};

struct ClusterCore {
  ClusterCore(const ClusterScenario& scenario, std::uint64_t seed, Metrics& metrics);

  EventId schedule_at(TimeNs time_ns, ClusterEvent kind, std::uint64_t arg0 = 0, std::uint64_t arg1 = 0) {
    return simulator->schedule_at(time_ns, handler, kind, arg0, arg1);
  }
  EventId schedule_after(TimeNs delay_ns, ClusterEvent kind, std::uint64_t arg0 = 0, std::uint64_t arg1 = 0) {
    return simulator->schedule_after(delay_ns, handler, kind, arg0, arg1);
  }
  // A timeout or hedge timer of a configured constant delay (Simulator::schedule_timer).
  EventId schedule_timer(TimeNs delay_ns, ClusterEvent kind, std::uint64_t arg0 = 0, std::uint64_t arg1 = 0) {
    return simulator->schedule_timer(delay_ns, handler, kind, arg0, arg1);
  }
  std::uint32_t members() const { return static_cast<std::uint32_t>(placement->members().size()); }

  ClusterConfig config;
  Metrics& metrics;
  std::uint64_t seed;
  std::optional<VectorIndexConfig> vectors;  // Vector mode.
  // Centroid partitioning (data.partitioning): shard s's centroid is row s (shards x dim);
  // empty otherwise. Declared before `replicas`, whose key -> shard table fills it.
  std::vector<float> shard_centroids;
  Simulator* simulator = nullptr;            // Set by start().
  WallProfiler* profiler = nullptr;          // Wall-time breakdown only (sim/profile.h).
  HandlerId handler = 0;
  ClusterParts parts;

  std::vector<Node> nodes;
  NodeSet believed_up;  // Nodes the cluster routes to: not declared dead, not left.
  NodeSet alive;        // Nodes whose process runs and whose data exists.
  std::unique_ptr<Placement> placement;
  ReplicaMap replicas;
  // What a crash destroyed that the cluster has not detected yet: routing still uses it.
  UndetectedLosses undetected;
  Network network;
};

}  // namespace ringsim
