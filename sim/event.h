// An event is a small, copyable record: when it fires, which handler receives it, a
// handler-defined kind and two handler-defined arguments (typically ids). Keeping events
// plain data (no closures) makes them cheap to queue, hashable into the run's trace and
// printable in a trace file without knowing the model.
#pragma once

#include <cstdint>

#include "sim/time.h"

namespace ringsim {

using HandlerId = std::uint32_t;
using EventKind = std::uint32_t;

struct Event {
  TimeNs time_ns = 0;
  std::uint64_t seq = 0;  // Insertion order; breaks ties between events at equal time.
  HandlerId handler = 0;
  EventKind kind = 0;
  std::uint64_t arg0 = 0;
  std::uint64_t arg1 = 0;
};

// Identifies a scheduled event so it can be cancelled. Stale ids (the event already fired
// or was cancelled) are detected, never confused with a later event.
struct EventId {
  TimeNs time_ns = 0;
  std::uint64_t seq = 0;    // Opaque: the queue's ordering key (rank and insertion order).
  std::uint32_t slot = 0;   // Opaque: where the queue keeps it while pending.
};

class Simulator;

// Receives events. A handler owns the meaning of its event kinds.
class EventHandler {
 public:
  virtual ~EventHandler() = default;
  virtual void handle_event(Simulator& simulator, const Event& event) = 0;
  // Names for the trace file; must be stable string literals. A kind the handler does not
  // have is "?" (so its kinds can be listed: tests/event_describe_test.cpp decodes each).
  virtual const char* handler_name() const = 0;
  virtual const char* event_kind_name(EventKind kind) const = 0;
};

}  // namespace ringsim
