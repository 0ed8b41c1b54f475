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

EventId EventQueue::push_ranked(TimeNs time_ns, std::uint64_t rank, HandlerId handler, EventKind kind,
                                std::uint64_t arg0, std::uint64_t arg1) {
  RINGSIM_ASSERT(time_ns >= 0);
  RINGSIM_ASSERT(next_seq_ < kSeqMax);
  std::uint32_t slot;
  if (free_slots_.empty()) {
    RINGSIM_ASSERT(slab_.size() < kPendingEventsMax);
    slot = static_cast<std::uint32_t>(slab_.size());
    slab_.emplace_back();
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  slab_[slot] = Payload{handler, kind, arg0, arg1};
  const std::uint64_t ranked_seq = rank | next_seq_++;
  heap_.emplace_back();
  sift_up(heap_.size() - 1, HeapEntry{time_ns, (ranked_seq << kSlotBits) | slot});
  return EventId{time_ns, ranked_seq};
}

bool EventQueue::cancel(EventId id) {
  const Key key{id.time_ns, id.seq};
  if ((id.seq & (kSeqMax - 1)) >= next_seq_) return false;  // Never issued.
  if (popped_any_ && key <= last_popped_) return false;  // Already left the queue.
  return cancelled_.insert(key).second;                  // False when cancelled before.
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
  const Payload& payload = slab_[slot];
  const Event event{top.time_ns, (top.seq_and_slot >> kSlotBits) & (kSeqMax - 1), payload.handler, payload.kind,
                    payload.arg0, payload.arg1};
  free_slots_.push_back(slot);
  const HeapEntry last = heap_.back();
  heap_.pop_back();
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
  while (!cancelled_.empty()) {
    // Every cancelled key is still in the heap, so the smallest is never before the top.
    if (*cancelled_.begin() != key_of(heap_.front())) return;
    cancelled_.erase(cancelled_.begin());
    remove_top();
  }
}

std::optional<Event> EventQueue::pop() {
  discard_cancelled_top();
  if (heap_.empty()) return std::nullopt;
  return remove_top();
}

std::optional<TimeNs> EventQueue::peek_time_ns() {
  discard_cancelled_top();
  if (heap_.empty()) return std::nullopt;
  return heap_.front().time_ns;
}

}  // namespace ringsim
