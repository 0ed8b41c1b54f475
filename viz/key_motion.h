// How far each key a membership change moves has got, for the ring and its caption.
//
// ReplicaMap::incoming marks a key's new holders from the moment the change is planned,
// but with migrations as DAGs (the default: snapshot -> stream -> apply -> verify ->
// switch_ownership) a range first waits for its snapshot, and after its stream it still
// applies and switches before the handoff. Drawing every incoming key as "being copied"
// framed most of node_join's dots at the join while the caption, counting streaming
// transfers, said 0.0 % moving. So the views tell the two apart:
//   - copying: a streaming transfer (Migrator, state kStreaming) carries a copy of it now;
//   - waiting: it has an incoming copy that no transfer is streaming (its range waits for
//     its snapshot or a sender, or has streamed and is applying / switching ownership).
// Counts are of copies (key, new holder) as the caption's percentages are, and of keys as
// the ring's dots and band are. No SFML or ImGui (tested in tests/gui_test.cpp).
#pragma once

#include <cstdint>
#include <vector>

#include "models/cluster/cluster_view.h"

namespace ringsim::viz {

enum class KeyMove : std::uint8_t { kStill, kWaiting, kCopying };

class KeyMotion {
 public:
  // Reads the run now: O(keys + keys of streaming transfers). Reuses its storage.
  void measure(const ClusterView& model);

  KeyMove move_of(const ReplicaMap& replicas, KeyId key) const {
    if (replicas.incoming(key).empty()) return KeyMove::kStill;
    return key < streaming_.size() && streaming_[key] != 0 ? KeyMove::kCopying : KeyMove::kWaiting;
  }
  // Copies (key, new holder) not yet handed off, and those a streaming transfer carries.
  std::uint64_t copies_pending() const { return copies_pending_; }
  std::uint64_t copies_streaming() const { return copies_streaming_; }
  std::uint64_t copies_waiting() const { return copies_pending_ - copies_streaming_; }
  // Keys with a copy streaming, and keys with incoming copies none of which streams.
  std::uint64_t keys_copying() const { return keys_copying_; }
  std::uint64_t keys_waiting() const { return keys_waiting_; }

 private:
  std::vector<std::uint8_t> streaming_;  // per key: 1 when a streaming transfer carries it
  std::uint64_t copies_pending_ = 0;
  std::uint64_t copies_streaming_ = 0;
  std::uint64_t keys_copying_ = 0;
  std::uint64_t keys_waiting_ = 0;
};

}  // namespace ringsim::viz
