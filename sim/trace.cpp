#include "sim/trace.h"

#include <cinttypes>
#include <cstdio>

namespace ringsim {

std::string format_trace_hash(std::uint64_t hash) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016" PRIx64, hash);
  return buffer;
}

void JsonLinesTraceWriter::on_event(const Event& event, const EventHandler& handler) {
  // Handler and kind names are identifiers chosen by the models (no quoting needed).
  out_ << "{\"t_ns\":" << event.time_ns << ",\"seq\":" << event.seq << ",\"handler\":\""
       << handler.handler_name() << "\",\"kind\":\"" << handler.event_kind_name(event.kind)
       << "\",\"a\":" << event.arg0 << ",\"b\":" << event.arg1 << "}\n";
}

}  // namespace ringsim
