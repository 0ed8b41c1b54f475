#include "viz/repro_command.h"

#include <array>
#include <charconv>

namespace ringsim::viz {
namespace {

constexpr int kMinDecimals = 3;
constexpr int kNsDigits = 9;

// Shortest text that reads back as the same double (std::to_chars' guarantee).
std::string shortest(double value) {
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

bool shell_safe(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("_./=:,+-").find(c) != std::string_view::npos;
}

}  // namespace

std::string format_seconds_exact(TimeNs time_ns) {
  const TimeNs whole = time_ns / kNsPerS;
  std::string fraction = std::to_string(time_ns % kNsPerS);
  fraction.insert(0, static_cast<std::size_t>(kNsDigits) - fraction.size(), '0');
  while (fraction.size() > static_cast<std::size_t>(kMinDecimals) && fraction.back() == '0') fraction.pop_back();
  return std::to_string(whole) + "." + fraction;
}

std::string format_time_exact(TimeNs time_ns) { return format_seconds_exact(time_ns) + " s"; }

std::string shell_quote(const std::string& word) {
  bool safe = !word.empty();
  for (const char c : word) safe = safe && shell_safe(c);
  if (safe) return word;
  std::string quoted = "'";
  for (const char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string injection_text(const nlohmann::json& entry) {
  std::string text = shortest(entry.value("at_s", 0.0)) + "s " + entry.value("action", std::string());
  for (const auto& [key, value] : entry.items()) {
    if (key == "at_s" || key == "action") continue;
    text += " " + key + "=" + value.dump();
  }
  return text;
}

std::string repro_command(const ScenarioSource& source, TimeNs until_ns, std::optional<std::uint64_t> until_events) {
  std::string command = "ringsim run " + shell_quote(source.path);
  if (source.seed) command += " --seed " + std::to_string(*source.seed);
  for (const Override& override : source.overrides) {
    command += " --set " + shell_quote(override.pointer + "=" + override.value.dump());
  }
  for (const nlohmann::json& entry : source.injections) command += " --inject " + shell_quote(injection_text(entry));
  command += " --until " + format_seconds_exact(until_ns);
  if (until_events) command += " --until-events " + std::to_string(*until_events);
  return command;
}

std::string repro_command(Session& session) {
  const Run& run = session.run();
  const bool inside_instant = !run.finished() && mid_instant(session.next_event_ns(), run.now_ns());
  return repro_command(session.source(), run.now_ns(),
                       inside_instant ? std::optional<std::uint64_t>(run.simulator().events_executed()) : std::nullopt);
}

bool mid_instant(const std::optional<TimeNs>& next_event_ns, TimeNs now_ns) {
  return next_event_ns && *next_event_ns <= now_ns;
}

}  // namespace ringsim::viz
