#include "cli/golden.h"

#include "cli/golden_tolerances.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include "cli/invoked_as.h"
#include "cli/metric_rank.h"
#include "cli/number_format.h"
#include "sim/config_error.h"
#include "sim/json_reader.h"
#include "sim/json_text.h"
#include "sim/number_text.h"

namespace ringsim {

namespace {

constexpr const char* kFormat = "ringsim-golden/2";
// Goldens are text written by ringsim; anything larger is not one.
constexpr std::uintmax_t kGoldenBytesMax = 64 * 1024 * 1024;

std::string hex32(std::uint64_t hash) {
  char buffer[9];
  std::snprintf(buffer, sizeof buffer, "%08" PRIx32, static_cast<std::uint32_t>(hash ^ (hash >> 32)));
  return buffer;
}

// Per window, the operations' throughput and tail and the cluster's health (members up,
// keys under-replicated at the window's end and at its worst instant, keys lost, client
// timeouts and retries): enough to see what moved and when without repeating
// timeseries.csv.
bool is_key_window_metric(const std::string& name) {
  const auto ends_with = [&](const std::string& suffix) {
    return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  for (const char* health : {"nodes_up", "under_replicated", "under_replicated_window_max", "lost_keys", "timeouts_per_s",
                             "retries_per_s"}) {
    if (name == health) return true;
  }
  return ends_with(".count") || ends_with(".p99_ms");
}

// Whole numbers (counts) as integers, others in shortest round-trip form.
std::string dump_number(double value) { return json_number(value).dump(); }

}  // namespace

WindowDigestSink::WindowDigestSink(TimeNs window_ns, TimeNs end_ns)
    : window_ns_(window_ns),
      window_count_(static_cast<std::size_t>(std::max<TimeNs>(1, (end_ns + window_ns - 1) / window_ns))) {}

void WindowDigestSink::on_event(const Event& event, const EventHandler& handler) {
  const std::size_t index = std::min(static_cast<std::size_t>(event.time_ns / window_ns_), window_count_ - 1);
  if (windows_.size() <= index) windows_.resize(index + 1);
  const std::uint64_t key = (std::uint64_t{event.handler} << 32) | event.kind;
  auto [slot, inserted] = slot_of_.try_emplace(key, static_cast<std::uint32_t>(kind_names_.size()));
  if (inserted) {
    kind_names_.push_back(std::string(handler.handler_name()) + "." + handler.event_kind_name(event.kind));
  }
  Window& window = windows_[index];
  // Time, handler and kind only: see golden.h for why the ids are left out here.
  Event shape = event;
  shape.arg0 = 0;
  shape.arg1 = 0;
  window.events += 1;
  window.hash.fold(shape);
  if (window.kinds.size() <= slot->second) window.kinds.resize(slot->second + 1);
  KindDigest& kind = window.kinds[slot->second];
  if (kind.count == 0) kind.first_ns = event.time_ns;
  kind.count += 1;
  kind.hash.fold(shape);
}

nlohmann::json current_platform() {
  nlohmann::json platform;
#if defined(__clang__)
  platform["compiler"] = "clang " + std::to_string(__clang_major__) + "." + std::to_string(__clang_minor__);
#elif defined(__GNUC__)
  platform["compiler"] = "gcc " + std::to_string(__GNUC__) + "." + std::to_string(__GNUC_MINOR__);
#else
  platform["compiler"] = "unknown";
#endif
#if defined(__x86_64__)
  platform["arch"] = "x86_64";
#elif defined(__aarch64__)
  platform["arch"] = "aarch64";
#else
  platform["arch"] = "other";
#endif
  // hnswlib picks its distance kernels by these macros at compile time (PLATFORM-NOTES 2).
#if defined(__AVX512F__)
  platform["simd"] = "avx512";
#elif defined(__AVX__)
  platform["simd"] = "avx";
#elif defined(__SSE__)
  platform["simd"] = "sse";
#else
  platform["simd"] = "none";
#endif
  return platform;
}

Golden golden_from_run(const Scenario& scenario, const Run& run, const WindowDigestSink& digest) {
  Golden golden;
  golden.file = scenario.file;
  golden.scenario_document = scenario.document;
  golden.platform = current_platform();
  const RunSummary summary = run.summary();
  golden.trace_hash = format_trace_hash(summary.trace_hash);
  golden.events = summary.events;
  for (const OpSummary& op : summary.ops) {
    for (std::size_t stat = 0; stat < op.stats.size(); ++stat) {
      golden.metrics.emplace_back(op.name + "." + op_stat_names()[stat], op.stats[stat]);
    }
  }
  for (const auto& counter : summary.counters) golden.metrics.push_back(counter);
  if (const auto* cluster = std::get_if<ClusterScenario>(&scenario.model)) golden.has_vectors = cluster->data.vectors.has_value();
  golden.inputs = scenario_inputs(scenario);

  const Metrics& metrics = run.metrics();
  for (std::size_t index = 0; index < digest.windows().size(); ++index) {
    const WindowDigestSink::Window& window = digest.windows()[index];
    GoldenWindow out;
    out.t_s = ns_to_s(static_cast<TimeNs>(index) * scenario.window_ns);
    out.events = window.events;
    out.hash = format_trace_hash(window.hash.value());
    for (std::size_t slot = 0; slot < window.kinds.size(); ++slot) {
      if (window.kinds[slot].count == 0) continue;
      out.kinds[digest.kind_names()[slot]] = {window.kinds[slot].count, hex32(window.kinds[slot].hash.value()),
                                              window.kinds[slot].first_ns};
    }
    const TimeNs start_ns = static_cast<TimeNs>(index) * scenario.window_ns;
    for (SeriesId id = 0; id < metrics.series_names().size(); ++id) {
      if (!is_key_window_metric(metrics.series_names()[id])) continue;
      for (const TimePoint& point : metrics.series(id)) {
        if (point.window_start_ns == start_ns) out.metrics.emplace_back(metrics.series_names()[id], point.value);
      }
    }
    golden.windows.push_back(std::move(out));
  }
  return golden;
}

Golden record_golden(const Scenario& scenario, std::uint32_t build_threads, TraceSink* extra_sink) {
  RunOptions options;
  options.build_threads = build_threads;
  Run run(scenario, options);
  WindowDigestSink digest(scenario.window_ns, scenario.duration_ns);
  TraceTee tee({&digest, extra_sink});
  run.simulator().set_trace_sink(&tee);
  run.run_to_end();
  run.simulator().set_trace_sink(nullptr);
  return golden_from_run(scenario, run, digest);
}

void write_golden(std::ostream& out, const Golden& golden) {
  const auto quote = [](const std::string& text) { return nlohmann::json(text).dump(); };
  out << "{\n  \"format\": " << quote(kFormat) << ",\n";
  out << "  \"platform\": " << golden.platform.dump() << ",\n";
  out << "  \"file\": " << quote(golden.file) << ",\n";
  std::string scenario = golden.scenario_document.dump(2);
  std::string indented;
  for (const char c : scenario) {
    indented += c;
    if (c == '\n') indented += "  ";
  }
  out << "  \"scenario\": " << indented << ",\n";
  if (!golden.tolerances.empty()) out << "  \"tolerances\": " << tolerances_json(golden.tolerances).dump() << ",\n";
  if (!golden.inputs.empty()) write_golden_inputs(out, golden.inputs);
  out << "  \"summary\": {\n    \"trace_hash\": " << quote(golden.trace_hash) << ",\n    \"events\": " << golden.events;
  for (const auto& [name, value] : golden.metrics) out << ",\n    " << quote(name) << ": " << dump_number(value);
  out << "\n  },\n  \"windows\": [";
  // One value per line, so a window whose events are unchanged keeps its lines.
  for (std::size_t index = 0; index < golden.windows.size(); ++index) {
    const GoldenWindow& window = golden.windows[index];
    out << (index == 0 ? "\n" : ",\n") << "    {\"t_s\": " << dump_number(window.t_s) << ", \"events\": " << window.events
        << ", \"hash\": " << quote(window.hash) << ",\n     \"metrics\": {";
    for (std::size_t m = 0; m < window.metrics.size(); ++m) {
      out << (m == 0 ? "\n" : ",\n") << "       " << quote(window.metrics[m].first) << ": " << dump_number(window.metrics[m].second);
    }
    out << "},\n     \"kinds\": {";
    bool first = true;
    for (const auto& [name, digest] : window.kinds) {
      out << (first ? "\n" : ",\n") << "       " << quote(name) << ": [" << digest.count << ", " << quote(digest.hash) << ", "
          << digest.first_ns << "]";
      first = false;
    }
    out << "}}";
  }
  out << "\n  ]\n}\n";
}

namespace {

// Each value of a golden checked with its JSON pointer, so a hand-edited or truncated
// golden names what is wrong ("/windows/3/kinds/station.arrival: expected [count, hash,
// first time ns]"), not nlohmann's "type must be number, but is string" at "/".
void expect_value(bool ok, const std::string& path, const std::string& pointer, const char* expected) {
  if (!ok) throw ConfigError(path, pointer, std::string("expected ") + expected + " in a golden");
}

double metric_value(const nlohmann::json& value, const std::string& path, const std::string& pointer) {
  expect_value(value.is_number() || value.is_null(), path, pointer, "a number (or null: no samples)");
  return value.is_null() ? NAN : value.get<double>();
}

void read_summary(const nlohmann::json& summary, const std::string& path, Golden& golden) {
  for (const auto& [name, value] : summary.items()) {
    const std::string pointer = json_pointer_append("/summary", name);
    if (name == "trace_hash") {
      expect_value(value.is_string(), path, pointer, "the trace hash (a string of 16 hex digits)");
      golden.trace_hash = value.get<std::string>();
    } else if (name == "events") {
      expect_value(value.is_number_unsigned(), path, pointer, "the event count (an integer >= 0)");
      golden.events = value.get<std::uint64_t>();
    } else {
      golden.metrics.emplace_back(name, metric_value(value, path, pointer));
    }
  }
}

GoldenWindow read_window(const nlohmann::json& item, const std::string& path, const std::string& at) {
  expect_value(item.is_object(), path, at, "a window (an object with t_s, events, hash, metrics, kinds)");
  const auto field = [&](const char* key, bool (nlohmann::json::*is)() const noexcept, const char* expected) -> const nlohmann::json& {
    const std::string pointer = json_pointer_append(at, key);
    expect_value(item.contains(key) && (item[key].*is)(), path, pointer, expected);
    return item[key];
  };
  GoldenWindow window;
  window.t_s = field("t_s", &nlohmann::json::is_number, "the window's start (a number of seconds)").get<double>();
  window.events = field("events", &nlohmann::json::is_number_unsigned, "the window's event count (an integer >= 0)").get<std::uint64_t>();
  window.hash = field("hash", &nlohmann::json::is_string, "the window's hash (a string of 16 hex digits)").get<std::string>();
  const std::string metrics_at = json_pointer_append(at, "metrics");
  for (const auto& [name, value] : field("metrics", &nlohmann::json::is_object, "an object of the window's metrics").items()) {
    window.metrics.emplace_back(name, metric_value(value, path, json_pointer_append(metrics_at, name)));
  }
  const std::string kinds_at = json_pointer_append(at, "kinds");
  for (const auto& [name, value] : field("kinds", &nlohmann::json::is_object, "an object of handler.kind digests").items()) {
    const bool ok = value.is_array() && value.size() == 3 && value[0].is_number_unsigned() && value[1].is_string() &&
                    value[2].is_number_integer();
    expect_value(ok, path, json_pointer_append(kinds_at, name), "[count, 8-hex-digit hash, first event time in ns]");
    window.kinds[name] = {value[0].get<std::uint64_t>(), value[1].get<std::string>(), value[2].get<TimeNs>()};
  }
  return window;
}

}  // namespace

Golden read_golden(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path, "", "cannot open the golden for reading");
  in.seekg(0, std::ios::end);
  const std::streamoff size_bytes = in.tellg();
  if (size_bytes < 0 || static_cast<std::uintmax_t>(size_bytes) > kGoldenBytesMax) {
    throw ConfigError(path, "", "not a golden: too large or unreadable");
  }
  in.seekg(0);
  std::string text(static_cast<std::size_t>(size_bytes), '\0');
  if (!in.read(text.data(), size_bytes)) throw ConfigError(path, "", "cannot read the golden");
  // The depth-checked parser: a golden nested deeper than kJsonDepthMax (a 100,000-deep
  // array) overflowed the stack in nlohmann's recursive parser (issue #24).
  nlohmann::json json = parse_json_text(text, path);
  const auto require = [&](const char* key, bool ok) {
    if (!ok) throw ConfigError(path, std::string("/") + key, "missing or of the wrong type in a golden");
  };
  if (json.is_object() && json.value("format", "") == "ringsim-golden/1") {
    throw ConfigError(path, "/format",
                      "a golden of the older format ringsim-golden/1 (window hashes over ids); re-record it with " +
                      invoked_command("record") + " " + json.value("file", std::string("SCENARIO")) + " --golden " + path);
  }
  require("format", json.is_object() && json.value("format", "") == kFormat);
  require("file", json.contains("file") && json["file"].is_string());
  require("scenario", json.contains("scenario") && json["scenario"].is_object());
  require("summary", json.contains("summary") && json["summary"].is_object());
  require("windows", json.contains("windows") && json["windows"].is_array());
  Golden golden;
  try {
    golden.file = json["file"].get<std::string>();
    golden.path = path;
    golden.scenario_document = json["scenario"];
    golden.platform = json.value("platform", nlohmann::json::object());
    if (json.contains("tolerances")) golden.tolerances = read_tolerances(json["tolerances"], path, "/tolerances");
    // Optional: goldens written before the digests existed have none (still read).
    if (json.contains("inputs")) {
      golden.inputs = read_golden_inputs(json["inputs"], path);
    } else {
      golden.inputs_recorded = scenario_input_paths(golden.scenario_document, golden.file).empty();
    }
    read_summary(json["summary"], path, golden);
    for (std::size_t index = 0; index < json["windows"].size(); ++index) {
      golden.windows.push_back(read_window(json["windows"][index], path, json_pointer_append("/windows", index)));
    }
  } catch (const nlohmann::json::exception& error) {
    // Every value is type-checked above with its pointer; this is a last resort.
    throw ConfigError(path, "", std::string("not a golden: ") + error.what());
  }
  // nlohmann's object order is sorted; the summary's order only matters for printing.
  const nlohmann::json data = golden.scenario_document.value("data", nlohmann::json::object());
  golden.has_vectors = data.is_object() && data.contains("vectors");
  return golden;
}

namespace {

std::string first_time_text(TimeNs time_ns) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.9f s", ns_to_s(time_ns));
  return buffer;
}

// One line per handler.kind that differs: counts, and when they first occur in the window.
// Kinds whose first event moved come first, earliest first: the likeliest first divergence.
void describe_window_difference(const GoldenWindow& expected, const GoldenWindow& actual, std::vector<std::string>& lines) {
  lines.push_back("events " + std::to_string(expected.events) + " expected, " + std::to_string(actual.events) + " actual");
  std::map<std::string, int> names;
  for (const auto& [name, digest] : expected.kinds) names[name] |= 1;
  for (const auto& [name, digest] : actual.kinds) names[name] |= 2;
  std::vector<std::pair<TimeNs, std::string>> kind_lines;
  for (const auto& [name, where] : names) {
    const auto e = expected.kinds.find(name);
    const auto a = actual.kinds.find(name);
    const GoldenWindow::Kind none;
    const GoldenWindow::Kind& ek = e == expected.kinds.end() ? none : e->second;
    const GoldenWindow::Kind& ak = a == actual.kinds.end() ? none : a->second;
    if (ek == ak) continue;
    std::string line = "  " + name + ": " + std::to_string(ek.count) + " expected, " + std::to_string(ak.count) + " actual";
    TimeNs order = std::numeric_limits<TimeNs>::max();
    if (ek.count == 0 || ak.count == 0) {
      line += ek.count == 0 ? " (new in this window)" : " (none in this window now)";
      order = ek.count == 0 ? ak.first_ns : ek.first_ns;
    } else if (ek.first_ns != ak.first_ns) {
      line += "; first at " + first_time_text(ek.first_ns) + " expected, " + first_time_text(ak.first_ns) + " actual";
      order = std::min(ek.first_ns, ak.first_ns);
    } else {
      line += "; same first event time, the events differ later (hash " + ek.hash + " vs " + ak.hash + ")";
    }
    kind_lines.emplace_back(order, line);
  }
  std::stable_sort(kind_lines.begin(), kind_lines.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& [order, line] : kind_lines) lines.push_back(std::move(line));
  // No kind to name: say what does differ (never an empty kind name).
  if (kind_lines.empty() && expected.hash != actual.hash) {
    lines.push_back("only the window hash differs (" + expected.hash + " expected, " + actual.hash +
                    " actual): every handler.kind has the same count, first time and hash, so the same events ran "
                    "in another order at equal times, or the golden's hash was edited");
  }
}

// Tolerances of the cross-platform (SIMD) mode; see docs/ci.md for why these.
bool within_tolerance(const std::string& metric, double expected, double actual) {
  const double difference = std::abs(actual - expected);
  if (metric.find("recall") != std::string::npos) return difference <= 0.02;
  const double scale = std::max(std::abs(expected), 1e-9);
  if (metric.find("_ms") != std::string::npos || metric.find("distances") != std::string::npos) {
    return difference / scale <= 0.10;
  }
  return difference / scale <= 0.02 || difference <= 1;
}

}  // namespace

namespace {

void compare_event_stream(const Golden& expected, const Golden& actual, GoldenComparison& result) {
  const std::size_t count = std::max(expected.windows.size(), actual.windows.size());
  for (std::size_t index = 0; index < count; ++index) {
    const GoldenWindow missing;
    const GoldenWindow& e = index < expected.windows.size() ? expected.windows[index] : missing;
    const GoldenWindow& a = index < actual.windows.size() ? actual.windows[index] : missing;
    if (e.events == a.events && e.hash == a.hash && e.kinds == a.kinds) continue;
    result.first_window = index;
    describe_window_difference(e, a, result.window_differences);
    break;
  }
  if (expected.trace_hash != actual.trace_hash) {
    result.summary_differences.push_back("trace_hash " + expected.trace_hash + " expected, " + actual.trace_hash + " actual");
  }
  if (expected.events != actual.events) {
    result.summary_differences.push_back("events " + std::to_string(expected.events) + " expected, " +
                                         std::to_string(actual.events) + " actual");
  }
  result.stream_summary = result.summary_differences;
  result.events_differ = result.first_window.has_value() || !result.summary_differences.empty();
}

}  // namespace

namespace {

double moved_score(const GoldenComparison::Moved& m) {
  const bool count = is_whole_number(m.expected) && is_whole_number(m.actual);
  const double scale = std::max(std::abs(m.expected), count ? kMovedCountFloor : 0.0);
  return scale > 0 ? std::abs(m.actual - m.expected) / scale : INFINITY;
}

// Every summary metric of the golden against this run. Returns whether a gated metric
// failed. Exact mode: every metric exactly; tolerance mode: a metric with a tolerance
// within it, every other metric exactly (a tolerance for p99 does not wave through a
// change in keys_moved); cross-platform: the built-in tolerances.
bool compare_metrics(const Golden& expected, const Golden& actual, const std::vector<MetricTolerance>& tolerances,
                     GoldenComparison& result) {
  using Mode = GoldenComparison::Mode;
  bool gated_failed = false;
  std::map<std::string, double> actual_metrics(actual.metrics.begin(), actual.metrics.end());
  for (const auto& [name, value] : expected.metrics) {
    const auto found = actual_metrics.find(name);
    const MetricTolerance* tolerance = result.mode == Mode::kTolerance ? tolerance_for(tolerances, name) : nullptr;
    if (result.mode == Mode::kTolerance && tolerance == nullptr) result.exact_metrics += 1;
    if (found == actual_metrics.end()) {
      result.summary_differences.push_back(name + ": in the golden, not produced by this run");
      gated_failed = true;
      continue;
    }
    // null (a statistic with no samples) matches null only.
    if (std::isnan(value) && std::isnan(found->second)) continue;
    const double moved = found->second - value;
    if (moved != 0 || std::isnan(value) != std::isnan(found->second)) {
      const double relative = std::abs(value) > 0 ? moved / std::abs(value) : (moved > 0 ? INFINITY : -INFINITY);
      result.moved.push_back({name, value, found->second, relative});
    }
    if (tolerance != nullptr) {
      const bool held = tolerance->within(value, found->second);
      result.gated.push_back({name, value, found->second, tolerance->text, held});
      if (!held) {
        gated_failed = true;
        result.summary_differences.push_back(name + ": " + dump_number(value) + " expected, " + dump_number(found->second) +
                                             " actual, beyond the tolerance " + tolerance->text);
      }
      continue;
    }
    const bool same = result.mode == Mode::kCrossPlatform ? within_tolerance(name, value, found->second) : found->second == value;
    if (!same) {
      gated_failed = true;
      result.summary_differences.push_back(name + ": " + dump_number(value) + " expected, " + dump_number(found->second) +
                                           " actual" + (result.mode == Mode::kTolerance ? " (no tolerance: compared exactly)" : ""));
    }
  }
  // A metric this run produces that the golden lacks: deleted from the golden, or added to
  // ringsim since it was recorded. Every metric is compared (exactly or within its
  // tolerance), so it fails.
  std::map<std::string, double> expected_metrics(expected.metrics.begin(), expected.metrics.end());
  for (const auto& [name, value] : actual.metrics) {
    if (expected_metrics.count(name) != 0 || result.mode == Mode::kCrossPlatform) continue;
    gated_failed = true;
    result.summary_differences.push_back("golden lacks metric " + name + " (this run: " + dump_number(value) +
                                         "; recorded by an older version or edited)");
  }
  // Client-facing metrics first, then health, internal stages last (cli/metric_rank.h).
  std::stable_sort(result.moved.begin(), result.moved.end(), [&](const auto& a, const auto& b) {
    const MetricGroup group_a = metric_group(a.metric);
    const MetricGroup group_b = metric_group(b.metric);
    if (group_a != group_b) return group_a < group_b;
    return moved_score(a) > moved_score(b);
  });
  // Tolerance mode ranks the gated metrics the same way, those beyond their limit first, so
  // the verdict names a client metric or the cluster's health before an internal stage.
  std::stable_sort(result.gated.begin(), result.gated.end(), [&](const auto& a, const auto& b) {
    if (a.held != b.held) return !a.held;
    const MetricGroup group_a = metric_group(a.metric);
    const MetricGroup group_b = metric_group(b.metric);
    if (group_a != group_b) return group_a < group_b;
    const auto as_moved = [](const GoldenComparison::Gated& gated) {
      const double change = gated.actual - gated.expected;
      return GoldenComparison::Moved{gated.metric, gated.expected, gated.actual,
                                     std::abs(gated.expected) > 0 ? change / std::abs(gated.expected) : change};
    };
    return moved_score(as_moved(a)) > moved_score(as_moved(b));
  });
  if (result.mode == Mode::kTolerance) {
    for (const GoldenComparison::Moved& moved : result.moved) {
      if (tolerance_for(tolerances, moved.metric) == nullptr) result.exact_changed.push_back(moved);
    }
  }
  return gated_failed;
}

}  // namespace

GoldenComparison compare_goldens(const Golden& expected, const Golden& actual, const std::vector<MetricTolerance>& tolerances) {
  using Mode = GoldenComparison::Mode;
  GoldenComparison result;
  if (expected.has_vectors && expected.platform != actual.platform) {
    result.mode = Mode::kCrossPlatform;
  } else if (!tolerances.empty()) {
    result.mode = Mode::kTolerance;
  }
  result.exact = result.mode == Mode::kExact;
  if (result.mode != Mode::kCrossPlatform) compare_event_stream(expected, actual, result);
  // In tolerance mode the event stream is reported, not gated: a tolerated metric that
  // moved means other events ran, so the stream cannot be required to match.
  if (result.mode == Mode::kTolerance) result.summary_differences.clear();
  result.input_changes = changed_inputs(expected.inputs, expected.scenario_document, actual.inputs, actual.scenario_document);
  result.input_digests_absent = !expected.inputs_recorded && !actual.inputs.empty();
  bool gated_failed = compare_metrics(expected, actual, tolerances, result);
  if (result.mode == Mode::kTolerance) {
    // A tolerance naming no metric of the golden is a typo, not a pass.
    for (const MetricTolerance& tolerance : tolerances) {
      if (!tolerance_matches_a_metric(tolerance, expected)) {
        gated_failed = true;
        result.summary_differences.push_back("tolerance " + tolerance.pattern + "=" + tolerance.text +
                                             " matches no metric of the golden");
      }
    }
    // The same event stream cannot give other metrics: what moved was edited in the golden or
    // computed by other code, not tolerated behaviour (a CI trial's hand-edited count passed).
    if (!result.events_differ && !result.moved.empty()) gated_failed = true;
    result.matched = !gated_failed;
  } else {
    // A golden records a run of its inputs: a changed input file fails, as a changed
    // scenario key does (check_golden.cpp), even when the run still matches.
    result.matched = !result.first_window && result.summary_differences.empty() && result.input_changes.empty();
  }
  return result;
}

}  // namespace ringsim
