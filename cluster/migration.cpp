#include "cluster/migration.h"

#include <algorithm>
#include <cmath>

#include "sim/assert.h"

namespace ringsim {

Migrator::Migrator(const MigrationConfig& config, Network& network, std::vector<Node>& nodes,
                   const ReplicaMap& replicas, MigrationListener& listener)
    : config_(config), network_(network), nodes_(nodes), replicas_(replicas), listener_(listener),
      senders_(kNodesMax),
      receive_ready_ns_(kNodesMax, 0) {}

void Migrator::attach(Simulator& simulator) { handler_id_ = simulator.add_handler(*this); }

const char* Migrator::event_kind_name(EventKind kind) const {
  return kind == kSenderTick ? "sender_tick" : kind == kChunkArrived ? "chunk_arrived" : "?";
}

TransferId Migrator::start(Simulator& simulator, NodeId source, NodeId target, std::vector<KeyId> keys,
                           ChangeId change) {
  RINGSIM_ASSERT(!keys.empty());
  RINGSIM_ASSERT(source != target);
  Transfer transfer;
  transfer.id = static_cast<TransferId>(transfers_.size());
  transfer.change = change;
  transfer.source = source;
  transfer.target = target;
  transfer.key_count = keys.size();
  for (const KeyId key : keys) transfer.bytes_total += replicas_.key_bytes(key);
  transfer.keys = std::move(keys);
  transfer.started_ns = simulator.now_ns();
  transfers_.push_back(std::move(transfer));
  streaming_count_ += 1;
  senders_[source].active.push_back(transfers_.back().id);
  wake_sender(simulator, source);
  return transfers_.back().id;
}

void Migrator::wake_sender(Simulator& simulator, NodeId source) {
  Sender& sender = senders_[source];
  if (sender.tick_scheduled || sender.active.empty()) return;
  const TimeNs at_ns = std::max(simulator.now_ns(), sender.next_send_ns);
  simulator.schedule_at(at_ns, handler_id_, kSenderTick, source);
  sender.tick_scheduled = true;
}

void Migrator::on_sender_tick(Simulator& simulator, NodeId source) {
  Sender& sender = senders_[source];
  sender.tick_scheduled = false;
  const TimeNs now_ns = simulator.now_ns();
  // The next transfer, round-robin, with no chunk on the wire and a target that may
  // receive now (targets are paced like sources, so a joining node is not flooded).
  Transfer* chosen = nullptr;
  TimeNs earliest_target_ns = kTimeNsMax;
  for (std::size_t tried = 0; tried < sender.active.size(); ++tried) {
    const std::size_t index = (sender.round_robin + tried) % sender.active.size();
    Transfer& candidate = transfers_[sender.active[index]];
    if (candidate.chunk_on_wire()) continue;
    const TimeNs target_ready_ns = receive_ready_ns_[candidate.target];
    if (target_ready_ns > now_ns) {
      earliest_target_ns = std::min(earliest_target_ns, target_ready_ns);
      continue;
    }
    chosen = &candidate;
    sender.round_robin = index + 1;
    break;
  }
  if (chosen == nullptr) {
    // Every ready transfer waits for its target; a chunk arrival also wakes the sender.
    if (earliest_target_ns != kTimeNsMax) {
      simulator.schedule_at(earliest_target_ns, handler_id_, kSenderTick, source);
      sender.tick_scheduled = true;
    }
    return;
  }
  Transfer& transfer = *chosen;
  double chunk_bytes = 0;
  std::size_t end = transfer.next_key;
  while (end < transfer.keys.size() &&
         (end == transfer.next_key || chunk_bytes + replicas_.key_bytes(transfer.keys[end]) <= config_.chunk_bytes)) {
    chunk_bytes += replicas_.key_bytes(transfer.keys[end]);
    end += 1;
  }
  transfer.chunk_end_key = end;
  transfer.chunk_bytes = chunk_bytes;
  const std::optional<TimeNs> arrival_ns = network_.send(transfer.source, transfer.target, chunk_bytes, now_ns);
  bytes_sent_ += chunk_bytes;
  bytes_in_flight_ += chunk_bytes;
  nodes_[transfer.source].bytes_sent += chunk_bytes;
  // A chunk sent into a partition is lost in the network: it is dropped and resent until
  // the failure detector aborts the transfer or the partition heals.
  const TimeNs deliver_ns = arrival_ns ? *arrival_ns : now_ns;
  const std::uint64_t incarnations =
      (std::uint64_t{nodes_[transfer.source].incarnation} << 32) | nodes_[transfer.target].incarnation;
  simulator.schedule_at(deliver_ns, handler_id_, kChunkArrived, transfer.id,
                        arrival_ns ? incarnations : ~std::uint64_t{0});
  // Pace the throttled ends (stream_throttle; both by default): the next chunk may leave
  // (or arrive) once this one's share of the rebalance bandwidth has passed.
  const auto pace_ns = static_cast<TimeNs>(
      std::llround(chunk_bytes / config_.rebalance_bandwidth_bytes_per_s * static_cast<double>(kNsPerS)));
  using Throttle = MigrationConfig::StreamThrottle;
  sender.next_send_ns = config_.stream_throttle == Throttle::kInbound ? now_ns : now_ns + pace_ns;
  if (config_.stream_throttle != Throttle::kOutbound) receive_ready_ns_[transfer.target] = now_ns + pace_ns;
  wake_sender(simulator, source);
}

void Migrator::on_chunk_arrived(Simulator& simulator, TransferId id, std::uint64_t incarnations) {
  Transfer& transfer = transfers_[id];
  bytes_in_flight_ -= transfer.chunk_bytes;
  const bool lost_in_network = incarnations == ~std::uint64_t{0};
  const bool endpoints_restarted =
      incarnations != ((std::uint64_t{nodes_[transfer.source].incarnation} << 32) | nodes_[transfer.target].incarnation);
  if (transfer.state != Transfer::State::kStreaming || lost_in_network || endpoints_restarted ||
      !nodes_[transfer.target].running()) {
    bytes_dropped_ += transfer.chunk_bytes;
    if (transfer.state == Transfer::State::kStreaming) {
      transfer.chunk_end_key = transfer.next_key;  // Resend this chunk.
      wake_sender(simulator, transfer.source);
    }
    return;
  }
  bytes_received_ += transfer.chunk_bytes;
  nodes_[transfer.target].bytes_received += transfer.chunk_bytes;
  transfer.bytes_delivered += transfer.chunk_bytes;
  listener_.on_chunk_delivered(simulator, transfer, transfer.next_key, transfer.chunk_end_key);
  transfer.next_key = transfer.chunk_end_key;
  if (transfer.next_key == transfer.keys.size()) {
    finish(transfer, Transfer::State::kDone, simulator.now_ns());
    listener_.on_transfer_done(simulator, transfer);
    transfer.keys.clear();
    transfer.keys.shrink_to_fit();
  }
  wake_sender(simulator, transfer.source);
}

void Migrator::finish(Transfer& transfer, Transfer::State state, TimeNs now_ns) {
  RINGSIM_ASSERT(transfer.state == Transfer::State::kStreaming);
  transfer.state = state;
  transfer.ended_ns = now_ns;
  streaming_count_ -= 1;
  std::vector<TransferId>& active = senders_[transfer.source].active;
  active.erase(std::find(active.begin(), active.end(), transfer.id));
  if (state == Transfer::State::kAborted) {
    transfer.keys.clear();
    transfer.keys.shrink_to_fit();
  }
}

std::vector<Transfer> Migrator::abort_involving(NodeId node, TimeNs now_ns) {
  std::vector<Transfer> aborted;
  for (Transfer& transfer : transfers_) {
    if (transfer.state != Transfer::State::kStreaming) continue;
    if (transfer.source != node && transfer.target != node) continue;
    aborted.push_back(transfer);  // With its keys, so the caller can release them.
    finish(transfer, Transfer::State::kAborted, now_ns);
  }
  return aborted;
}

bool Migrator::has_outgoing(NodeId node) const { return !senders_[node].active.empty(); }

double Migrator::bytes_remaining() const {
  double remaining = 0;
  for (const Transfer& transfer : transfers_) {
    if (transfer.state == Transfer::State::kStreaming) remaining += transfer.bytes_total - transfer.bytes_delivered;
  }
  return remaining;
}

void Migrator::handle_event(Simulator& simulator, const Event& event) {
  if (event.kind == kSenderTick) {
    on_sender_tick(simulator, static_cast<NodeId>(event.arg0));
    return;
  }
  RINGSIM_ASSERT(event.kind == kChunkArrived);
  on_chunk_arrived(simulator, static_cast<TransferId>(event.arg0), event.arg1);
}

}  // namespace ringsim
