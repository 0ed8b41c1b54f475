#include "sim/event_queue.h"

#include "sim/assert.h"

namespace ringsim {

namespace {
constexpr std::size_t kArity = 4;
constexpr std::uint64_t kSlotMask = EventQueue::kPendingEventsMax - 1;
}  // namespace

EventId EventQueue::push(TimeNs time_ns, HandlerId handler, EventKind kind, std::uint64_t arg0,
                         std::uint64_t arg1) {
  return push_ranked(time_ns, kOrdinaryRank, handler, kind, arg0, arg1);
}

EventId EventQueue::push_first(TimeNs time_ns, HandlerId handler, EventKind kind, std::uint64_t arg0,
                               std::uint64_t arg1) {
  return push_ranked(time_ns, 0, handler, kind, arg0, arg1);
}

std::uint32_t EventQueue::take_slot() {
  if (free_slots_.empty()) {
    RINGSIM_ASSERT(slab_.size() < kPendingEventsMax);
    slab_.emplace_back();
    return static_cast<std::uint32_t>(slab_.size() - 1);
  }
  const std::uint32_t slot = free_slots_.back();
  free_slots_.pop_back();
  return slot;
}

void EventQueue::heap_push(HeapEntry entry) {
  heap_.emplace_back();
  sift_up(heap_.size() - 1, entry);
}

EventId EventQueue::push_ranked(TimeNs time_ns, std::uint64_t rank, HandlerId handler, EventKind kind,
                                std::uint64_t arg0, std::uint64_t arg1, std::uint8_t lane) {
  RINGSIM_ASSERT(time_ns >= 0);
  RINGSIM_ASSERT(next_seq_ < kSeqMax);
  const std::uint32_t slot = take_slot();
  const std::uint64_t ranked_seq = rank | next_seq_++;
  slab_[slot] = Payload{handler, kind, arg0, arg1, ranked_seq, lane, false};
  live_ += 1;
  const HeapEntry entry{time_ns, (ranked_seq << kSlotBits) | slot};
  if (lane == kNoLane) {
    heap_push(entry);
  } else {
    TimerLane& timers = lanes_[lane];
    if (!timers.head_in_heap) {
      timers.head_in_heap = true;
      heap_push(entry);
    } else {
      // Constant delay, non-decreasing now: the lane stays sorted by (time, seq).
      RINGSIM_ASSERT(timers.waiting.empty() || earlier(timers.waiting.back(), entry));
      timers.waiting.push_back(entry);
    }
  }
  return EventId{time_ns, ranked_seq, slot};
}

std::uint8_t EventQueue::lane_for(TimeNs delay_ns) {
  for (std::size_t lane = 0; lane < lanes_.size(); ++lane) {
    if (lanes_[lane].delay_ns == delay_ns) return static_cast<std::uint8_t>(lane);
  }
  if (lanes_.size() == kTimerLanesMax) return kNoLane;
  lanes_.push_back(TimerLane{delay_ns, false, {}});
  return static_cast<std::uint8_t>(lanes_.size() - 1);
}

EventId EventQueue::push_timer(TimeNs now_ns, TimeNs delay_ns, HandlerId handler, EventKind kind, std::uint64_t arg0,
                               std::uint64_t arg1) {
  const std::uint8_t lane = lane_for(delay_ns);
  // A lane needs its times non-decreasing: an earlier now than its last entry's goes to the heap.
  if (lane != kNoLane && !lanes_[lane].waiting.empty() && lanes_[lane].waiting.back().time_ns > now_ns + delay_ns) {
    return push_ranked(now_ns + delay_ns, kOrdinaryRank, handler, kind, arg0, arg1);
  }
  return push_ranked(now_ns + delay_ns, kOrdinaryRank, handler, kind, arg0, arg1, lane);
}

bool EventQueue::cancel(EventId id) {
  if (id.slot >= slab_.size()) return false;  // Never issued.
  Payload& payload = slab_[id.slot];
  // A fired or discarded event freed its slot; a reused slot holds another sequence number.
  if (payload.ranked_seq != id.seq || payload.cancelled) return false;
  payload.cancelled = true;
  live_ -= 1;
  return true;
}

void EventQueue::sift_up(std::size_t index, HeapEntry entry) {
  while (index > 0) {
    const std::size_t parent = (index - 1) / kArity;
    if (!earlier(entry, heap_[parent])) break;
    heap_[index] = heap_[parent];
    index = parent;
  }
  heap_[index] = entry;
}

void EventQueue::sift_down(std::size_t index, HeapEntry entry) {
  const std::size_t size = heap_.size();
  for (;;) {
    const std::size_t first_child = index * kArity + 1;
    if (first_child >= size) break;
    std::size_t best = first_child;
    const std::size_t last_child = first_child + kArity < size ? first_child + kArity : size;
    for (std::size_t child = first_child + 1; child < last_child; ++child) {
      if (earlier(heap_[child], heap_[best])) best = child;
    }
    if (!earlier(heap_[best], entry)) break;
    heap_[index] = heap_[best];
    index = best;
  }
  heap_[index] = entry;
}

Event EventQueue::remove_top() {
  const HeapEntry top = heap_.front();
  const auto slot = static_cast<std::uint32_t>(top.seq_and_slot & kSlotMask);
  Payload& payload = slab_[slot];
  const Event event{top.time_ns, (top.seq_and_slot >> kSlotBits) & (kSeqMax - 1), payload.handler, payload.kind,
                    payload.arg0, payload.arg1};
  const std::uint8_t lane = payload.lane;
  payload.ranked_seq = kFreeSlot;
  payload.cancelled = false;
  free_slots_.push_back(slot);
  // A lane's next event takes its place in the heap.
  HeapEntry last = heap_.back();
  bool replaced = false;
  if (lane != kNoLane) {
    TimerLane& timers = lanes_[lane];
    if (timers.waiting.empty()) {
      timers.head_in_heap = false;
    } else {
      last = timers.waiting.front();
      timers.waiting.pop_front();
      replaced = true;
    }
  }
  if (!replaced) heap_.pop_back();
  if (!heap_.empty()) {
    sift_down(0, last);
    // The next pop reads this payload; start loading it while the handler runs.
    __builtin_prefetch(&slab_[heap_.front().seq_and_slot & kSlotMask]);
  }
  const Key key = key_of(top);
  RINGSIM_ASSERT(!popped_any_ || (key > last_popped_));
  popped_any_ = true;
  last_popped_ = key;
  return event;
}

void EventQueue::discard_cancelled_top() {
  while (!heap_.empty() && slab_[heap_.front().seq_and_slot & kSlotMask].cancelled) remove_top();
}

std::optional<Event> EventQueue::pop() {
  discard_cancelled_top();
  if (heap_.empty()) return std::nullopt;
  live_ -= 1;
  return remove_top();
}

std::optional<TimeNs> EventQueue::peek_time_ns() {
  discard_cancelled_top();
  if (heap_.empty()) return std::nullopt;
  return heap_.front().time_ns;
}

}  // namespace ringsim
