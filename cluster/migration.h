// Streams key ranges between nodes after ownership changes.
//
// A transfer copies a list of keys from one source node to one target node in chunks of at
// most chunk_bytes (whole keys; a single larger key is one chunk). Each transfer has one
// chunk on the wire at a time. Each node paces all its outgoing transfers together, and
// all its incoming ones together, to rebalance_bandwidth_bytes_per_s (round-robin by
// transfer id), so migration shares the node's link with foreground traffic instead of
// monopolising it, and a joining node fills at the rebalance rate. stream_throttle
// "outbound" paces senders only (Cassandra's stream_throughput_outbound), "inbound"
// receivers only. The keys
// become readable on the target when the whole transfer has arrived (the range's
// handoff); the listener then switches ownership and drops source copies.
//
// Accounting invariant: bytes_sent == bytes_received + bytes_dropped + bytes_in_flight.
#pragma once

#include <cstdint>
#include <vector>

#include "cluster/cluster_config.h"
#include "cluster/network.h"
#include "cluster/node.h"
#include "cluster/replica_map.h"
#include "sim/event.h"
#include "sim/simulator.h"

namespace ringsim {

using TransferId = std::uint32_t;
using ChangeId = std::uint32_t;

struct Transfer {
  enum class State : std::uint8_t { kStreaming, kDone, kAborted };
  TransferId id = 0;
  ChangeId change = 0;
  NodeId source = 0;
  NodeId target = 0;
  State state = State::kStreaming;
  std::vector<KeyId> keys;  // Released when the transfer ends.
  std::uint64_t key_count = 0;
  double bytes_total = 0;
  double bytes_delivered = 0;
  std::size_t next_key = 0;        // First key of the next chunk.
  std::size_t chunk_end_key = 0;   // End of the chunk on the wire (== next_key when none).
  double chunk_bytes = 0;
  TimeNs started_ns = 0;
  TimeNs ended_ns = 0;

  bool chunk_on_wire() const { return chunk_end_key != next_key; }
};

class MigrationListener {
 public:
  virtual ~MigrationListener() = default;
  // A chunk (keys [first, end) of the transfer) reached a running target. The keys are
  // not readable there until the whole transfer is done; an index may ingest them now.
  virtual void on_chunk_delivered(Simulator& simulator, const Transfer& transfer, std::size_t first,
                                  std::size_t end) {
    (void)simulator, (void)transfer, (void)first, (void)end;
  }
  // The last chunk arrived: the target now holds a full copy of every key of the transfer.
  virtual void on_transfer_done(Simulator& simulator, const Transfer& transfer) = 0;
};

class Migrator final : public EventHandler {
 public:
  Migrator(const MigrationConfig& config, Network& network, std::vector<Node>& nodes,
           const ReplicaMap& replicas, MigrationListener& listener);

  void attach(Simulator& simulator);
  TransferId start(Simulator& simulator, NodeId source, NodeId target, std::vector<KeyId> keys,
                   ChangeId change);
  // Aborts every streaming transfer from or to `node` (it crashed or was declared dead).
  // Returns copies of the aborted transfers, keys included.
  std::vector<Transfer> abort_involving(NodeId node, TimeNs now_ns);

  const std::vector<Transfer>& transfers() const { return transfers_; }
  bool has_outgoing(NodeId node) const;
  std::uint64_t streaming_count() const { return streaming_count_; }
  double bytes_remaining() const;
  double bytes_sent() const { return bytes_sent_; }
  double bytes_received() const { return bytes_received_; }
  double bytes_dropped() const { return bytes_dropped_; }
  double bytes_in_flight() const { return bytes_in_flight_; }

  void handle_event(Simulator& simulator, const Event& event) override;
  const char* handler_name() const override { return "migration"; }
  const char* event_kind_name(EventKind kind) const override;

 private:
  enum Kind : EventKind { kSenderTick = 0, kChunkArrived = 1 };
  struct Sender {
    std::vector<TransferId> active;  // Streaming transfers from this node, by id.
    std::size_t round_robin = 0;
    TimeNs next_send_ns = 0;
    bool tick_scheduled = false;
  };

  void wake_sender(Simulator& simulator, NodeId source);
  void on_sender_tick(Simulator& simulator, NodeId source);
  void on_chunk_arrived(Simulator& simulator, TransferId id, std::uint64_t incarnations);
  void finish(Transfer& transfer, Transfer::State state, TimeNs now_ns);

  MigrationConfig config_;
  Network& network_;
  std::vector<Node>& nodes_;
  const ReplicaMap& replicas_;
  MigrationListener& listener_;
  HandlerId handler_id_ = 0;
  std::vector<Transfer> transfers_;
  std::vector<Sender> senders_;
  std::vector<TimeNs> receive_ready_ns_;  // Per target: when it may take the next chunk.
  std::uint64_t streaming_count_ = 0;
  double bytes_sent_ = 0;
  double bytes_received_ = 0;
  double bytes_dropped_ = 0;
  double bytes_in_flight_ = 0;
};

}  // namespace ringsim
