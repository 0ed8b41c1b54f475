#include "cli/golden_consistency.h"

#include <algorithm>
#include <cmath>

#include "cli/invoked_as.h"
#include "cli/number_format.h"
#include "sim/config_error.h"
#include "sim/json_reader.h"

namespace ringsim {

namespace {

bool is_hex(const std::string& text, std::size_t digits) {
  return text.size() == digits &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string window_name(std::size_t index) { return "window #" + std::to_string(index); }

// The first inconsistency of one window, empty when none.
std::optional<GoldenInconsistency> window_inconsistency(const GoldenWindow& window, std::size_t index,
                                                        std::size_t window_count, const Scenario& recorded) {
  const std::string at = "/windows/" + std::to_string(index);
  const TimeNs start_ns = static_cast<TimeNs>(index) * recorded.window_ns;
  const bool last = index + 1 == window_count;
  if (index >= window_count) {
    return GoldenInconsistency{at, window_name(index) + " lies past the scenario's end (" + std::to_string(window_count) +
                                       " windows of " + format_number(ns_to_s(recorded.window_ns)) + " s)"};
  }
  if (std::abs(window.t_s - ns_to_s(start_ns)) > 1e-9 * std::max(1.0, ns_to_s(start_ns))) {
    return GoldenInconsistency{at + "/t_s", window_name(index) + " starts at t_s " + format_number(window.t_s) +
                                                ", but window " + std::to_string(index) + " of the recorded scenario starts at " +
                                                format_number(ns_to_s(start_ns))};
  }
  if (!is_hex(window.hash, 16)) {
    return GoldenInconsistency{at + "/hash", window_name(index) + "'s hash \"" + window.hash + "\" is not 16 hex digits"};
  }
  std::uint64_t sum = 0;
  for (const auto& [name, kind] : window.kinds) {
    const std::string kind_at = json_pointer_append(at + "/kinds", name);
    if (kind.count == 0) return GoldenInconsistency{kind_at + "/0", window_name(index) + " lists " + name + " with 0 events"};
    if (!is_hex(kind.hash, 8)) {
      return GoldenInconsistency{kind_at + "/1", window_name(index) + "'s " + name + " hash \"" + kind.hash +
                                                     "\" is not 8 hex digits"};
    }
    const bool inside = kind.first_ns >= start_ns && (last || kind.first_ns < start_ns + recorded.window_ns);
    if (!inside) {
      return GoldenInconsistency{kind_at + "/2", window_name(index) + "'s first " + name + " at " +
                                                     std::to_string(kind.first_ns) + " ns lies outside the window [" +
                                                     std::to_string(start_ns) + ", " +
                                                     std::to_string(start_ns + recorded.window_ns) + ") ns"};
    }
    sum += kind.count;
  }
  if (sum != window.events) {
    return GoldenInconsistency{at + "/events", window_name(index) + " counts " + std::to_string(window.events) +
                                                   " events, but its kinds' counts add up to " + std::to_string(sum)};
  }
  return std::nullopt;
}

}  // namespace

std::string inconsistent_golden_message(const std::string& what, const std::string& record_command) {
  return "the golden is inconsistent (edited by hand or corrupted): " + what + "; re-record it with: " + record_command;
}

std::string plain_record_command(const Golden& golden) {
  std::string command = invoked_command("record") + " " + golden.file + " --golden " + golden.path;
  for (const MetricTolerance& tolerance : golden.tolerances) command += " --tolerance " + tolerance.pattern + "=" + tolerance.text;
  return command;
}

void check_golden_consistency(const Golden& golden, const Scenario& recorded, const std::string& record_command) {
  const std::size_t window_count =
      static_cast<std::size_t>(std::max<TimeNs>(1, (recorded.duration_ns + recorded.window_ns - 1) / recorded.window_ns));
  const auto fail = [&](const GoldenInconsistency& found) {
    throw ConfigError(golden.path, found.pointer, inconsistent_golden_message(found.what, record_command));
  };
  if (!is_hex(golden.trace_hash, 16)) {
    fail({"/summary/trace_hash", "the trace hash \"" + golden.trace_hash + "\" is not 16 hex digits"});
  }
  std::uint64_t total = 0;
  for (std::size_t index = 0; index < golden.windows.size(); ++index) {
    if (auto found = window_inconsistency(golden.windows[index], index, window_count, recorded)) fail(*found);
    total += golden.windows[index].events;
  }
  if (total != golden.events) {
    fail({"/summary/events", "the summary counts " + std::to_string(golden.events) + " events, but its " +
                                 std::to_string(golden.windows.size()) + " windows add up to " + std::to_string(total)});
  }
}

std::optional<GoldenInconsistency> inconsistency_against_run(const Golden& expected, const Golden& actual) {
  if (expected.trace_hash != actual.trace_hash || expected.events != actual.events) return std::nullopt;
  // Other windowing (an edited window_s) cuts the same stream elsewhere: no claim.
  if (expected.windows.size() != actual.windows.size()) return std::nullopt;
  for (std::size_t index = 0; index < expected.windows.size(); ++index) {
    if (expected.windows[index].t_s != actual.windows[index].t_s) return std::nullopt;
  }
  const std::string same_stream = " although this run executed the golden's exact event stream (same trace hash " +
                                  expected.trace_hash + " and " + std::to_string(expected.events) + " events)";
  for (std::size_t index = 0; index < expected.windows.size(); ++index) {
    const GoldenWindow& e = expected.windows[index];
    const GoldenWindow& a = actual.windows[index];
    const std::string at = "/windows/" + std::to_string(index);
    if (e.hash != a.hash) {
      return GoldenInconsistency{at + "/hash", window_name(index) + "'s hash " + e.hash + " differs from " + a.hash +
                                                   ", the hash of its events," + same_stream};
    }
    if (e.events != a.events) {
      return GoldenInconsistency{at + "/events", window_name(index) + " counts " + std::to_string(e.events) + " events, not " +
                                                     std::to_string(a.events) + "," + same_stream};
    }
    for (const auto& [name, kind] : a.kinds) {
      const auto found = e.kinds.find(name);
      if (found != e.kinds.end() && found->second == kind) continue;
      const std::string recorded = found == e.kinds.end() ? std::string("is missing")
                                                          : "reads [" + std::to_string(found->second.count) + ", \"" +
                                                                found->second.hash + "\", " +
                                                                std::to_string(found->second.first_ns) + "]";
      return GoldenInconsistency{json_pointer_append(at + "/kinds", name),
                                 window_name(index) + "'s " + name + " " + recorded + ", its events give [" +
                                     std::to_string(kind.count) + ", \"" + kind.hash + "\", " + std::to_string(kind.first_ns) +
                                     "]," + same_stream};
    }
    for (const auto& [name, kind] : e.kinds) {
      if (a.kinds.count(name) == 0) {
        return GoldenInconsistency{json_pointer_append(at + "/kinds", name),
                                   window_name(index) + " lists " + name + ", which has no event in it," + same_stream};
      }
    }
  }
  return std::nullopt;
}

}  // namespace ringsim
