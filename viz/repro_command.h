// "Copy repro command": the `ringsim run` command line that reproduces what the GUI shows.
// The GUI shows the run at virtual time T with trace hash H; this command (the scenario
// file, the --seed and every --set it was opened with, every fault injected so far as an
// --inject line, and --until T with T exact to the nanosecond) prints the same hash H.
//
// format_time_exact: virtual time as seconds with as many decimals as it needs (at least
// 3, at most 9: exact to the ns), "5.5055 s", so the shown time can be typed back.
// Arguments are quoted for a POSIX shell (single quotes) when they hold anything but
// [A-Za-z0-9_./=:,+-].
//
// Inside an instant (after Step event or Next change, other events at the same virtual
// time may still be pending: mid_instant), --until T alone would run them all and print
// another hash; the command then also names the event count (--until-events N, which stops
// `ringsim run` right after the N-th event), so it reproduces the state exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/time.h"
#include "viz/session.h"

namespace ringsim::viz {

std::string format_time_exact(TimeNs time_ns);  // "5.5055 s"
// The seconds without the unit, for a command line: "5.5055".
std::string format_seconds_exact(TimeNs time_ns);
std::string shell_quote(const std::string& word);
// The text form of an injected timeline entry, "12.5s fail_node node=2" (run/injection.h).
std::string injection_text(const nlohmann::json& entry);
// until_events: the events executed, given when the state is inside an instant.
std::string repro_command(const ScenarioSource& source, TimeNs until_ns,
                          std::optional<std::uint64_t> until_events = std::nullopt);
// The command for the session's current state: with --until-events when mid-instant.
std::string repro_command(Session& session);
// True when events at `now_ns` are still pending (the state is inside an instant).
bool mid_instant(const std::optional<TimeNs>& next_event_ns, TimeNs now_ns);

}  // namespace ringsim::viz
