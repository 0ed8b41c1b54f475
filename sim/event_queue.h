// The pending-event set: a 4-ary min-heap ordered by (time_ns, seq), so events at equal
// virtual time fire in the order they were scheduled. Never ordered by pointer or hash.
//
// Heap entries are 16 bytes (time plus a packed seq|slot word); the rest of each event
// lives in a slab indexed by slot, which also makes cancellation O(1): cancel marks the
// slab entry, and pop discards marked entries lazily.
//
// Limits: at most kPendingEventsMax events pending at once and kSeqMax events scheduled
// over a run; exceeding either is a programming or scenario-size error and aborts with
// a message rather than corrupting order.
//
// Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/event.h"

namespace ringsim {

class EventQueue {
 public:
  static constexpr int kSlotBits = 24;
  static constexpr std::uint64_t kPendingEventsMax = std::uint64_t{1} << kSlotBits;
  static constexpr std::uint64_t kSeqMax = std::uint64_t{1} << (64 - kSlotBits);

  EventId push(TimeNs time_ns, HandlerId handler, EventKind kind, std::uint64_t arg0,
               std::uint64_t arg1);

  // Marks a pending event as cancelled. Returns false when the id is stale (already
  // fired or cancelled).
  bool cancel(EventId id);

  // Removes and returns the earliest live event, or nothing when none is pending.
  std::optional<Event> pop();

  // Time of the earliest live event (discarding cancelled ones at the top).
  std::optional<TimeNs> peek_time_ns();

  // Live (not cancelled) pending events.
  std::uint64_t size() const { return live_count_; }
  bool empty() const { return live_count_ == 0; }

 private:
  struct HeapEntry {
    TimeNs time_ns;
    std::uint64_t seq_and_slot;  // seq << kSlotBits | slot: orders like seq, seq is unique.
  };
  struct Payload {
    std::uint64_t seq;
    HandlerId handler;
    EventKind kind;
    std::uint64_t arg0;
    std::uint64_t arg1;
    bool cancelled;
  };

  static bool earlier(const HeapEntry& a, const HeapEntry& b) {
    return a.time_ns < b.time_ns || (a.time_ns == b.time_ns && a.seq_and_slot < b.seq_and_slot);
  }
  void sift_up(std::size_t index, HeapEntry entry);
  void sift_down(std::size_t index, HeapEntry entry);
  void remove_top();
  void discard_cancelled_top();
  std::uint32_t allocate_slot();

  std::vector<HeapEntry> heap_;
  std::vector<Payload> slab_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_seq_ = 0;
  std::uint64_t live_count_ = 0;
};

}  // namespace ringsim
