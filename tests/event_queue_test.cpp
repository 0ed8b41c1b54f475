// The engine's ordering and cancellation contract, checked against a reference model
// (a sorted list of (time, seq)), plus assertions that refuse to let time go backwards.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "sim/event_queue.h"
#include "sim/random.h"
#include "sim/simulator.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

TEST_CASE("events pop in (time, insertion order), matching a sorted reference", "[engine]") {
  EventQueue queue;
  Rng rng(7);
  struct Reference {
    TimeNs time_ns;
    std::uint64_t seq;
    std::uint64_t tag;
  };
  std::vector<Reference> reference;
  std::vector<EventId> ids;
  constexpr int kEvents = 20'000;
  for (int i = 0; i < kEvents; ++i) {
    // Few distinct times, so ties are common.
    const auto time_ns = static_cast<TimeNs>(rng.next_below(50));
    ids.push_back(queue.push(time_ns, 0, 0, static_cast<std::uint64_t>(i), 0));
    reference.push_back({time_ns, ids.back().seq, static_cast<std::uint64_t>(i)});
  }
  // Cancel every third event; the reference drops them too.
  std::vector<bool> cancelled(kEvents, false);
  for (int i = 0; i < kEvents; i += 3) {
    REQUIRE(queue.cancel(ids[i]));
    cancelled[i] = true;
  }
  std::erase_if(reference, [&](const Reference& r) { return cancelled[r.tag]; });
  std::stable_sort(reference.begin(), reference.end(), [](const Reference& a, const Reference& b) {
    return a.time_ns < b.time_ns || (a.time_ns == b.time_ns && a.seq < b.seq);
  });
  REQUIRE(queue.size() == reference.size());
  for (const Reference& expected : reference) {
    const std::optional<Event> event = queue.pop();
    REQUIRE(event);
    REQUIRE(event->time_ns == expected.time_ns);
    REQUIRE(event->arg0 == expected.tag);
  }
  CHECK_FALSE(queue.pop());
  CHECK(queue.empty());
}

// Timer lanes change the cost, never the order: a queue that sends constant-delay timers
// to lanes pops exactly what one that heaps everything pops, with cancellations and pops
// interleaved as a model makes them (more lanes than kTimerLanesMax: the rest use the heap).
TEST_CASE("timer lanes pop exactly what the heap alone pops, cancellations included", "[engine]") {
  EventQueue heap_only;
  EventQueue with_lanes;
  Rng rng(11);
  TimeNs now_ns = 0;
  std::vector<std::pair<EventId, EventId>> pending;  // (heap_only id, with_lanes id)
  std::uint64_t popped = 0;
  for (int step = 0; step < 60'000; ++step) {
    const std::uint64_t action = rng.next_below(10);
    if (action < 4) {
      // A timer of one of 20 constant delays (kTimerLanesMax = 16 get lanes).
      const auto delay_ns = static_cast<TimeNs>(100 * (1 + rng.next_below(20)));
      const auto tag = static_cast<std::uint64_t>(step);
      pending.emplace_back(heap_only.push(now_ns + delay_ns, 0, 1, tag, 0),
                           with_lanes.push_timer(now_ns, delay_ns, 0, 1, tag, 0));
    } else if (action < 6) {
      const auto time_ns = now_ns + static_cast<TimeNs>(rng.next_below(3000));
      const auto tag = static_cast<std::uint64_t>(step);
      pending.emplace_back(heap_only.push(time_ns, 0, 2, tag, 0), with_lanes.push(time_ns, 0, 2, tag, 0));
    } else if (action < 8 && !pending.empty()) {
      // Cancel a random earlier id (maybe fired or cancelled already: both must agree).
      const auto& [a, b] = pending[rng.next_below(pending.size())];
      REQUIRE(heap_only.cancel(a) == with_lanes.cancel(b));
    } else {
      const std::optional<Event> a = heap_only.pop();
      const std::optional<Event> b = with_lanes.pop();
      REQUIRE(a.has_value() == b.has_value());
      if (!a) continue;
      REQUIRE(a->time_ns == b->time_ns);
      REQUIRE(a->seq == b->seq);
      REQUIRE(a->arg0 == b->arg0);
      now_ns = a->time_ns;
      popped += 1;
    }
    REQUIRE(heap_only.size() == with_lanes.size());
  }
  CHECK(popped > 10'000);
  while (const std::optional<Event> a = heap_only.pop()) {
    const std::optional<Event> b = with_lanes.pop();
    REQUIRE(b);
    REQUIRE(a->seq == b->seq);
  }
  CHECK_FALSE(with_lanes.pop());
}

TEST_CASE("cancel rejects stale ids: fired, cancelled twice, or slot reused", "[engine]") {
  EventQueue queue;
  const EventId first = queue.push(10, 0, 0, 1, 0);
  REQUIRE(queue.pop()->arg0 == 1);
  CHECK_FALSE(queue.cancel(first));  // Already fired.
  const EventId second = queue.push(20, 0, 0, 2, 0);
  CHECK_FALSE(queue.cancel(first));  // Must not cancel a later event.
  CHECK_FALSE(queue.cancel(EventId{30, 99}));  // Never issued.
  CHECK(queue.cancel(second));
  CHECK_FALSE(queue.cancel(second));  // Twice.
  CHECK(queue.empty());
  CHECK_FALSE(queue.peek_time_ns());
  CHECK_FALSE(queue.pop());
}

class Recorder final : public EventHandler {
 public:
  void handle_event(Simulator& simulator, const Event& event) override {
    times.push_back(simulator.now_ns());
    if (event.kind == 1) simulator.schedule_after(5, id, 0);  // Chains one more event.
  }
  const char* handler_name() const override { return "recorder"; }
  const char* event_kind_name(EventKind) const override { return "tick"; }
  std::vector<TimeNs> times;
  HandlerId id = 0;
};

TEST_CASE("run_until stops at the bound and leaves later events pending", "[engine]") {
  Simulator simulator;
  Recorder recorder;
  recorder.id = simulator.add_handler(recorder);
  simulator.schedule_at(10, recorder.id, 1);
  simulator.schedule_at(100, recorder.id, 0);
  simulator.run_until(50);
  CHECK(recorder.times == std::vector<TimeNs>{10, 15});
  CHECK(simulator.now_ns() == 50);
  CHECK(simulator.pending_events() == 1);
  CHECK(simulator.run_events(10) == 1);
  CHECK(simulator.now_ns() == 100);
  CHECK_FALSE(simulator.step());
}

TEST_CASE("time never goes backwards: scheduling into the past aborts", "[engine][invariant]") {
  CHECK(testing::aborts([] {
    Simulator simulator;
    Recorder recorder;
    recorder.id = simulator.add_handler(recorder);
    simulator.schedule_at(100, recorder.id, 0);
    simulator.run_until(100);
    simulator.schedule_at(99, recorder.id, 0);
  }));
  CHECK(testing::aborts([] {
    Simulator simulator;
    Recorder recorder;
    recorder.id = simulator.add_handler(recorder);
    simulator.schedule_after(-1, recorder.id, 0);
  }));
  CHECK(testing::aborts([] {
    Simulator simulator;
    simulator.run_until(10);
    simulator.run_until(5);
  }));
  // The harness itself must be able to say "no".
  CHECK_FALSE(testing::aborts([] {
    Simulator simulator;
    simulator.run_until(10);
  }));
}

TEST_CASE("the trace hash depends on every field of every event", "[engine]") {
  const auto hash_of = [](TimeNs time_ns, EventKind kind, std::uint64_t arg0, std::uint64_t arg1) {
    Simulator simulator;
    Recorder recorder;
    recorder.id = simulator.add_handler(recorder);
    simulator.schedule_at(time_ns, recorder.id, kind, arg0, arg1);
    simulator.run_to_empty();
    return simulator.trace_hash();
  };
  const std::uint64_t base = hash_of(10, 0, 1, 2);
  CHECK(base == hash_of(10, 0, 1, 2));
  CHECK(base != hash_of(11, 0, 1, 2));
  CHECK(base != hash_of(10, 2, 1, 2));
  CHECK(base != hash_of(10, 0, 3, 2));
  CHECK(base != hash_of(10, 0, 1, 3));
}

}  // namespace
}  // namespace ringsim
