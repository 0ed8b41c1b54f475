// Writes a run as Chrome trace-event JSON (the "Trace Event Format" that Perfetto UI and
// chrome://tracing open): {"displayTimeUnit":"ms","traceEvents":[...],"otherData":{...}}.
// Every field is documented in docs/outputs.md#perfetto.
//
// Layout (pid / tid):
//   pid 1 "cluster": counters of run-wide gauges and per-operation p99 per window; thread 1
//     "timeline" (instants: timeline actions), thread 2 "failure detector" (instants).
//   pid 2 "migration ranges": one slice per migrated range (a DAG run), its stages nested
//     below it; pid 3 "pipelines": one slice per pipeline DAG run, its tasks below it.
//     Lanes (tids) are assigned so that slices on one tid always nest, never cross:
//     a run and its tasks take the lowest block of lanes free over the run's interval.
//   pid 10 + N "node N": thread c + 1 "core c" carries one "X" slice per job served on
//     that core (name: the operation); counters utilization, queue_length, keys per window.
// Events are streamed as they happen (memory stays bounded by open slices and lanes).
//
// Times: virtual ns written as µs with an exact decimal fraction (1234567 ns -> 1234.567).
// Strings (names from the scenario, operation names) are JSON-escaped; bytes that are not
// UTF-8 are replaced. Slices on a crashed node's cores that never ended are dropped.
//
// Bounds: only events starting in [from_ns, to_ns] and of the selected kinds are written;
// once max_bytes would be exceeded nothing more is written (truncated() says so) and the
// document is still closed validly.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/activity.h"
#include "sim/metrics.h"
#include "sim/time.h"

namespace ringsim {

// The event kinds --perfetto-kinds selects.
inline const std::vector<std::string>& perfetto_kind_names() {
  static const std::vector<std::string> names = {"service", "migration", "dag", "counter", "instant"};
  return names;
}

struct PerfettoOptions {
  TimeNs from_ns = 0;
  TimeNs to_ns = INT64_MAX;
  std::set<std::string> kinds;  // of perfetto_kind_names(); empty: all
  std::uint64_t max_bytes = std::uint64_t{256} << 20;
  // Of max_bytes, kept for the counters written at the end (so a capped trace keeps them).
  std::uint64_t counter_reserve_bytes = 0;
};

// Parses "service,counter" into a kind set; throws ConfigError naming --perfetto-kinds.
std::set<std::string> parse_perfetto_kinds(const std::string& text);

// ns as µs with an exact decimal fraction, trailing zeros dropped.
std::string format_us(TimeNs ns);

class PerfettoWriter final : public ActivityObserver {
 public:
  // Writes the document's opening at once; `scenario_name` goes to otherData.
  PerfettoWriter(std::ostream& out, PerfettoOptions options, std::string_view scenario_name);

  void service_started(TimeNs now_ns, std::uint32_t node, std::uint32_t incarnation, std::uint32_t cores,
                       std::uint64_t job, std::string_view operation) override;
  void service_ended(TimeNs now_ns, std::uint32_t node, std::uint64_t job) override;
  void span(std::string_view group, std::uint64_t run, int depth, std::string_view name, TimeNs start_ns,
            TimeNs end_ns, std::uint32_t node, std::string_view state) override;
  void instant(TimeNs now_ns, std::string_view category, std::string_view name, std::uint32_t node,
               std::string_view detail) override;

  // After the run: counters from the metrics' windows, process/thread names, the closing.
  void finish(const Metrics& metrics);

  bool truncated() const { return truncated_; }
  TimeNs truncated_at_ns() const { return truncated_at_ns_; }
  std::uint64_t events_written() const { return events_written_; }
  std::uint64_t bytes_written() const { return bytes_written_; }

 private:
  struct OpenService {
    bool open = false;
    std::uint64_t job = 0;
    TimeNs start_ns = 0;
    std::string operation;
  };
  struct NodeCores {
    std::uint32_t incarnation = 0;
    std::vector<OpenService> lanes;
  };
  struct PendingSpan {
    std::string name;
    TimeNs start_ns = 0;
    TimeNs end_ns = 0;
    std::uint32_t node = kNoActivityNode;
    std::string state;
  };
  struct PendingRun {
    std::string group;
    std::uint64_t run = 0;
    PendingSpan span;
    std::vector<PendingSpan> tasks;
  };
  struct LaneGroup {
    std::vector<TimeNs> busy_until;
  };

  bool selected(std::string_view kind, TimeNs start_ns) const;
  void emit(std::string_view kind, TimeNs at_ns, const std::string& event);
  void flush_run();
  std::uint32_t place_block(LaneGroup& group, std::uint32_t width, TimeNs start_ns, TimeNs end_ns);
  void write_counters(const Metrics& metrics);
  void write_metadata();

  std::ostream& out_;
  PerfettoOptions options_;
  std::string scenario_name_;
  std::map<std::uint32_t, NodeCores> nodes_;       // by node id
  std::map<std::uint32_t, std::uint32_t> node_lanes_;  // node -> core lanes used
  std::map<std::string, LaneGroup> lane_groups_;   // by DAG group
  bool has_pending_run_ = false;
  PendingRun pending_run_;
  bool first_event_ = true;
  bool truncated_ = false;
  TimeNs truncated_at_ns_ = 0;
  std::uint64_t events_written_ = 0;
  std::uint64_t bytes_written_ = 0;
  std::uint64_t services_dropped_ = 0;
};

}  // namespace ringsim
