#include "cli/replay_command.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/atomic_output.h"
#include "cli/check_command.h"
#include "cli/escape.h"
#include "cli/event_describe.h"
#include "cli/golden.h"
#include "cli/memory_budget.h"
#include "cli/number_format.h"
#include "run/estimate.h"
#include "sim/config_error.h"

namespace ringsim {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitMismatch = 1;
constexpr int kExitOutputFailed = 3;
// A window of a shipped scenario holds at most a few hundred thousand events; more than
// this and the event-by-event search stops (the window's digest still names what differs).
constexpr std::size_t kCapturedEventsMax = 5'000'000;
constexpr std::size_t kMovedMetricsShown = 8;

struct CapturedEvent {
  Event event;
  std::string handler;
  std::string kind;
};

// Keeps the events of one window (same bucketing as WindowDigestSink).
class WindowCapture final : public TraceSink {
 public:
  WindowCapture(std::size_t window, TimeNs window_ns, TimeNs end_ns)
      : window_(window), window_ns_(window_ns), last_(static_cast<std::size_t>((end_ns + window_ns - 1) / window_ns) - 1) {}
  void on_event(const Event& event, const EventHandler& handler) override {
    if (std::min(static_cast<std::size_t>(event.time_ns / window_ns_), last_) != window_) return;
    if (events.size() >= kCapturedEventsMax) return;
    events.push_back({event, handler.handler_name(), handler.event_kind_name(event.kind)});
  }
  std::vector<CapturedEvent> events;

 private:
  std::size_t window_;
  TimeNs window_ns_;
  std::size_t last_;
};

struct WindowRun {
  std::vector<CapturedEvent> events;
  std::vector<std::string> window_hashes;  // windows 0..window
};

WindowRun run_to_window_end(const Scenario& scenario, std::size_t window) {
  Run run(scenario, RunOptions{});
  WindowDigestSink digest(scenario.window_ns, scenario.duration_ns);
  WindowCapture capture(window, scenario.window_ns, scenario.duration_ns);
  TraceTee tee({&digest, &capture});
  run.simulator().set_trace_sink(&tee);
  run.stop_at(static_cast<TimeNs>(window + 1) * scenario.window_ns);
  run.simulator().set_trace_sink(nullptr);
  WindowRun result;
  result.events = std::move(capture.events);
  for (const auto& item : digest.windows()) result.window_hashes.push_back(format_trace_hash(item.hash.value()));
  return result;
}

std::string describe(const CapturedEvent& item) {
  std::ostringstream out;
  out << "t=" << std::fixed << std::setprecision(9) << ns_to_s(item.event.time_ns) << " s  " << item.handler << "."
      << item.kind << "  " << describe_event_args(item.handler, item.kind, item.event.arg0, item.event.arg1);
  return out.str();
}

bool same_event(const Event& x, const Event& y) {
  return x.time_ns == y.time_ns && x.handler == y.handler && x.kind == y.kind && x.arg0 == y.arg0 && x.arg1 == y.arg1;
}

Scenario scenario_of(const Golden& golden, const std::vector<Override>& overrides) {
  nlohmann::json document = golden.scenario_document;
  apply_overrides(document, overrides, golden.file);
  return parse_scenario(document, golden.file);
}

void print_first_event(std::ostream& out, const Golden& golden, const Scenario& replayed, std::size_t window,
                       const std::string& first_kind) {
  const Scenario recorded = scenario_of(golden, {});
  const WindowRun expected = run_to_window_end(recorded, window);
  bool reproduced = expected.window_hashes.size() > window;
  for (std::size_t index = 0; reproduced && index <= window && index < golden.windows.size(); ++index) {
    reproduced = expected.window_hashes[index] == golden.windows[index].hash;
  }
  const WindowRun actual = run_to_window_end(replayed, window);
  if (!reproduced) {
    out << "  this binary no longer reproduces the golden's own scenario (the code changed, not only --set),\n"
           "  so the recorded events are not available; the replay's first " << first_kind << " event in the window:\n";
    for (const CapturedEvent& item : actual.events) {
      if (item.handler + "." + item.kind == first_kind) {
        out << "    " << describe(item) << "\n";
        break;
      }
    }
    return;
  }
  const std::size_t count = std::min(expected.events.size(), actual.events.size());
  std::size_t index = 0;
  while (index < count && same_event(expected.events[index].event, actual.events[index].event)) ++index;
  out << "first diverging event (#" << index + 1 << " of the window):\n";
  out << "  expected: " << (index < expected.events.size() ? describe(expected.events[index]) : "(none: the window ends)")
      << "\n";
  out << "  actual:   " << (index < actual.events.size() ? describe(actual.events[index]) : "(none: the window ends)")
      << "\n";
  if (index > 0) out << "  (after " << index << " identical events; the last: " << describe(actual.events[index - 1]) << ")\n";
}

struct ReplayResult {
  std::string text;
  bool matched = false;
  double record_wall_s = 0;
};

void replay_one(const std::string& path, const std::vector<Override>& overrides, ReplayResult& result) {
  std::ostringstream out;
  const Golden golden = read_golden(path);
  const Scenario scenario = scenario_of(golden, overrides);
  const auto start = std::chrono::steady_clock::now();
  const Golden actual = record_golden(scenario, 1);
  result.record_wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const GoldenComparison comparison = compare_goldens(golden, actual);
  result.matched = comparison.matched;
  const std::string name = console_text(scenario.name);
  if (comparison.matched) {
    out << "match     " << path << " (" << name << ", " << format_count(static_cast<long long>(actual.events))
        << " events, " << (comparison.exact ? "exact" : "within tolerance: vectors on another platform") << ", "
        << std::fixed << std::setprecision(2) << result.record_wall_s << " s)\n";
    result.text = out.str();
    return;
  }
  out << "MISMATCH  " << path << " (" << name << ")\n";
  if (!comparison.exact) out << "  vectors on another platform (" << golden.platform.dump() << " vs " << actual.platform.dump()
                             << "): hashes not compared, metrics within tolerance\n";
  if (comparison.first_window) {
    const std::size_t window = *comparison.first_window;
    const double window_s = ns_to_s(scenario.window_ns);
    out << "first diverging window: #" << window << " [" << format_number(window_s * static_cast<double>(window)) << " s, "
        << format_number(window_s * static_cast<double>(window + 1)) << " s)\n";
    std::string first_kind;
    for (const std::string& line : comparison.window_differences) {
      out << "  " << line << "\n";
      if (first_kind.empty() && line.rfind("  ", 0) == 0) first_kind = line.substr(2, line.find(':') - 2);
    }
    print_first_event(out, golden, scenario, window, first_kind);
  }
  for (const std::string& line : comparison.summary_differences) {
    if (line.rfind("trace_hash", 0) == 0 || line.rfind("events", 0) == 0) out << "summary: " << line << "\n";
  }
  if (!comparison.moved.empty()) out << "metrics that moved most:\n";
  for (std::size_t index = 0; index < comparison.moved.size() && index < kMovedMetricsShown; ++index) {
    const auto& moved = comparison.moved[index];
    std::ostringstream change;
    if (std::isfinite(moved.relative_change)) {
      change << std::showpos << std::fixed << std::setprecision(1) << moved.relative_change * 100 << " %";
    } else {
      change << "new";
    }
    out << "  " << std::left << std::setw(40) << console_text(moved.metric) << std::right << std::setw(16)
        << format_number(moved.expected) << " -> " << std::setw(16) << format_number(moved.actual) << "  "
        << change.str() << "\n";
  }
  result.text = out.str();
}

}  // namespace

int command_record(const RecordOptions& options) {
  std::vector<Override> overrides;
  for (const std::string& text : options.set_texts) overrides.push_back(parse_override(text));
  const Scenario scenario = load_scenario(options.scenario_path, overrides, options.seed);
  // Refused before anything is built, as run does (issue #24: record ran into bad_alloc).
  check_run_estimate(scenario, estimate_run(scenario), memory_budget_bytes(options.max_memory_text));
  const auto start = std::chrono::steady_clock::now();
  const Golden golden = record_golden(scenario, std::max(1u, std::thread::hardware_concurrency()));
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::filesystem::path path(options.golden_path);
  std::error_code ignored;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ignored);
  std::uintmax_t golden_bytes = 0;
  try {
    // All or nothing (cli/atomic_output.h): a full disk never leaves a cut golden.
    AtomicFile out(path);
    write_golden(out.stream(), golden);
    golden_bytes = out.commit();
  } catch (const std::exception& error) {
    std::cerr << "ringsim: " << error.what() << "\n";
    return kExitOutputFailed;
  }
  std::cout << "recorded " << options.golden_path << " (" << console_text(scenario.name) << ", "
            << format_count(static_cast<long long>(golden.events)) << " events, " << golden.windows.size()
            << " windows, " << format_count(static_cast<long long>(golden_bytes)) << " bytes, "
            << std::fixed << std::setprecision(2) << wall_s << " s)\n";
  return kExitOk;
}

int command_replay(const ReplayOptions& options) {
  std::vector<Override> overrides;
  for (const std::string& text : options.set_texts) overrides.push_back(parse_override(text));
  // Every golden is read first, so a bad one exits 2 before anything runs.
  const double budget_bytes = memory_budget_bytes(options.max_memory_text);
  for (const std::string& path : options.golden_paths) {
    const Scenario scenario = scenario_of(read_golden(path), overrides);
    check_run_estimate(scenario, estimate_run(scenario), budget_bytes);
  }
  std::vector<ReplayResult> results(options.golden_paths.size());
  const std::uint32_t jobs = options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  run_parallel(results.size(), jobs, [&](std::size_t index) {
    try {
      replay_one(options.golden_paths[index], overrides, results[index]);
    } catch (const std::exception& error) {
      results[index].text = "ERROR     " + options.golden_paths[index] + ": " + error.what() + "\n";
    }
  });
  bool all_matched = true;
  for (const ReplayResult& result : results) {
    std::cout << result.text;
    all_matched = all_matched && result.matched;
  }
  return all_matched ? kExitOk : kExitMismatch;
}

}  // namespace ringsim
