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
