// The discrete-event engine: owns virtual time, the pending-event set, the handlers that
// receive events and the run's trace hash.
//
// Contract:
// - Time never goes backwards: an event may not be scheduled before now_ns().
// - Events at equal time fire in the order they were scheduled.
// - Nothing here reads a wall clock or depends on addresses; the same schedule calls in
//   the same order give the same run.
// - schedule_first_at's events precede ordinary ones at the same instant.
//
// Not thread-safe: one simulator belongs to one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/activity.h"
#include "sim/event.h"
#include "sim/event_queue.h"
#include "sim/trace.h"

namespace ringsim {

class Simulator {
 public:
  Simulator() = default;
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Registers a handler; ids are dense and assigned in registration order. The handler
  // must outlive the simulator's use of it.
  HandlerId add_handler(EventHandler& handler);

  EventId schedule_at(TimeNs time_ns, HandlerId handler, EventKind kind, std::uint64_t arg0 = 0,
                      std::uint64_t arg1 = 0);
  // Fires before every event scheduled with schedule_at/after for the same instant, even
  // ones scheduled earlier: a sample "at the end of [start, end)" that nothing at `end` has
  // touched yet (the run's window ticker).
  EventId schedule_first_at(TimeNs time_ns, HandlerId handler, EventKind kind, std::uint64_t arg0 = 0,
                            std::uint64_t arg1 = 0);
  EventId schedule_after(TimeNs delay_ns, HandlerId handler, EventKind kind,
                         std::uint64_t arg0 = 0, std::uint64_t arg1 = 0);
  // Exactly schedule_after (the same run, event for event), for a delay the caller uses
  // over and over, such as a timeout: such timers wait in a FIFO per delay rather than in
  // the heap (EventQueue::push_timer), which is cheaper when thousands are pending.
  EventId schedule_timer(TimeNs delay_ns, HandlerId handler, EventKind kind, std::uint64_t arg0 = 0,
                         std::uint64_t arg1 = 0);
  // Returns false when the event already fired or was cancelled.
  bool cancel(EventId id);

  // Executes the earliest pending event. Returns false when none is pending.
  bool step();
  // Executes every event with time <= end_ns, then sets now to end_ns.
  void run_until(TimeNs end_ns);
  // Executes at most max_events events; returns how many ran.
  std::uint64_t run_events(std::uint64_t max_events);
  // Executes events until none is pending.
  void run_to_empty();

  TimeNs now_ns() const { return now_ns_; }
  std::optional<TimeNs> next_event_time_ns() { return queue_.peek_time_ns(); }
  std::uint64_t events_executed() const { return events_executed_; }
  std::uint64_t pending_events() const { return queue_.size(); }
  std::uint64_t trace_hash() const { return trace_hash_.value(); }
  const EventHandler& handler(HandlerId id) const { return *handlers_.at(id); }

  // Optional: receives every executed event. Pass nullptr to stop tracing.
  void set_trace_sink(TraceSink* sink) { trace_sink_ = sink; }
  // Optional: hears what the model does over time (sim/activity.h); nullptr: nobody.
  void set_activity_observer(ActivityObserver* observer) { activity_ = observer; }
  ActivityObserver* activity() const { return activity_; }

 private:
  void execute(const Event& event);

  std::vector<EventHandler*> handlers_;
  EventQueue queue_;
  TraceHash trace_hash_;
  TraceSink* trace_sink_ = nullptr;
  ActivityObserver* activity_ = nullptr;
  TimeNs now_ns_ = 0;
  std::uint64_t events_executed_ = 0;
};

}  // namespace ringsim
