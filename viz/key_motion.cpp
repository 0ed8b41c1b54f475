#include "viz/key_motion.h"

#include <algorithm>

namespace ringsim::viz {

void KeyMotion::measure(const ClusterView& model) {
  const ReplicaMap& replicas = model.replicas();
  const std::uint64_t key_count = replicas.key_count();
  streaming_.assign(key_count, 0);
  copies_streaming_ = 0;
  for (const Transfer& transfer : model.migrator().transfers()) {
    if (transfer.state != Transfer::State::kStreaming) continue;
    for (const KeyId key : transfer.keys) {
      // Only copies still incoming: a key whose copy was aborted or already handed off
      // is not moving on this transfer's account.
      if (key >= key_count || !replicas.incoming(key).contains(transfer.target)) continue;
      streaming_[key] = 1;
      copies_streaming_ += 1;
    }
  }
  copies_pending_ = 0;
  keys_copying_ = 0;
  keys_waiting_ = 0;
  for (KeyId key = 0; key < key_count; ++key) {
    const std::size_t incoming = replicas.incoming(key).size();
    if (incoming == 0) continue;
    copies_pending_ += incoming;
    if (streaming_[key] != 0) {
      keys_copying_ += 1;
    } else {
      keys_waiting_ += 1;
    }
  }
  copies_streaming_ = std::min(copies_streaming_, copies_pending_);
}

}  // namespace ringsim::viz
