#include "cli/trace_filter.h"

#include <sstream>

#include "sim/config_error.h"

namespace ringsim {

TraceFilter::TraceFilter(TraceSink& target, TimeNs from_ns, TimeNs to_ns, const std::string& kinds)
    : target_(target), from_ns_(from_ns), to_ns_(to_ns) {
  if (kinds.empty()) return;
  std::istringstream list(kinds);
  for (std::string pattern; std::getline(list, pattern, ',');) {
    if (pattern.empty() || pattern.find('.') == std::string::npos) {
      throw ConfigError("--trace-kinds", kinds, "expected handler.kind patterns, e.g. cluster.heartbeat,migration.*");
    }
    patterns_.push_back(pattern);
  }
}

bool TraceFilter::kind_selected(const std::string& handler, const std::string& kind) const {
  if (patterns_.empty()) return true;
  for (const std::string& pattern : patterns_) {
    const std::size_t dot = pattern.find('.');
    if (pattern.compare(0, dot, handler) != 0 || dot != handler.size()) continue;
    const std::string kind_pattern = pattern.substr(dot + 1);
    if (kind_pattern == "*" || kind_pattern == kind) return true;
  }
  return false;
}

void TraceFilter::on_event(const Event& event, const EventHandler& handler) {
  if (event.time_ns < from_ns_ || event.time_ns > to_ns_) return;
  if (!kind_selected(handler.handler_name(), handler.event_kind_name(event.kind))) return;
  target_.on_event(event, handler);
}

}  // namespace ringsim
