#include "sim/event_queue.h"

#include "sim/assert.h"

namespace ringsim {

namespace {
constexpr std::size_t kArity = 4;
constexpr std::uint64_t kSlotMask = EventQueue::kPendingEventsMax - 1;
// Marks a free slab slot: no event id carries this seq, so stale ids never match.
constexpr std::uint64_t kFreeSlotSeq = ~std::uint64_t{0};
}  // namespace

std::uint32_t EventQueue::allocate_slot() {
  if (!free_slots_.empty()) {
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  RINGSIM_ASSERT(slab_.size() < kPendingEventsMax);
  slab_.push_back(Payload{});
  return static_cast<std::uint32_t>(slab_.size() - 1);
}

EventId EventQueue::push(TimeNs time_ns, HandlerId handler, EventKind kind, std::uint64_t arg0,
                         std::uint64_t arg1) {
  RINGSIM_ASSERT(time_ns >= 0);
  RINGSIM_ASSERT(next_seq_ < kSeqMax);
  const std::uint64_t seq = next_seq_++;
  const std::uint32_t slot = allocate_slot();
  slab_[slot] = Payload{seq, handler, kind, arg0, arg1, false};
  heap_.push_back(HeapEntry{});
  sift_up(heap_.size() - 1, HeapEntry{time_ns, (seq << kSlotBits) | slot});
  live_count_ += 1;
  return EventId{seq, slot};
}

bool EventQueue::cancel(EventId id) {
  if (id.slot >= slab_.size()) return false;
  Payload& payload = slab_[id.slot];
  if (payload.seq != id.seq || payload.cancelled) return false;
  payload.cancelled = true;
  RINGSIM_ASSERT(live_count_ > 0);
  live_count_ -= 1;
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

void EventQueue::remove_top() {
  const std::uint32_t slot = static_cast<std::uint32_t>(heap_.front().seq_and_slot & kSlotMask);
  slab_[slot].seq = kFreeSlotSeq;
  slab_[slot].cancelled = false;
  free_slots_.push_back(slot);
  const HeapEntry last = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) sift_down(0, last);
}

void EventQueue::discard_cancelled_top() {
  while (!heap_.empty()) {
    const std::uint32_t slot = static_cast<std::uint32_t>(heap_.front().seq_and_slot & kSlotMask);
    if (!slab_[slot].cancelled) return;
    remove_top();
  }
}

std::optional<Event> EventQueue::pop() {
  discard_cancelled_top();
  if (heap_.empty()) return std::nullopt;
  const HeapEntry top = heap_.front();
  const Payload& payload = slab_[top.seq_and_slot & kSlotMask];
  RINGSIM_ASSERT(payload.seq == top.seq_and_slot >> kSlotBits);
  Event event{top.time_ns, payload.seq, payload.handler, payload.kind, payload.arg0, payload.arg1};
  remove_top();
  live_count_ -= 1;
  return event;
}

std::optional<TimeNs> EventQueue::peek_time_ns() {
  discard_cancelled_top();
  if (heap_.empty()) return std::nullopt;
  return heap_.front().time_ns;
}

}  // namespace ringsim
