// Golden replays: a compact, reviewable text record of one run, and its comparison with
// a re-run. docs/ci.md describes the format and what is compared how.
//
// A golden (JSON, written one value per line so a review diff names the window, the event
// kind and the metric that changed) holds:
// - the scenario as run (after --set/--seed) and its file path (data files resolve from it);
// - the platform it was recorded on (compiler, architecture, SIMD level of the index code);
// - optional "tolerances" (run/tolerance.h) for metric comparison (which of them gate:
//   cli/golden_tolerances.h);
// - the summary: trace hash, events, every "<op>.<stat>", counter and result;
// - per window of `window_s` (events bucketed by floor(t / window), an event at the end
//   time goes to the last window): the event count, the window's hash of (time, handler,
//   kind) of its events in order, and per handler.kind the count, a 32-bit hash of the
//   same and the time of its first event (so a failure can say "expected the first
//   sender_tick at t1, it came at t2" even when the code that made the golden is gone); plus the window's key metrics (per operation count and p99_ms). The
//   arguments (request slots, generations, ...) are left out of the window hashes: ids
//   are allocated by history, so one extra request early would change every later
//   window's lines although those windows ran the same events at the same times. The
//   summary's trace hash covers the arguments, so exact mode stays exact.
//
// Comparison modes:
// - exact (default): windows, trace hash, events and every summary metric exactly;
// - tolerance (any tolerance chosen by cli/golden_tolerances.h): the listed
//   metrics within their limits and every other metric exactly; the event stream cannot
//   match when a tolerated metric moved, so it is reported (where it first diverged, the
//   trace hashes) but does not gate;
// - cross-platform: the scenario has vector shards and the platform differs; SIMD
//   distance sums may differ in the last bits, HNSW may visit other nodes and the event
//   stream legitimately diverges, so hashes are not compared and summary metrics are
//   compared within built-in tolerances (docs/ci.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/golden_inputs.h"
#include "cli/scenario_diff.h"
#include "run/run.h"
#include "run/scenario.h"
#include "run/tolerance.h"
#include "sim/trace.h"

namespace ringsim {

// Per-window digest of the executed events, computed as a TraceSink.
class WindowDigestSink final : public TraceSink {
 public:
  struct KindDigest {
    std::uint64_t count = 0;
    TraceHash hash;
    TimeNs first_ns = 0;  // the kind's first event in the window
  };
  struct Window {
    std::uint64_t events = 0;
    TraceHash hash;
    std::vector<KindDigest> kinds;  // by slot, see kind_names()
  };

  WindowDigestSink(TimeNs window_ns, TimeNs end_ns);
  void on_event(const Event& event, const EventHandler& handler) override;

  const std::vector<Window>& windows() const { return windows_; }
  const std::vector<std::string>& kind_names() const { return kind_names_; }  // "handler.kind"

 private:
  TimeNs window_ns_;
  std::size_t window_count_;
  std::vector<Window> windows_;
  std::unordered_map<std::uint64_t, std::uint32_t> slot_of_;
  std::vector<std::string> kind_names_;
};

// The comparable content of a golden, as recorded or as re-computed by a replay.
struct GoldenWindow {
  double t_s = 0;
  std::uint64_t events = 0;
  std::string hash;                                                   // 16 hex digits
  struct Kind {
    std::uint64_t count = 0;
    std::string hash;       // 8 hex digits
    TimeNs first_ns = 0;    // time of the kind's first event in the window
    bool operator==(const Kind&) const = default;
  };
  std::map<std::string, Kind> kinds;  // by "handler.kind"
  std::vector<std::pair<std::string, double>> metrics;
};
struct Golden {
  std::string file;  // the scenario file it was recorded from
  std::string path;  // where read_golden read it ("" for a golden made in memory)
  nlohmann::json scenario_document;
  nlohmann::json platform;
  std::string trace_hash;
  std::uint64_t events = 0;
  std::vector<std::pair<std::string, double>> metrics;  // summary, in summary order
  std::vector<GoldenWindow> windows;
  std::vector<MetricTolerance> tolerances;  // the golden's own "tolerances" block
  bool has_vectors = false;
  // Size and SHA-256 of every input file the scenario reads (cli/golden_inputs.h).
  // `inputs_recorded` is false for a golden written before goldens kept them (no "inputs"
  // block although its scenario names files): a changed data file then cannot be told
  // from a code change, and a failure says so.
  std::vector<GoldenInput> inputs;
  bool inputs_recorded = true;
};

nlohmann::json current_platform();

// Runs the scenario to its end (or until_ns) with a digest attached; the result is what a
// golden records. `extra_sink` (optional) also receives every event.
Golden record_golden(const Scenario& scenario, std::uint32_t build_threads, TraceSink* extra_sink = nullptr);
// Builds the digest from a run that already executed with `digest` attached.
Golden golden_from_run(const Scenario& scenario, const Run& run, const WindowDigestSink& digest);

void write_golden(std::ostream& out, const Golden& golden);
// Throws ConfigError naming the file and pointer when the text is not a golden.
Golden read_golden(const std::string& path);

struct GoldenComparison {
  enum class Mode { kExact, kTolerance, kCrossPlatform };
  Mode mode = Mode::kExact;
  bool exact = true;            // mode == kExact
  bool matched = true;
  bool events_differ = false;   // the event stream differs (gates only in exact mode)
  std::optional<std::size_t> first_window;  // first window that differs (exact mode)
  std::vector<std::string> window_differences;  // lines describing that window's differences
  std::vector<std::string> summary_differences;  // metrics out of tolerance / not equal
  // "trace_hash A expected, B actual", "events N expected, M actual" (any mode).
  std::vector<std::string> stream_summary;
  // Input files whose digest changed since the golden was recorded (cli/golden_inputs.h):
  // in exact mode they fail the comparison, even when the run still matches (a golden
  // records a run of those inputs); in tolerance mode they are reported.
  std::vector<std::string> input_changes;
  bool input_digests_absent = false;  // the golden's scenario names files, the golden has no digests
  // Tolerance mode: how many metrics had no tolerance (compared exactly).
  std::size_t exact_metrics = 0;
  // Summary metrics by group (client-facing first, internal stages last: cli/metric_rank.h),
  // within a group by how much they moved: by |actual - expected| over
  // max(|expected|, floor), where the floor is kMovedCountFloor for counts (both values whole
  // numbers) and 0 otherwise, so a small count going 2 -> 6 (+200 %, the noise of a few
  // events) does not lead a p99 that rose 10 %. relative_change is still the plain change.
  struct Moved {
    std::string metric;
    double expected;
    double actual;
    double relative_change;
  };
  std::vector<Moved> moved;
  // Tolerance mode: each gated metric with its limit and whether it held; those beyond their
  // limit first, then in `moved`'s order (group, then how much they moved).
  struct Gated {
    std::string metric;
    double expected;
    double actual;
    std::string limit;  // as written: "5%"
    bool held;
  };
  std::vector<Gated> gated;
  // Tolerance mode: the metrics without a tolerance that differ (a subset of `moved`, in
  // its order); each fails the comparison.
  std::vector<Moved> exact_changed;
  // Tolerances named by the golden (or the scenario, under --exact) that did not gate this
  // comparison, "request.p99_ms=5% (now compared exactly)", and why (cli/golden_tolerances.h);
  // set by the caller, reported in the pass and the failure text.
  std::vector<std::string> unused_tolerances;
  std::string unused_tolerances_reason;
};

inline constexpr double kMovedCountFloor = 100;

GoldenComparison compare_goldens(const Golden& expected, const Golden& actual,
                                 const std::vector<MetricTolerance>& tolerances = {});

}  // namespace ringsim
