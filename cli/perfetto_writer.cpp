#include "cli/perfetto_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "sim/config_error.h"

namespace ringsim {

namespace {

constexpr int kClusterPid = 1;
constexpr int kMigrationPid = 2;
constexpr int kPipelinePid = 3;
constexpr int kNodePidBase = 10;
constexpr int kTimelineTid = 1;
constexpr int kDetectorTid = 2;
// The migration ranges' DAG executor (models/cluster/migration_driver.cpp); every other
// executor (the pipelines', "dag") is drawn as pipelines.
constexpr std::string_view kMigrationGroup = "migration_dag";

// A JSON string literal; invalid UTF-8 is replaced rather than refused.
std::string json_string(std::string_view text) {
  return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int node_pid(std::uint32_t node) { return kNodePidBase + static_cast<int>(node); }

std::string slice(std::string_view name, std::string_view category, TimeNs start_ns, TimeNs end_ns, int pid,
                  std::uint32_t tid, const std::string& args) {
  std::string event = "{\"name\":" + json_string(name) + ",\"cat\":" + json_string(category) + ",\"ph\":\"X\",\"ts\":" +
                      format_us(start_ns) + ",\"dur\":" + format_us(end_ns - start_ns) +
                      ",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid);
  if (!args.empty()) event += ",\"args\":{" + args + "}";
  return event + "}";
}

std::string metadata(std::string_view what, int pid, std::uint32_t tid, std::string_view key,
                     const std::string& value) {
  return "{\"name\":" + json_string(what) + ",\"ph\":\"M\",\"pid\":" + std::to_string(pid) +
         ",\"tid\":" + std::to_string(tid) + ",\"args\":{" + json_string(key) + ":" + value + "}}";
}

// Task lanes below a run: greedy by start time into the first lane free again.
std::vector<std::uint32_t> task_lanes(const std::vector<std::pair<TimeNs, TimeNs>>& tasks, std::uint32_t& width) {
  std::vector<std::size_t> order(tasks.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return tasks[a].first < tasks[b].first; });
  std::vector<TimeNs> lane_end;
  std::vector<std::uint32_t> lane(tasks.size(), 0);
  for (const std::size_t i : order) {
    std::uint32_t chosen = 0;
    while (chosen < lane_end.size() && lane_end[chosen] > tasks[i].first) ++chosen;
    if (chosen == lane_end.size()) lane_end.push_back(0);
    lane_end[chosen] = tasks[i].second;
    lane[i] = chosen;
  }
  width = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(lane_end.size()));
  return lane;
}

}  // namespace

std::string format_us(TimeNs ns) {
  const bool negative = ns < 0;
  const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
  std::string text = (negative ? "-" : "") + std::to_string(magnitude / 1000);
  std::uint64_t fraction = magnitude % 1000;
  if (fraction == 0) return text;
  std::string digits = std::to_string(fraction);
  digits.insert(0, 3 - digits.size(), '0');
  while (digits.back() == '0') digits.pop_back();
  return text + "." + digits;
}

std::set<std::string> parse_perfetto_kinds(const std::string& text) {
  std::set<std::string> kinds;
  std::istringstream list(text);
  for (std::string kind; std::getline(list, kind, ',');) {
    const auto& names = perfetto_kind_names();
    if (std::find(names.begin(), names.end(), kind) == names.end()) {
      throw ConfigError("--perfetto-kinds", text,
                        "expected a comma-separated list of service, migration, dag, counter, instant; got '" + kind + "'");
    }
    kinds.insert(kind);
  }
  return kinds;
}

PerfettoWriter::PerfettoWriter(std::ostream& out, PerfettoOptions options, std::string_view scenario_name)
    : out_(out), options_(std::move(options)), scenario_name_(scenario_name) {
  const std::string opening = "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n";
  out_ << opening;
  bytes_written_ += opening.size();
}

bool PerfettoWriter::selected(std::string_view kind, TimeNs start_ns) const {
  if (start_ns < options_.from_ns || start_ns > options_.to_ns) return false;
  return options_.kinds.empty() || options_.kinds.count(std::string(kind)) > 0;
}

void PerfettoWriter::emit(std::string_view kind, TimeNs at_ns, const std::string& event) {
  // Counters and instants (few, and what a reader looks for first) may use the reserve;
  // slices stop short of it. Metadata ("M") always fits.
  const std::uint64_t limit =
      kind == "counter" || kind == "instant" || kind == "metadata" ? options_.max_bytes
                                              : options_.max_bytes - std::min(options_.max_bytes, options_.counter_reserve_bytes);
  if (kind != "metadata" && bytes_written_ + event.size() + 2 > limit) {
    if (!truncated_) truncated_at_ns_ = at_ns;
    truncated_ = true;
    return;
  }
  if (!first_event_) out_ << ",\n";
  out_ << event;
  first_event_ = false;
  bytes_written_ += event.size() + 2;
  events_written_ += 1;
}

void PerfettoWriter::service_started(TimeNs now_ns, std::uint32_t node, std::uint32_t incarnation,
                                     std::uint32_t cores, std::uint64_t job, std::string_view operation) {
  flush_run();
  NodeCores& state = nodes_[node];
  if (state.incarnation != incarnation) {
    // A new process: jobs of the old one never end (lost in the crash).
    for (const OpenService& lane : state.lanes) services_dropped_ += lane.open ? 1 : 0;
    state.lanes.clear();
    state.incarnation = incarnation;
  }
  auto free_lane = std::find_if(state.lanes.begin(), state.lanes.end(), [](const OpenService& s) { return !s.open; });
  if (free_lane == state.lanes.end()) {
    state.lanes.emplace_back();
    free_lane = state.lanes.end() - 1;
  }
  (void)cores;  // A station never runs more jobs than cores, so lanes == cores in use.
  *free_lane = OpenService{true, job, now_ns, std::string(operation)};
  std::uint32_t& used = node_lanes_[node];
  used = std::max(used, static_cast<std::uint32_t>(state.lanes.size()));
}

void PerfettoWriter::service_ended(TimeNs now_ns, std::uint32_t node, std::uint64_t job) {
  flush_run();
  NodeCores& state = nodes_[node];
  for (std::size_t lane = 0; lane < state.lanes.size(); ++lane) {
    OpenService& open = state.lanes[lane];
    if (!open.open || open.job != job) continue;
    open.open = false;
    if (selected("service", open.start_ns)) {
      emit("service", open.start_ns,
           slice(open.operation, "service", open.start_ns, now_ns, node_pid(node), static_cast<std::uint32_t>(lane + 1), ""));
    }
    return;
  }
}

void PerfettoWriter::span(std::string_view group, std::uint64_t run, int depth, std::string_view name, TimeNs start_ns,
                          TimeNs end_ns, std::uint32_t node, std::string_view state) {
  PendingSpan span{std::string(name), start_ns, std::max(start_ns, end_ns), node, std::string(state)};
  if (depth == 0) {
    flush_run();
    pending_run_ = PendingRun{std::string(group), run, std::move(span), {}};
    has_pending_run_ = true;
    return;
  }
  if (has_pending_run_ && pending_run_.group == group && pending_run_.run == run) {
    // Clamp into the run so the nesting on its lane holds.
    span.start_ns = std::clamp(span.start_ns, pending_run_.span.start_ns, pending_run_.span.end_ns);
    span.end_ns = std::clamp(span.end_ns, span.start_ns, pending_run_.span.end_ns);
    pending_run_.tasks.push_back(std::move(span));
  }
}

std::uint32_t PerfettoWriter::place_block(LaneGroup& group, std::uint32_t width, TimeNs start_ns, TimeNs end_ns) {
  std::uint32_t base = 0;
  for (;; ++base) {
    bool free = true;
    for (std::uint32_t lane = base; lane < base + width && lane < group.busy_until.size(); ++lane) {
      if (group.busy_until[lane] > start_ns) {
        free = false;
        break;
      }
    }
    if (free) break;
  }
  if (group.busy_until.size() < base + width) group.busy_until.resize(base + width, 0);
  for (std::uint32_t lane = base; lane < base + width; ++lane) group.busy_until[lane] = end_ns;
  return base;
}

void PerfettoWriter::flush_run() {
  if (!has_pending_run_) return;
  has_pending_run_ = false;
  const PendingRun& run = pending_run_;
  const bool migration = run.group == kMigrationGroup;
  const std::string_view kind = migration ? "migration" : "dag";
  if (!selected(kind, run.span.start_ns)) return;
  std::vector<std::pair<TimeNs, TimeNs>> intervals;
  for (const PendingSpan& task : run.tasks) intervals.emplace_back(task.start_ns, task.end_ns);
  std::uint32_t width = 1;
  const std::vector<std::uint32_t> lanes = task_lanes(intervals, width);
  const std::uint32_t base = place_block(lane_groups_[run.group], width, run.span.start_ns, run.span.end_ns);
  const int pid = migration ? kMigrationPid : kPipelinePid;
  const std::string run_name = migration ? "range " + std::to_string(run.run) : run.span.name;
  emit(kind, run.span.start_ns,
       slice(run_name, kind, run.span.start_ns, run.span.end_ns, pid, base + 1,
             "\"run\":" + std::to_string(run.run) + ",\"state\":" + json_string(run.span.state)));
  for (std::size_t i = 0; i < run.tasks.size(); ++i) {
    const PendingSpan& task = run.tasks[i];
    std::string args = "\"run\":" + std::to_string(run.run) + ",\"state\":" + json_string(task.state);
    if (task.node != kNoActivityNode) args += ",\"node\":" + std::to_string(task.node);
    emit(kind, task.start_ns, slice(task.name, kind, task.start_ns, task.end_ns, pid, base + lanes[i] + 1, args));
  }
}

void PerfettoWriter::instant(TimeNs now_ns, std::string_view category, std::string_view name, std::uint32_t node,
                             std::string_view detail) {
  flush_run();
  if (!selected("instant", now_ns)) return;
  std::string args = "\"detail\":" + json_string(detail);
  if (node != kNoActivityNode) args += ",\"node\":" + std::to_string(node);
  const int tid = category == "detector" ? kDetectorTid : kTimelineTid;
  emit("instant", now_ns,
       "{\"name\":" + json_string(name) + ",\"cat\":" + json_string(category) + ",\"ph\":\"i\",\"s\":\"t\",\"ts\":" +
           format_us(now_ns) + ",\"pid\":" + std::to_string(kClusterPid) + ",\"tid\":" + std::to_string(tid) +
           ",\"args\":{" + args + "}}");
}

void PerfettoWriter::write_counters(const Metrics& metrics) {
  if (!options_.kinds.empty() && options_.kinds.count("counter") == 0) return;
  const std::vector<std::string>& names = metrics.series_names();
  for (SeriesId id = 0; id < names.size(); ++id) {
    const std::string& series = names[id];
    int pid = kClusterPid;
    std::string name = series;
    unsigned node = 0;
    int used = 0;
    char rest[64] = {};
    if (std::sscanf(series.c_str(), "node.%u.%63s%n", &node, rest, &used) == 2 && used == static_cast<int>(series.size())) {
      pid = node_pid(node);
      name = rest;
      node_lanes_.try_emplace(node, 0);
    } else if (series.find(".p99_ms") == std::string::npos && series.find('.') != std::string::npos &&
               std::find(metrics.op_names().begin(), metrics.op_names().end(), series.substr(0, series.find('.'))) !=
                   metrics.op_names().end()) {
      continue;  // Of the per-operation statistics only p99 is drawn.
    }
    for (const TimePoint& point : metrics.series(id)) {
      if (!std::isfinite(point.value) || !selected("counter", point.window_start_ns)) continue;
      nlohmann::json value = point.value;
      emit("counter", point.window_start_ns,
           "{\"name\":" + json_string(name) + ",\"cat\":\"counter\",\"ph\":\"C\",\"ts\":" + format_us(point.window_start_ns) +
               ",\"pid\":" + std::to_string(pid) + ",\"tid\":0,\"args\":{\"value\":" + value.dump() + "}}");
    }
  }
}

void PerfettoWriter::write_metadata() {
  const auto process = [&](int pid, const std::string& name, int sort_index) {
    emit("metadata", 0, metadata("process_name", pid, 0, "name", json_string(name)));
    emit("metadata", 0, metadata("process_sort_index", pid, 0, "sort_index", std::to_string(sort_index)));
  };
  const auto thread = [&](int pid, std::uint32_t tid, const std::string& name) {
    emit("metadata", 0, metadata("thread_name", pid, tid, "name", json_string(name)));
  };
  process(kClusterPid, "cluster", 0);
  thread(kClusterPid, kTimelineTid, "timeline");
  thread(kClusterPid, kDetectorTid, "failure detector");
  for (const auto& [group, lanes] : lane_groups_) {
    const bool migration = group == kMigrationGroup;
    const int pid = migration ? kMigrationPid : kPipelinePid;
    process(pid, migration ? "migration ranges" : "pipelines", pid);
    for (std::uint32_t lane = 0; lane < lanes.busy_until.size(); ++lane) thread(pid, lane + 1, "lane " + std::to_string(lane));
  }
  for (const auto& [node, lanes] : node_lanes_) {
    process(node_pid(node), "node " + std::to_string(node), node_pid(node));
    for (std::uint32_t lane = 0; lane < lanes; ++lane) thread(node_pid(node), lane + 1, "core " + std::to_string(lane));
  }
}

void PerfettoWriter::finish(const Metrics& metrics) {
  flush_run();
  write_counters(metrics);
  write_metadata();
  nlohmann::json other = {{"scenario", scenario_name_},
                          {"generator", "ringsim --perfetto"},
                          {"time_unit", "virtual time; ts and dur in microseconds"},
                          {"truncated", truncated_},
                          {"services_lost_in_crashes", services_dropped_}};
  if (truncated_) other["truncated_at_us"] = format_us(truncated_at_ns_);
  out_ << "\n],\"otherData\":" << other.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "}\n";
}

}  // namespace ringsim
