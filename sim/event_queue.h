// The pending-event set: a 4-ary min-heap ordered by (time_ns, rank, seq), so events at
// equal virtual time and rank fire in the order they were scheduled. Never ordered by
// pointer or hash. Rank is "first" (push_first: fires before every ordinary event at the
// same instant, whenever either was scheduled) or ordinary (push); the run's measurement
// windows use it to read the state at the end of a window before anything at that instant
// happens (docs/outputs.md, "Time series").
//
// Heap entries are 16 bytes (time plus a packed seq|slot word, which orders like seq since
// seq is unique); handler, kind and arguments live in a slab indexed by slot, reused
// last-in-first-out so a push usually lands in the slot the previous pop just read.
// Cancellation is lazy: a cancelled event's slot is flagged, and the event is discarded
// when it reaches the top. An id names its slot and sequence number, so an id whose event
// fired, was discarded or whose slot was reused is known to be stale.
//
// Timer lanes (push_timer): events scheduled "now + d" for one constant delay d (a client
// timeout) arrive in (time, seq) order, so each delay gets a FIFO and only its head sits in
// the heap. Thousands of pending timeouts, most of them cancelled before they fire, then
// cost O(1) each instead of a heap's log n, and the heap holds the live events. The order
// events fire in is exactly the one push would give (same (time, rank, seq) keys): a lane
// changes the cost, never the run. At most kTimerLanesMax delays get a lane; others go to
// the heap.
//
// Limits: at most kPendingEventsMax events pending at once and kSeqMax scheduled over a
// run; exceeding either aborts with a message rather than corrupting the order.
//
// Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <deque>
#include <utility>
#include <vector>

#include "sim/event.h"

namespace ringsim {

class EventQueue {
 public:
  static constexpr int kSlotBits = 26;
  static constexpr std::uint64_t kPendingEventsMax = std::uint64_t{1} << kSlotBits;
  // One bit of the heap word holds the rank, the rest the sequence number.
  static constexpr int kSeqBits = 64 - kSlotBits - 1;
  static constexpr std::uint64_t kSeqMax = std::uint64_t{1} << kSeqBits;

  EventId push(TimeNs time_ns, HandlerId handler, EventKind kind, std::uint64_t arg0,
               std::uint64_t arg1);
  // Like push, but the event fires before every ordinary event at time_ns (ties among
  // "first" events: insertion order).
  EventId push_first(TimeNs time_ns, HandlerId handler, EventKind kind, std::uint64_t arg0,
                     std::uint64_t arg1);

  // Like push at now_ns + delay_ns, for a delay the caller schedules again and again (see
  // above); now_ns must not decrease between calls with the same delay.
  EventId push_timer(TimeNs now_ns, TimeNs delay_ns, HandlerId handler, EventKind kind, std::uint64_t arg0,
                     std::uint64_t arg1);
  static constexpr std::size_t kTimerLanesMax = 16;

  // Marks a pending event as cancelled. Returns false when the id is stale (already
  // fired or cancelled).
  bool cancel(EventId id);

  // Removes and returns the earliest live event, or nothing when none is pending.
  std::optional<Event> pop();

  // Time of the earliest live event (discarding cancelled ones at the top).
  std::optional<TimeNs> peek_time_ns();

  // Live (not cancelled) pending events.
  std::uint64_t size() const { return live_; }
  bool empty() const { return size() == 0; }

 private:
  using Key = std::pair<TimeNs, std::uint64_t>;  // (time_ns, rank << kSeqBits | seq)
  static constexpr std::uint64_t kOrdinaryRank = kSeqMax;  // The rank bit, set for push.

  EventId push_ranked(TimeNs time_ns, std::uint64_t rank, HandlerId handler, EventKind kind,
                      std::uint64_t arg0, std::uint64_t arg1, std::uint8_t lane = kNoLane);
  std::uint32_t take_slot();
  std::uint8_t lane_for(TimeNs delay_ns);

  struct HeapEntry {
    TimeNs time_ns;
    std::uint64_t seq_and_slot;  // (rank << kSeqBits | seq) << kSlotBits | slot
  };
  static constexpr std::uint64_t kFreeSlot = ~std::uint64_t{0};  // Payload::ranked_seq of a free slot
  static constexpr std::uint8_t kNoLane = 0xff;
  struct Payload {
    HandlerId handler;
    EventKind kind;
    std::uint64_t arg0;
    std::uint64_t arg1;
    std::uint64_t ranked_seq;  // kFreeSlot while the slot is free
    std::uint8_t lane;         // kNoLane: pushed to the heap directly
    bool cancelled;
  };
  struct TimerLane {
    TimeNs delay_ns;
    bool head_in_heap = false;       // the lane's earliest event is in the heap
    std::deque<HeapEntry> waiting;   // the rest, in (time, seq) order
  };

  static bool earlier(const HeapEntry& a, const HeapEntry& b) {
    return a.time_ns < b.time_ns || (a.time_ns == b.time_ns && a.seq_and_slot < b.seq_and_slot);
  }
  static Key key_of(const HeapEntry& entry) { return Key{entry.time_ns, entry.seq_and_slot >> kSlotBits}; }
  void heap_push(HeapEntry entry);
  void sift_up(std::size_t index, HeapEntry entry);
  void sift_down(std::size_t index, HeapEntry entry);
  Event remove_top();
  void discard_cancelled_top();

  std::vector<HeapEntry> heap_;
  std::vector<Payload> slab_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<TimerLane> lanes_;
  std::uint64_t live_ = 0;
  std::uint64_t next_seq_ = 0;
  bool popped_any_ = false;
  Key last_popped_{0, 0};
};

}  // namespace ringsim
