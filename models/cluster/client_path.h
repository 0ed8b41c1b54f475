// The client path: open-loop arrivals of point operations, and the unary RPC of a get, put
// or delete from the client to its replicas and back (searches are handed to the
// SearchCoordinator at arrival).
//
// A get goes to one replica chosen by the read policy among the nodes that hold the key
// and are believed up; a put or delete goes to every holder and incoming copy and
// completes at write_quorum acks. Each attempt has a timeout; on expiry the client retries
// another replica, up to max_retries. A node that no longer holds the key (its handoff
// completed while the request was in flight) answers "moved" and the client retries at
// once (a redirect, not a timeout). A timeout that can no longer fire usefully (its
// request completed, failed or was redirected) is cancelled. The replica's half (service on its cores, the write
// applied to its index in vector mode) is the StationWork of request jobs.
//
// Events owned: kArrival; kRpcAtNode, kReplyAtClient, kClientTimeout of request tokens
// whose op is not a search. State owned: the request table (shared with the search
// coordinator), the workload and arrivals, the writes on their way to replicas.
#pragma once

#include <cstdint>
#include <map>
#include <utility>

#include "models/cluster/client_requests.h"
#include "models/cluster/cluster_core.h"
#include "models/cluster/node_stations.h"
#include "models/cluster/read_router.h"
#include "workloads/point_workload.h"

namespace ringsim {

// Counters of the client's requests, searches included.
struct ClientCounters {
  CounterId timeouts = 0;
  CounterId retries = 0;
  CounterId redirects = 0;
  CounterId failed_requests = 0;
  CounterId unavailable_requests = 0;
  CounterId lost_key_requests = 0;
  CounterId queue_rejections = 0;
};

class ClientPath final : public StationWork {
 public:
  ClientPath(ClusterCore& core, const ClusterScenario& scenario);

  void start(Simulator& simulator);
  void set_delete_op(OpId op) { delete_op_ = op; }

  void on_arrival(Simulator& simulator);
  // Starts one request of `op` on `key` now (a runbook's operation; with new_id, an insert:
  // the key's value is already stored). Returns false when the client cannot take it.
  bool issue(Simulator& simulator, PointOp op, KeyId key, bool new_id);
  void on_rpc_at_node(Simulator& simulator, std::uint64_t token, std::uint64_t address);
  void on_reply(Simulator& simulator, std::uint64_t token, std::uint64_t reply);
  void on_client_timeout(Simulator& simulator, std::uint64_t token);

  double on_service_start(Simulator& simulator, Node& node, std::uint64_t job) override;
  void on_service_done(Simulator& simulator, Node& node, std::uint64_t job) override;

  // The node's process ended: writes on their way to it or queued there are gone.
  void forget_node_writes(NodeId node);
  // Ends a request that found no node to ask (counted unavailable) or gave up.
  void fail_request(std::uint32_t slot);

  ClientRequests& requests() { return requests_; }
  ReadRouter& router() { return router_; }
  const ClientCounters& counters() const { return counters_; }
  ArrivalProcess& arrivals() { return arrivals_; }
  PointWorkload& workload() { return workload_; }

 private:
  void issue_attempt(Simulator& simulator, std::uint32_t slot);
  void send_rpc(Simulator& simulator, std::uint64_t token, NodeId node);
  void complete_request(Simulator& simulator, std::uint32_t slot);
  void release_waiting(ClientRequest& request);
  NodeId choose_read_replica(KeyId key, const NodeSet& tried);

  ClusterCore& core_;
  PointWorkload workload_;
  ArrivalProcess arrivals_;
  ReadRouter router_;
  Rng service_rng_;
  Rng update_rng_;
  ClientRequests requests_;
  // Upserts and deletes on their way to or queued at a replica: (node, token) -> key. The
  // replica applies the write even after the client's quorum completed the request.
  std::map<std::pair<NodeId, std::uint64_t>, KeyId> pending_writes_;
  bool workload_config_has_runbook_ = false;  // no arrivals: a runbook issues the requests
  OpId get_op_;
  OpId put_op_;
  OpId delete_op_ = 0;
  ClientCounters counters_;
};

}  // namespace ringsim
