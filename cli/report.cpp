#include "cli/report.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <limits>

#include "cli/report/client_timeouts.h"
#include "cli/escape.h"
#include "cli/number_format.h"
#include "cli/run_warnings.h"
#include "run/hot_key_results.h"
#include "sim/trace.h"

namespace ringsim {

namespace {

// At least this wide; wider when a metric name needs it (dag.<flow>.stage.<kind> can).
constexpr std::size_t kNameColumnWidthMin = 28;
constexpr std::size_t kNameColumnGap = 2;
constexpr int kStatColumnWidth = 10;

// No value (a recall with no sampled search, a statistic with no samples) reads "-", never "nan".
std::string format_value(double value) { return std::isnan(value) ? "-" : format_number(value); }

// Percentiles (bucket midpoints) with the histogram's 3 significant digits
// (sim/number_text.h); count, mean and max are exact.
std::string format_stat(double value, bool quantile) {
  if (std::isnan(value)) return "-";
  if (quantile) return format_quantile(value);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, value >= 1000 ? "%.0f" : "%.3f", value);
  return buffer;
}

std::string format_cell(const nlohmann::json& cell, bool quantile) {
  if (cell.is_null()) return "-";
  if (cell.is_string()) return cell.get<std::string>();
  if (cell.is_number()) return quantile ? format_quantile(cell.get<double>()) : format_value(cell.get<double>());
  return cell.dump();
}

void print_table(std::ostream& out, const SummaryTable& table) {
  if (table.rows.empty()) return;
  std::vector<std::string> header = table.columns;
  std::vector<std::vector<std::string>> cells;
  std::vector<std::size_t> widths(header.size());
  for (std::size_t column = 0; column < header.size(); ++column) widths[column] = header[column].size();
  for (const auto& row : table.rows) {
    cells.emplace_back();
    for (std::size_t column = 0; column < row.size(); ++column) {
      cells.back().push_back(format_cell(row[column], is_bucketed_quantile(header[column])));
      widths[column] = std::max(widths[column], cells.back().back().size());
    }
  }
  out << "\n" << table.name << "\n";
  for (std::size_t column = 0; column < header.size(); ++column) {
    out << (column == 0 ? "  " : "  ") << std::left << std::setw(static_cast<int>(widths[column])) << header[column];
  }
  out << "\n";
  for (const auto& row : cells) {
    for (std::size_t column = 0; column < row.size(); ++column) {
      out << "  " << std::left << std::setw(static_cast<int>(widths[column])) << row[column];
    }
    out << "\n";
  }
  out << std::right;
}

}  // namespace

void print_summary_table(std::ostream& out, const Scenario& scenario, const RunSummary& summary,
                         double wall_time_s, const std::vector<ExpectationOutcome>& outcomes,
                         const std::vector<std::string>& set_texts, const std::vector<std::string>& inject_texts) {
  const double events_per_s = wall_time_s > 0 ? static_cast<double>(summary.events) / wall_time_s : 0;
  out << "scenario  " << summary.scenario << "  (" << scenario.file << ")\n";
  out << "seed      " << summary.seed << "    trace hash " << format_trace_hash(summary.trace_hash) << "\n";
  for (const std::string& text : set_texts) out << "--set     " << text << "\n";
  for (const std::string& text : inject_texts) out << "--inject  " << text << "\n";
  char line[160];
  std::snprintf(line, sizeof line, "simulated %.3f s in %.2f s wall, %s events (%.2f M events/s)\n",
                summary.sim_time_s, wall_time_s, format_count(static_cast<long long>(summary.events)).c_str(),
                events_per_s / 1e6);
  out << line;
  if (summary.until_s) out << "stopped at --until " << format_number(*summary.until_s) << " s (before the scenario's end)\n";
  if (const std::string timeouts = client_timeouts_text(scenario.document); !timeouts.empty()) {
    out << "client timeouts  " << timeouts << "\n";
  }
  out << "\n";

  std::size_t name_width = kNameColumnWidthMin;
  for (const OpSummary& op : summary.ops) name_width = std::max(name_width, op.name.size() + kNameColumnGap);
  for (const auto& [name, value] : summary.counters) name_width = std::max(name_width, name.size() + kNameColumnGap);
  const int name_column_width = static_cast<int>(name_width);
  out << std::left << std::setw(name_column_width) << "operation";
  for (const std::string& stat : op_stat_names()) out << std::right << std::setw(kStatColumnWidth) << stat;
  out << "\n";
  for (const OpSummary& op : summary.ops) {
    // An operation that never happened (no migration in this run, no deletes in the mix)
    // is only noise here; summary.json still lists it.
    if (op.stats.empty() || op.stats[0] == 0) continue;
    out << std::left << std::setw(name_column_width) << op.name;
    for (std::size_t stat = 0; stat < op.stats.size(); ++stat) {
      const std::string text = stat == 0 ? format_value(op.stats[stat])
                                         : format_stat(op.stats[stat], is_bucketed_quantile(op_stat_names()[stat]));
      out << std::right << std::setw(kStatColumnWidth) << text;
    }
    out << "\n";
  }
  out << "\n";
  // Counters at 0 (no retries, no breaker, nothing lost...) are noise on the console unless
  // an expectation names them; summary.json has them all.
  std::size_t hidden = 0;
  const bool hot_keys = scenario_has_hot_keys(scenario.document);
  for (const auto& [name, value] : summary.counters) {
    const std::string& counter = name;  // clang 14 cannot capture a structured binding
    if (std::isnan(value) && name == "cache_hit_ratio") continue;  // No cache: no ratio to show.
    if (!hot_keys && is_hot_key_result(name)) {
      out << std::left << std::setw(name_column_width) << name << std::right << std::setw(kStatColumnWidth)
          << kNoHotKeysText << "\n";
      continue;
    }
    const bool expected = std::any_of(outcomes.begin(), outcomes.end(),
                                      [&](const ExpectationOutcome& o) { return o.expectation->metric == counter; });
    if (value == 0 && !expected) {
      hidden += 1;
      continue;
    }
    out << std::left << std::setw(name_column_width) << name << std::right << std::setw(kStatColumnWidth)
        << (is_bucketed_quantile(name) ? format_quantile(value) : format_value(value)) << "\n";
  }
  if (hidden > 0) out << "(" << hidden << " counters at 0 not shown; summary.json lists every one)\n";
  for (const SummaryTable& table : summary.tables) print_table(out, table);
  if (!outcomes.empty()) out << "\nexpectations\n";
  for (const ExpectationOutcome& outcome : outcomes) {
    out << (outcome.passed ? "  PASS  " : "  FAIL  ") << outcome.expectation->metric << " "
        << outcome.expectation->describe_bound() << "  (actual "
        << (std::isnan(outcome.actual) ? std::string(kNoSampleText) : format_value(outcome.actual)) << ")\n";
  }
  const std::vector<std::string> warnings = run_warnings(summary, outcomes, scenario.document);
  if (!warnings.empty()) out << "\nwarnings\n";
  for (const std::string& warning : warnings) out << "  WARN  " << warning << "\n";
}

nlohmann::ordered_json summary_to_json(const Scenario& scenario, const RunSummary& summary,
                                       double wall_time_s,
                                       const std::vector<ExpectationOutcome>& outcomes) {
  nlohmann::ordered_json json;
  json["scenario"] = summary.scenario;
  json["file"] = scenario.file;
  json["seed"] = summary.seed;
  json["trace_hash"] = format_trace_hash(summary.trace_hash);
  json["events"] = summary.events;
  json["sim_time_s"] = summary.sim_time_s;
  if (summary.until_s) json["until_s"] = *summary.until_s;
  json["wall_time_s"] = wall_time_s;
  nlohmann::ordered_json ops = nlohmann::ordered_json::object();
  for (const OpSummary& op : summary.ops) {
    nlohmann::ordered_json stats;
    for (std::size_t stat = 0; stat < op.stats.size(); ++stat) {
      // No samples: null, so readers (pandas, jq) see "absent", never a fast 0.
      // Percentiles to the histogram's resolution (3 significant digits, sim/number_text.h).
      const double value = is_bucketed_quantile(op_stat_names()[stat]) ? round_quantile(op.stats[stat]) : op.stats[stat];
      stats[op_stat_names()[stat]] = std::isnan(value) ? nlohmann::ordered_json(nullptr)
                                     : stat == 0       ? json_number(value)
                                                       : nlohmann::ordered_json(value);
    }
    ops[op.name] = stats;
  }
  json["ops"] = ops;
  nlohmann::ordered_json counters = nlohmann::ordered_json::object();
  for (const auto& [name, value] : summary.counters) {
    // Absent (a hot-key result without hot keys, a ratio of nothing): null, never a 0.
    counters[name] = std::isnan(value)                 ? nlohmann::ordered_json(nullptr)
                     : is_bucketed_quantile(name)      ? nlohmann::ordered_json(round_quantile(value))
                                                       : json_number(value);
  }
  json["counters"] = counters;
  for (const SummaryTable& table : summary.tables) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& row : table.rows) {
      nlohmann::ordered_json object;
      for (std::size_t column = 0; column < row.size(); ++column) {
        const nlohmann::json& cell = row[column];
        const bool quantile = cell.is_number() && is_bucketed_quantile(table.columns[column]);
        object[table.columns[column]] = quantile               ? nlohmann::ordered_json(round_quantile(cell.get<double>()))
                                        : cell.is_number_float() ? json_number(cell.get<double>())
                                                                 : nlohmann::ordered_json(cell);
      }
      rows.push_back(object);
    }
    json[table.name] = rows;
  }
  nlohmann::ordered_json expectations = nlohmann::ordered_json::array();
  bool all_passed = true;
  for (const ExpectationOutcome& outcome : outcomes) {
    expectations.push_back({{"metric", outcome.expectation->metric},
                            {"bound", outcome.expectation->describe_bound()},
                            {"actual", std::isnan(outcome.actual) ? nlohmann::ordered_json(nullptr) : json_number(outcome.actual)},
                            {"passed", outcome.passed}});
    all_passed = all_passed && outcome.passed;
  }
  json["expectations"] = expectations;
  json["expectations_passed"] = all_passed;
  json["warnings"] = run_warnings(summary, outcomes, scenario.document);
  json["scenario_document"] = scenario.document;
  return json;
}

namespace {

// Series of an operation that never completed in the run (no deletes in the mix): every
// row would be a 0 count and empty latencies, so they are left out of the file.
std::vector<bool> series_worth_writing(const Metrics& metrics) {
  const std::vector<std::string>& names = metrics.series_names();
  std::vector<bool> write(names.size(), true);
  for (const std::string& op : metrics.op_names()) {
    const auto count = std::find(names.begin(), names.end(), op + ".count");
    if (count == names.end()) continue;
    const std::vector<TimePoint>& points = metrics.series(static_cast<SeriesId>(count - names.begin()));
    if (std::any_of(points.begin(), points.end(), [](const TimePoint& point) { return point.value != 0; })) continue;
    for (std::size_t id = 0; id < names.size(); ++id) {
      if (names[id].rfind(op + ".", 0) == 0) write[id] = false;
    }
  }
  return write;
}

}  // namespace

void write_timeseries_csv(std::ostream& out, const Metrics& metrics) {
  out << "time_s,metric,value\n";
  out << std::setprecision(std::numeric_limits<double>::max_digits10 - 2);
  const std::vector<std::string>& names = metrics.series_names();
  const std::vector<bool> write = series_worth_writing(metrics);
  std::vector<std::size_t> cursor(names.size(), 0);
  for (;;) {
    // The earliest window any series still has a point for.
    TimeNs window_ns = std::numeric_limits<TimeNs>::max();
    for (SeriesId id = 0; id < names.size(); ++id) {
      const std::vector<TimePoint>& points = metrics.series(id);
      if (cursor[id] < points.size() && points[cursor[id]].window_start_ns < window_ns) {
        window_ns = points[cursor[id]].window_start_ns;
      }
    }
    if (window_ns == std::numeric_limits<TimeNs>::max()) break;
    for (SeriesId id = 0; id < names.size(); ++id) {
      const std::vector<TimePoint>& points = metrics.series(id);
      if (cursor[id] < points.size() && points[cursor[id]].window_start_ns == window_ns) {
        if (!write[id]) {
          cursor[id] += 1;
          continue;
        }
        // A statistic with no samples in the window (NaN) is an empty cell.
        out << ns_to_s(window_ns) << ',' << csv_field(names[id]) << ',';
        const double value = points[cursor[id]].value;
        if (!std::isnan(value)) out << (is_bucketed_quantile(names[id]) ? round_quantile(value) : value);
        out << '\n';
        cursor[id] += 1;
      }
    }
  }
}

}  // namespace ringsim
