#include "cli/golden_report.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "cli/comparison_table.h"
#include "cli/escape.h"
#include "cli/event_describe.h"
#include "cli/metric_rank.h"
#include "cli/number_format.h"
#include "run/run.h"
#include "sim/config_error.h"

namespace ringsim {

namespace {

// A window of a shipped scenario holds at most a few hundred thousand events; more than
// this and the event-by-event search stops (the window's digest still names what differs).
constexpr std::size_t kCapturedEventsMax = 5'000'000;
constexpr std::size_t kKindLinesShown = 6;

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

// Why the golden's own scenario no longer reproduces its window hashes: its input files
// changed (named above the event stream), or the code did.
std::string why_not_reproduced(const GoldenComparison& comparison) {
  if (!comparison.input_changes.empty()) {
    return "the golden's recorded run cannot be re-created: its input file" +
           std::string(comparison.input_changes.size() > 1 ? "s" : "") + " changed (above)";
  }
  if (comparison.input_digests_absent) {
    return "this binary no longer reproduces the golden's own scenario: the code changed, or an input file did\n"
           "  (this golden records no input digests to tell which)";
  }
  return "this binary no longer reproduces the golden's own scenario: the code changed";
}

void print_first_event(std::ostream& out, const Golden& golden, const Scenario& replayed, std::size_t window,
                       const std::string& first_kind, const GoldenComparison& comparison) {
  const Scenario recorded = scenario_of(golden, {});
  const WindowRun expected = run_to_window_end(recorded, window);
  bool reproduced = expected.window_hashes.size() > window || window >= golden.windows.size();
  for (std::size_t index = 0; reproduced && index <= window && index < golden.windows.size(); ++index) {
    reproduced = index < expected.window_hashes.size() && expected.window_hashes[index] == golden.windows[index].hash;
  }
  const WindowRun actual = run_to_window_end(replayed, window);
  if (!reproduced && first_kind.empty()) {
    out << "  (" << why_not_reproduced(comparison) << ", and no handler.kind of the window\n"
           "  differs: the golden keeps no event to compare with)\n";
    return;
  }
  if (!reproduced) {
    out << "  (" << why_not_reproduced(comparison) << ", so only the\n"
           "  golden's first " << first_kind << " time is known, not the whole event:)\n";
    if (window < golden.windows.size()) {
      const auto kind = golden.windows[window].kinds.find(first_kind);
      if (kind != golden.windows[window].kinds.end()) {
        out << "  expected: t=" << std::fixed << std::setprecision(9) << ns_to_s(kind->second.first_ns) << " s  "
            << first_kind << "  (first of its kind in the window)\n";
      }
    }
    for (const CapturedEvent& item : actual.events) {
      if (item.handler + "." + item.kind == first_kind) {
        out << "  actual:   " << describe(item) << "\n";
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

// "+9.3 %"; a change under 0.05 % keeps two significant digits ("+0.0031 %"), never a
// "+0.0 %" beside two values that differ.
std::string relative_text(double relative_change) {
  if (!std::isfinite(relative_change)) return "new";
  std::ostringstream change;
  const double percent = relative_change * 100;
  if (percent != 0 && std::abs(percent) < 0.05) {
    change << std::showpos << std::setprecision(2) << percent << " %";
  } else {
    change << std::showpos << std::fixed << std::setprecision(1) << percent << " %";
  }
  return change.str();
}

// "3.35 -> 3.04": both sides formatted alike, as summary.json shows them (cli/comparison_table.h).
std::string change_text(const std::string& metric, double expected, double actual) {
  const auto [a, b] = comparison_values(metric, expected, actual);
  return a + " -> " + b;
}

double relative_of(double expected, double actual) {
  const double moved = actual - expected;
  if (moved == 0) return 0;
  return std::abs(expected) > 0 ? moved / std::abs(expected) : (moved > 0 ? INFINITY : -INFINITY);
}

// A gated metric's change in the limit's own terms: relative for "5%", the absolute
// difference for an absolute limit (recall 0.02), which is what the limit is compared with.
std::string change_against(const std::string& limit, double expected, double actual) {
  if (!limit.empty() && limit.back() == '%') return relative_text(relative_of(expected, actual));
  std::ostringstream change;
  change << (actual - expected >= 0 ? "+" : "") << format_number(actual - expected);
  return change.str();
}


// "... and 3 more kinds differ: a, b, c" (the names up to kHiddenKindsNamed, then "+N").
std::string more_kinds_text(const std::vector<std::string>& hidden) {
  constexpr std::size_t kHiddenKindsNamed = 8;
  std::string text = "... and " + std::to_string(hidden.size()) + (hidden.size() == 1 ? " more kind differs: " : " more kinds differ: ");
  for (std::size_t index = 0; index < hidden.size() && index < kHiddenKindsNamed; ++index) {
    text += (index == 0 ? "" : ", ") + hidden[index];
  }
  if (hidden.size() > kHiddenKindsNamed) text += ", +" + std::to_string(hidden.size() - kHiddenKindsNamed);
  return text;
}

std::string window_span(const Scenario& scenario, std::size_t window) {
  const double window_s = ns_to_s(scenario.window_ns);
  std::ostringstream out;
  out << '#' << window << " [" << format_number(window_s * static_cast<double>(window)) << " s, "
      << format_number(window_s * static_cast<double>(window + 1)) << " s)";
  return out.str();
}

void report_event_stream(std::ostream& out, const Golden& golden, const Scenario& replayed,
                         const GoldenComparison& comparison, std::string& first_kind) {
  if (comparison.first_window) {
    const std::size_t window = *comparison.first_window;
    out << "first diverging window: " << window_span(replayed, window) << "\n";
    std::size_t kind_lines = 0;
    std::vector<std::string> hidden;  // the kinds past kKindLinesShown, named in one line
    for (const std::string& line : comparison.window_differences) {
      const bool kind_line = line.rfind("  ", 0) == 0;
      const std::string kind = kind_line ? line.substr(2, line.find(':') - 2) : "";
      if (kind_line && first_kind.empty()) first_kind = kind;
      if (kind_line && ++kind_lines > kKindLinesShown) {
        hidden.push_back(kind);
        continue;
      }
      out << "  " << line << "\n";
    }
    if (!hidden.empty()) out << "    " << more_kinds_text(hidden) << "\n";
    print_first_event(out, golden, replayed, window, first_kind, comparison);
  } else if (comparison.events_differ) {
    out << "every window has the same events at the same times; only the ids they carry differ\n";
  }
  for (const std::string& line : comparison.stream_summary) out << "summary: " << line << "\n";
}

}  // namespace

Scenario scenario_of(const Golden& golden, const std::vector<Override>& overrides) {
  nlohmann::json document = golden.scenario_document;
  apply_overrides(document, overrides, golden.file);
  try {
    return parse_scenario(document, golden.file);
  } catch (const ConfigError& error) {
    // The value at fault sits in the golden's recorded copy, not in the scenario file (which
    // replay never reads), unless a --set put it there.
    const bool from_set = std::any_of(overrides.begin(), overrides.end(), [&](const Override& o) {
      return error.pointer().rfind(o.pointer, 0) == 0 || o.pointer.rfind(error.pointer(), 0) == 0;
    });
    if (golden.path.empty() || error.file() != golden.file || from_set) throw;
    throw ConfigError(golden.path, "/scenario" + error.pointer(),
                      error.message() + " (in the scenario recorded in this golden; " + golden.file + " is not read)");
  }
}

namespace {

const char* group_label(MetricGroup group) {
  switch (group) {
    case MetricGroup::kClient: return "client metrics";
    case MetricGroup::kHealth: return "cluster health";
    case MetricGroup::kOther: return "other metrics";
    case MetricGroup::kInternal: return "internal stages";
  }
  return "";
}

std::string moved_text(const GoldenComparison::Moved& moved) {
  return moved.metric + " " + change_text(moved.metric, moved.expected, moved.actual) + " (" + relative_text(moved.relative_change) + ")";
}

// "moved most (client metrics): request.p95_ms 3.351 -> 3.039 (-9.3 %); cluster health:
// keys_moved 480 -> 512 (+6.7 %)": the client metric leads the list, so the largest change
// in the cluster's health is named beside it (a change in keys moved or lost is not to hide
// behind a latency), or said to be none when the golden has health metrics.
// A single station's health metrics are its utilization and queue: not a cluster's.
const char* health_label(const Golden& golden) {
  return golden.scenario_document.contains("station") ? "station health" : "cluster health";
}

// "; cluster health: keys_moved 480 -> 512 (+6.7 %)" after a headline that names `top`, a
// metric of another group: the health metric that moved most, or "unchanged" when the
// golden has health metrics and none moved.
std::string health_clause(const Golden& golden, const std::vector<GoldenComparison::Moved>& moved, const std::string& top) {
  if (metric_group(top) == MetricGroup::kHealth) return "";
  for (const GoldenComparison::Moved& item : moved) {
    if (metric_group(item.metric) == MetricGroup::kHealth) return "; " + std::string(health_label(golden)) + ": " + moved_text(item);
  }
  const bool has_health = std::any_of(golden.metrics.begin(), golden.metrics.end(),
                                      [](const auto& metric) { return metric_group(metric.first) == MetricGroup::kHealth; });
  return has_health ? "; " + std::string(health_label(golden)) + " unchanged" : "";
}

std::string moved_headline(const Golden& golden, const std::vector<GoldenComparison::Moved>& moved) {
  const MetricGroup top = metric_group(moved.front().metric);
  return "moved most (" + std::string(top == MetricGroup::kHealth ? health_label(golden) : group_label(top)) +
         "): " + moved_text(moved.front()) + health_clause(golden, moved, moved.front().metric);
}

std::string input_headline(const std::vector<std::string>& changes) {
  return changes.front() + (changes.size() > 1 ? " (+" + std::to_string(changes.size() - 1) + " more inputs)" : "");
}

void report_inputs(std::ostream& out, const GoldenComparison& comparison) {
  if (!comparison.input_changes.empty()) {
    out << "input files changed since the golden was recorded (not the code):\n";
    for (const std::string& line : comparison.input_changes) out << "  " << line << "\n";
  }
  if (comparison.input_digests_absent && !comparison.matched) {
    out << "(this golden records no digests of the input files its scenario reads: recorded by an older ringsim;\n"
           " re-record it to add them, so a changed data file is told apart from a code change)\n";
  }
}

bool unchanged(const GoldenComparison::Gated& gated) {
  return gated.expected == gated.actual || (std::isnan(gated.expected) && std::isnan(gated.actual));
}

// Tolerance mode: the tolerated metrics beyond their limit (all), those that moved within
// it (up to `shown`), a count of the unchanged; then the metrics compared exactly because
// they have none (the changed ones listed). The headline names the highest-ranked metric
// beyond its limit (client metrics, then health: golden.h) and the cluster's health beside it.
void report_tolerance_mode(std::ostream& out, const Golden& golden, const GoldenComparison& comparison,
                           std::size_t shown, std::ostringstream& headline) {
  std::size_t same = 0;
  std::size_t within_listed = 0;
  std::size_t within_more = 0;
  // One table for both lists, so their columns line up.
  ComparisonTable table(true);
  table.add_line("metrics with a tolerance (beyond it first, then those that moved within it):");
  for (const auto& gated : comparison.gated) {
    if (gated.held && unchanged(gated)) {
      same += 1;
      continue;
    }
    if (gated.held && within_listed == shown) {
      within_more += 1;
      continue;
    }
    within_listed += gated.held ? 1 : 0;
    table.add_row(gated.metric, gated.expected, gated.actual, change_against(gated.limit, gated.expected, gated.actual),
                  gated.limit, gated.held ? "ok" : "EXCEEDED");
    if (!gated.held && headline.tellp() == 0) {
      headline << gated.metric << " " << change_text(gated.metric, gated.expected, gated.actual) << " ("
               << change_against(gated.limit, gated.expected, gated.actual) << "), beyond its tolerance " << gated.limit
               << health_clause(golden, comparison.moved, gated.metric);
    }
  }
  if (within_more > 0) table.add_line("  ... " + std::to_string(within_more) + " more moved within their tolerance (--show-moved 0 lists every one)");
  if (same > 0) table.add_line("  " + std::to_string(same) + (same == comparison.gated.size() ? " (all)" : " more") + " unchanged");
  const std::size_t changed = comparison.exact_changed.size();
  const std::string exact = "metrics without a tolerance, compared exactly: " + std::to_string(comparison.exact_metrics);
  table.add_line(changed == 0 ? exact + ", all unchanged" : exact + ", " + std::to_string(changed) + " changed:");
  for (std::size_t index = 0; index < changed && index < shown; ++index) {
    const auto& moved = comparison.exact_changed[index];
    table.add_row(moved.metric, moved.expected, moved.actual, relative_text(moved.relative_change), "none", "CHANGED");
  }
  if (changed > shown) table.add_line("  ... " + std::to_string(changed - shown) + " more changed (--show-moved 0 lists every one)");
  out << table.render("  ");
  if (changed > 0 && headline.tellp() == 0) {
    headline << moved_text(comparison.exact_changed.front()) << " changed and has no tolerance (compared exactly)";
    if (changed > 1) headline << ", +" << changed - 1 << " more";
    headline << health_clause(golden, comparison.moved, comparison.exact_changed.front().metric);
  }
}

}  // namespace

std::string within_tolerance_summary(const GoldenComparison& comparison) {
  if (!comparison.matched || comparison.mode != GoldenComparison::Mode::kTolerance) return "";
  constexpr std::size_t kNamed = 3;
  std::string text;
  std::size_t moved = 0;
  for (const GoldenComparison::Gated& gated : comparison.gated) {
    if (unchanged(gated)) continue;
    if (++moved > kNamed) continue;
    text += (text.empty() ? "" : ", ") + gated.metric + " " + change_against(gated.limit, gated.expected, gated.actual) +
            " (limit " + gated.limit + ")";
  }
  if (moved > kNamed) text += ", +" + std::to_string(moved - kNamed) + " more within their limits";
  if (text.empty() && comparison.events_differ) text = "the event stream differs, no metric with a tolerance moved";
  if (text.empty() && !comparison.input_changes.empty()) text = input_headline(comparison.input_changes);
  return text;
}

std::string unused_tolerances_text(const GoldenComparison& comparison) {
  if (comparison.unused_tolerances.empty()) return "";
  std::string text = "tolerances not used";
  if (!comparison.unused_tolerances_reason.empty()) text += " (" + comparison.unused_tolerances_reason + ")";
  text += ": ";
  for (std::size_t index = 0; index < comparison.unused_tolerances.size(); ++index) {
    text += (index == 0 ? "" : ", ") + comparison.unused_tolerances[index];
  }
  return text;
}

GoldenReport report_golden_comparison(const Golden& golden, const Scenario& replayed, const GoldenComparison& comparison,
                                      std::size_t moved_shown) {
  const std::size_t shown = moved_shown == 0 ? comparison.moved.size() : moved_shown;
  using Mode = GoldenComparison::Mode;
  std::ostringstream out;
  std::ostringstream headline;
  if (comparison.mode == Mode::kCrossPlatform) {
    out << "vectors on another platform (" << golden.platform.dump()
        << "): hashes not compared, metrics within the built-in tolerances\n";
  }
  // First: a gate that differs from what the golden recorded is what a reviewer must know.
  const std::string unused = unused_tolerances_text(comparison);
  if (!unused.empty()) out << unused << "\n";
  report_inputs(out, comparison);
  if (!comparison.input_changes.empty() && comparison.mode != Mode::kTolerance) {
    headline << input_headline(comparison.input_changes);
  }
  std::string first_kind;
  if (comparison.events_differ) {
    if (comparison.mode == Mode::kTolerance) {
      const std::string hashes = comparison.stream_summary.empty() ? "" : " (" + comparison.stream_summary.front() + ")";
      out << "(tolerance mode: the event stream is reported, not gated: it differs" << hashes
          << ";\n the metrics with a tolerance are gated by it, every other metric exactly)\n";
    }
    report_event_stream(out, golden, replayed, comparison, first_kind);
  } else if (comparison.mode == Mode::kTolerance) {
    out << "(tolerance mode: the event stream matches the golden exactly)\n";
  }
  if (comparison.mode == Mode::kTolerance) report_tolerance_mode(out, golden, comparison, shown, headline);
  for (const std::string& line : comparison.summary_differences) {
    if (line.find("matches no metric") != std::string::npos || line.find("not produced") != std::string::npos ||
        line.rfind("golden lacks metric", 0) == 0) {
      out << line << "\n";
      if (headline.tellp() == 0) headline << line;
    }
  }
  // Only metrics differ: say the events are the same, the likeliest causes differ.
  const bool only_metrics = !comparison.matched && !comparison.events_differ && comparison.mode != Mode::kCrossPlatform &&
                            comparison.input_changes.empty();
  if (only_metrics) {
    out << "the event stream matches the golden exactly (trace hash, event count and every window); only summary\n"
           "metrics differ: a metric edited in the golden, or a change in the code that computes it\n";
  }
  // Tolerance mode lists every moved metric above (with its limit, or as compared exactly).
  if (comparison.mode != Mode::kTolerance) {
    ComparisonTable table(false);
    if (!comparison.moved.empty()) table.add_line("metrics that moved most (golden -> this run):");
    for (std::size_t index = 0; index < comparison.moved.size() && index < shown; ++index) {
      const auto& moved = comparison.moved[index];
      table.add_row(moved.metric, moved.expected, moved.actual, relative_text(moved.relative_change));
    }
    if (comparison.moved.size() > shown) {
      table.add_line("  ... " + std::to_string(comparison.moved.size() - shown) +
                     " more metrics moved (--show-moved 0 lists every one)");
    }
    out << table.render("  ");
  }
  if (comparison.first_window && comparison.mode != Mode::kTolerance) {
    headline << (headline.tellp() == 0 ? "" : "; ") << "events diverge first in window "
             << window_span(replayed, *comparison.first_window);
    if (!first_kind.empty()) headline << " (" << first_kind << ")";
  }
  if (!comparison.moved.empty() && comparison.mode != Mode::kTolerance) {
    headline << (headline.tellp() == 0 ? "" : "; ") << moved_headline(golden, comparison.moved);
  }
  if (headline.tellp() == 0 && !comparison.summary_differences.empty()) headline << comparison.summary_differences.front();
  const bool run_matches = !comparison.events_differ && comparison.summary_differences.empty() && comparison.moved.empty();
  if (!comparison.input_changes.empty() && run_matches) {
    headline << "; the run still matches (the golden records a run of its inputs: re-record it)";
    out << "the run still matches the golden exactly; it records a run of the inputs above, so re-record it\n";
  }
  if (only_metrics) headline << "; the event stream still matches exactly";
  if (!comparison.input_changes.empty() && comparison.mode == Mode::kTolerance) {
    headline << (headline.tellp() == 0 ? "" : "; ") << input_headline(comparison.input_changes);
  }
  if (!unused.empty() && !comparison.matched) {
    headline << (headline.tellp() == 0 ? "" : "; ") << "tolerances not used: " << comparison.unused_tolerances.front();
    if (comparison.unused_tolerances.size() > 1) headline << " (+" << comparison.unused_tolerances.size() - 1 << " more)";
  }
  return {headline.str(), out.str()};
}

}  // namespace ringsim
