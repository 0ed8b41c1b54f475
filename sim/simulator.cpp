#include "sim/simulator.h"

#include "sim/assert.h"

namespace ringsim {

HandlerId Simulator::add_handler(EventHandler& handler) {
  handlers_.push_back(&handler);
  return static_cast<HandlerId>(handlers_.size() - 1);
}

EventId Simulator::schedule_at(TimeNs time_ns, HandlerId handler, EventKind kind,
                               std::uint64_t arg0, std::uint64_t arg1) {
  RINGSIM_ASSERT(time_ns >= now_ns_);
  RINGSIM_ASSERT(time_ns <= kTimeNsMax);
  RINGSIM_ASSERT(handler < handlers_.size());
  return queue_.push(time_ns, handler, kind, arg0, arg1);
}

EventId Simulator::schedule_first_at(TimeNs time_ns, HandlerId handler, EventKind kind,
                                     std::uint64_t arg0, std::uint64_t arg1) {
  RINGSIM_ASSERT(time_ns >= now_ns_);
  RINGSIM_ASSERT(time_ns <= kTimeNsMax);
  RINGSIM_ASSERT(handler < handlers_.size());
  return queue_.push_first(time_ns, handler, kind, arg0, arg1);
}

EventId Simulator::schedule_after(TimeNs delay_ns, HandlerId handler, EventKind kind,
                                  std::uint64_t arg0, std::uint64_t arg1) {
  RINGSIM_ASSERT(delay_ns >= 0);
  RINGSIM_ASSERT(delay_ns <= kTimeNsMax - now_ns_);
  return schedule_at(now_ns_ + delay_ns, handler, kind, arg0, arg1);
}

EventId Simulator::schedule_timer(TimeNs delay_ns, HandlerId handler, EventKind kind, std::uint64_t arg0,
                                  std::uint64_t arg1) {
  RINGSIM_ASSERT(delay_ns >= 0);
  RINGSIM_ASSERT(delay_ns <= kTimeNsMax - now_ns_);
  RINGSIM_ASSERT(handler < handlers_.size());
  return queue_.push_timer(now_ns_, delay_ns, handler, kind, arg0, arg1);
}

bool Simulator::cancel(EventId id) { return queue_.cancel(id); }

void Simulator::execute(const Event& event) {
  RINGSIM_ASSERT(event.time_ns >= now_ns_);
  now_ns_ = event.time_ns;
  events_executed_ += 1;
  trace_hash_.fold(event);
  EventHandler& handler = *handlers_[event.handler];
  if (trace_sink_ != nullptr) trace_sink_->on_event(event, handler);
  handler.handle_event(*this, event);
}

bool Simulator::step() {
  std::optional<Event> event = queue_.pop();
  if (!event) return false;
  execute(*event);
  return true;
}

void Simulator::run_until(TimeNs end_ns) {
  RINGSIM_ASSERT(end_ns >= now_ns_);
  for (;;) {
    const std::optional<TimeNs> next_ns = queue_.peek_time_ns();
    if (!next_ns || *next_ns > end_ns) break;
    step();
  }
  now_ns_ = end_ns;
}

std::uint64_t Simulator::run_events(std::uint64_t max_events) {
  std::uint64_t executed = 0;
  while (executed < max_events && step()) executed += 1;
  return executed;
}

void Simulator::run_to_empty() {
  while (step()) {
  }
}

}  // namespace ringsim
