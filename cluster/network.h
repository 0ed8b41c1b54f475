// The RPC network between clients and nodes, and between nodes.
//
// A message costs a one-way latency drawn from the configured distribution plus its
// serialisation on the sender's egress link (bytes / bandwidth). Each node's link is a FIFO:
// a message starts when the previous one has left, so large migration chunks delay
// foreground replies by at most one chunk, which is why transfers are streamed in chunks.
// Clients sit outside the cluster with unconstrained links.
//
// Partitions make a set of nodes unreachable from everything outside the set (clients,
// other nodes, the control plane); sending across the cut fails at once and the sender
// relies on its timeout.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "cluster/cluster_config.h"
#include "cluster/node_set.h"
#include "sim/random.h"
#include "sim/time.h"

namespace ringsim {

// The address of a client (or the control plane) in messages: outside every partition.
inline constexpr NodeId kOutsideNode = 0xffff;

class Network {
 public:
  Network(const NetworkConfig& config, double bandwidth_bytes_per_s, Rng rng);

  // Arrival time of a message sent at now_ns, or nothing when the endpoints are cut off
  // from each other. Reserves the sender's link.
  std::optional<TimeNs> send(NodeId from, NodeId to, double bytes, TimeNs now_ns);
  bool reachable(NodeId from, NodeId to) const;

  void set_partition(const NodeSet& isolated) { isolated_ = isolated; }
  const NodeSet& partition() const { return isolated_; }

  double bytes_sent() const { return bytes_sent_; }
  // When the node's egress link finishes sending what is queued on it.
  TimeNs link_busy_until_ns(NodeId node) const { return link_free_at_ns_[node]; }

 private:
  NetworkConfig config_;
  double ns_per_byte_;
  Rng rng_;
  NodeSet isolated_;
  std::vector<TimeNs> link_free_at_ns_;
  double bytes_sent_ = 0;
};

}  // namespace ringsim
