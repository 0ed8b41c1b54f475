// Restricts what --trace writes: a window of virtual time [from, to] and a set of event
// kinds ("cluster.heartbeat", or "migration.*" for all of a handler's kinds). The trace
// hash is unaffected: it covers every executed event whatever is written.
#pragma once

#include <string>
#include <vector>

#include "sim/time.h"
#include "sim/trace.h"

namespace ringsim {

class TraceFilter final : public TraceSink {
 public:
  // kinds: comma-separated patterns; empty: every kind. Throws ConfigError on an empty pattern.
  TraceFilter(TraceSink& target, TimeNs from_ns, TimeNs to_ns, const std::string& kinds);
  void on_event(const Event& event, const EventHandler& handler) override;

 private:
  bool kind_selected(const std::string& handler, const std::string& kind) const;

  TraceSink& target_;
  TimeNs from_ns_;
  TimeNs to_ns_;
  std::vector<std::string> patterns_;
};

}  // namespace ringsim
