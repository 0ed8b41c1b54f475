#include "cli/report/report_page.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <set>

#include "cli/report/client_timeouts.h"
#include "cli/report/report_sections.h"
#include "cli/report/svg.h"
#include "cli/report/ticks.h"
#include "sim/expectation.h"
#include "sim/number_text.h"

namespace ringsim::report {
namespace {

std::string text_of(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return format_number(value.get<double>());
  if (value.is_null()) return "-";
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// An expectation's actual value: null is a statistic with no sample (sim/expectation.h).
std::string actual_text(const nlohmann::json& value) { return value.is_null() ? kNoSampleText : text_of(value); }

// summary.json's "overrides" (--set) or "injections" (--inject) texts, two spaces apart,
// each after `prefix`.
std::string joined_texts(const nlohmann::json& summary, const char* key, const std::string& prefix) {
  std::string joined;
  for (const nlohmann::json& item : summary.value(key, nlohmann::json::array())) {
    joined += (joined.empty() ? "" : "  ") + prefix + text_of(item);
  }
  return joined;
}

// The changes tables' columns: when and what first, then the rest as summary.json has them
// (an in-memory run's JSON is sorted by name, so the order is fixed here).
std::vector<std::string> ordered_columns(const nlohmann::json& row) {
  static const std::vector<std::string> kFirst = {"time_s",           "action",           "subject",
                                                  "members",          "keys_moved",       "keys_moved_ideal",
                                                  "moved_over_ideal", "shards_moved",     "shards_moved_ideal",
                                                  "bytes_moved",      "migration_s",      "fully_replicated_s"};
  std::vector<std::string> header;
  for (const std::string& name : kFirst) {
    if (row.contains(name)) header.push_back(name);
  }
  for (const auto& item : row.items()) {
    if (std::find(header.begin(), header.end(), item.key()) == header.end()) header.push_back(item.key());
  }
  return header;
}

// Headline metrics of the comparison table, in this order, when some run has them.
const std::vector<std::pair<std::string, std::string>> kHeadlines = {
    {"/ops/get/p50_ms", "get p50 (ms)"},
    {"/ops/get/p99_ms", "get p99 (ms)"},
    {"/ops/put/p99_ms", "put p99 (ms)"},
    {"/ops/upsert/p99_ms", "upsert p99 (ms)"},
    {"/ops/search/p50_ms", "search p50 (ms)"},
    {"/ops/search/p99_ms", "search p99 (ms)"},
    {"/ops/request/p99_ms", "request p99 (ms)"},
    {"/counters/keys_moved", "keys moved"},
    {"/counters/keys_moved_ideal", "keys moved, ideal"},
    {"/counters/bytes_moved", "bytes moved"},
    {"/counters/migration_s", "migration (s)"},
    {"/counters/under_replicated_max", "under-replicated keys, max"},
    {"/counters/under_replicated_s", "under-replicated (s)"},
    {"/counters/lost_keys", "lost keys"},
    {"/counters/failed_requests", "failed requests"},
    {"/counters/timeouts", "timeouts (total)"},
    {"/counters/client_timeouts", "client attempt timeouts"},
    {"/counters/shard_timeouts", "shard call timeouts"},
    {"/counters/load_max_over_mean", "keys: max/mean node"},
    {"/counters/requests_max_over_mean", "requests: max/mean node"},
    {"/counters/recall_at_k", "recall@k"},
    {"/counters/distance_computations_per_search", "distances per search"},
    {"/counters/shards_per_search", "shards per search"},
    {"/counters/hottest_shard_share", "hottest shard's share of calls"},
    {"/counters/shards_moved", "shard replicas moved"},
    {"/counters/shards_moved_ideal", "shard replicas moved, ideal"},
    {"/counters/shard_replicas_max_over_mean", "shard replicas: max/mean node"},
    {"/counters/members_without_shards_s", "members without shards (node-s)"},
    {"/counters/nodes_final", "nodes at end"},
    {"/counters/autoscaler.data_node_seconds", "data-node seconds"},
    {"/wall_time_s", "wall time (s)"},
};

}  // namespace

std::vector<PlotMarker> change_markers(const RunData& run) {
  std::vector<PlotMarker> markers;
  const nlohmann::json changes = run.summary.value("changes", nlohmann::json::array());
  for (const nlohmann::json& row : changes) {
    const double time_s = summary_number(row, "/time_s");
    if (!std::isfinite(time_s)) continue;
    std::string label = format_number(time_s) + " s " + text_of(row.value("action", nlohmann::json("")));
    const std::string subject = text_of(row.value("subject", nlohmann::json("")));
    if (!subject.empty() && label.find(subject) == std::string::npos) label += " " + subject;
    markers.push_back({time_s, label});
  }
  // Timeline actions that opened no change row themselves (a crash, a node that is still
  // booting, a hot key): from the scenario as run.
  const nlohmann::json timeline = summary_value(run.summary, "/scenario_document/timeline");
  if (timeline.is_array()) {
    for (const nlohmann::json& action : timeline) {
      const double time_s = summary_number(action, "/at_s");
      const std::string name = text_of(action.value("action", nlohmann::json("")));
      if (!std::isfinite(time_s)) continue;
      const bool listed = std::any_of(changes.begin(), changes.end(), [&](const nlohmann::json& row) {
        return summary_number(row, "/time_s") == time_s && text_of(row.value("action", nlohmann::json(""))).rfind(name, 0) == 0;
      });
      if (listed) continue;
      std::string label = format_number(time_s) + " s " + name;
      if (action.contains("node")) label += " " + text_of(action["node"]);
      if (action.contains("count")) label += " x" + text_of(action["count"]);
      markers.push_back({time_s, label});
    }
  }
  std::stable_sort(markers.begin(), markers.end(), [](const PlotMarker& a, const PlotMarker& b) { return a.x < b.x; });
  return markers;
}

std::vector<PlotMarker> narration_markers(const RunData& run) {
  std::vector<PlotMarker> markers;
  const nlohmann::json captions = run.summary.value("narration", nlohmann::json::array());
  for (std::size_t i = 0; i < captions.size(); ++i) {
    const double time_s = summary_number(captions[i], "/at_s");
    if (!std::isfinite(time_s)) continue;  // Its event never happened.
    // The marker names the caption; its text is in the Narration section's list.
    markers.push_back({time_s, format_number(time_s) + " s caption " + std::to_string(i + 1)});
  }
  return markers;
}

void add_narration(const std::vector<RunData>& runs, HtmlPage& page) {
  bool any = false;
  for (const RunData& run : runs) any = any || !run.summary.value("narration", nlohmann::json::array()).empty();
  if (!any) return;
  page.heading(2, "Narration", "narration");
  page.paragraph("The scenario's captions, in the order written, at the virtual time each appeared in this run "
                 "(\"-\": its event never happened), each with the values and premises of the window it appeared in "
                 "(not the run's end). The latency plots mark them as \"caption N\".");
  for (const RunData& run : runs) {
    const nlohmann::json captions = run.summary.value("narration", nlohmann::json::array());
    if (captions.empty()) continue;
    if (runs.size() > 1) page.heading(3, run.label);
    std::vector<std::vector<std::string>> rows, classes;
    for (std::size_t i = 0; i < captions.size(); ++i) {
      const double time_s = summary_number(captions[i], "/at_s");
      rows.push_back({std::to_string(i + 1), std::isfinite(time_s) ? format_number(time_s) : "-",
                      text_of(captions[i].value("trigger", nlohmann::json(""))),
                      text_of(captions[i].value("text", nlohmann::json("")))});
      classes.push_back({"num", "num", "", ""});
    }
    page.table({"caption", "at (s)", "trigger", "text"}, rows, classes);
  }
}

bool any_series(const std::vector<RunData>& runs, const std::string& name) {
  for (const RunData& run : runs) {
    if (run.series.find(name) != nullptr) return true;
  }
  return false;
}

std::vector<PlotLine> lines_of(const std::vector<RunData>& runs, const std::string& name, double scale,
                               const std::string& single_label) {
  std::vector<PlotLine> lines;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const Series* series = runs[i].series.find(name);
    if (series == nullptr) continue;
    PlotLine line;
    line.label = runs.size() == 1 ? (single_label.empty() ? name : single_label) : runs[i].label;
    line.colour = css_colour(series_colour(i));
    line.x = series->time_s;
    line.step_s = runs[i].series.window_s;  // Each value holds over its window [start, end).
    for (const double value : series->value) line.y.push_back(value * scale);
    // A latency statistic of a window in which the operation never ended is no value (the
    // series holds 0 there): a gap, not a drop to zero.
    const std::size_t dot = name.rfind('.');
    const Series* count = dot != std::string::npos && name.size() > 3 && name.compare(name.size() - 3, 3, "_ms") == 0
                              ? runs[i].series.find(name.substr(0, dot) + ".count") : nullptr;
    if (count != nullptr && count->value.size() == line.y.size()) {
      for (std::size_t k = 0; k < line.y.size(); ++k) {
        if (count->value[k] == 0) line.y[k] = NAN;
      }
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

// The pointers a run's --set texts ("/duration_s=30") changed, and whether it had --inject.
std::string overridden_note(const nlohmann::json& summary) {
  std::vector<std::string> pointers;
  for (const nlohmann::json& item : summary.value("overrides", nlohmann::json::array())) {
    if (!item.is_string()) continue;
    const std::string pointer = item.get<std::string>().substr(0, item.get<std::string>().find('='));
    if (std::find(pointers.begin(), pointers.end(), pointer) == pointers.end()) pointers.push_back(pointer);
  }
  const bool injected = !summary.value("injections", nlohmann::json::array()).empty();
  if (pointers.empty() && !injected) return "";
  std::string list;
  for (std::size_t i = 0; i < pointers.size(); ++i) list += (i == 0 ? "" : ", ") + pointers[i];
  return " (description as written; this run overrides " + (list.empty() ? std::string() : list + " with --set") +
         (injected ? std::string(list.empty() ? "" : " and ") + "adds timeline actions with --inject" : "") + ")";
}

// The scenario's description, marked when the run changed the scenario (--set, --inject):
// what it says may not hold for this run.
std::string description_of(const RunData& run) {
  const nlohmann::json description = summary_value(run.summary, "/scenario_document/description");
  return description.is_string() && !description.get<std::string>().empty()
             ? description.get<std::string>() + overridden_note(run.summary)
             : std::string();
}

// Several runs: one row each, so the comparison table follows on the first screen.
void add_runs_table(const std::vector<RunData>& runs, HtmlPage& page) {
  std::set<std::string> descriptions;
  for (const RunData& run : runs) {
    const nlohmann::json text = summary_value(run.summary, "/scenario_document/description");
    descriptions.insert(text.is_string() ? text.get<std::string>() : std::string());
  }
  if (descriptions.size() == 1 && !descriptions.begin()->empty()) {
    bool overridden = false;
    for (const RunData& run : runs) overridden = overridden || !overridden_note(run.summary).empty();
    page.paragraph(*descriptions.begin() +
                   (overridden ? " (description as written; some runs override the scenario: see --set / --inject)" : ""));
  }
  std::vector<std::vector<std::string>> rows, classes;
  for (const RunData& run : runs) {
    const nlohmann::json expectations = run.summary.value("expectations", nlohmann::json::array());
    std::size_t passed = 0;
    for (const nlohmann::json& item : expectations) passed += item.value("passed", false) ? 1 : 0;
    std::string overrides = joined_texts(run.summary, "overrides", "");
    const std::string injections = joined_texts(run.summary, "injections", "--inject ");
    if (!injections.empty()) overrides += (overrides.empty() ? "" : "  ") + injections;
    rows.push_back({run.label, text_of(run.summary.value("scenario", nlohmann::json(""))),
                    text_of(run.summary.value("seed", nlohmann::json(nullptr))),
                    text_of(run.summary.value("trace_hash", nlohmann::json(""))),
                    format_number(summary_number(run.summary, "/sim_time_s")),
                    format_number(summary_number(run.summary, "/wall_time_s")),
                    std::to_string(passed) + " of " + std::to_string(expectations.size()) + " held", overrides, run.source});
    classes.push_back({"", "", "num", "", "num", "num", passed == expectations.size() ? "pass" : "fail", "", ""});
  }
  page.table({"run", "scenario", "seed", "trace hash", "simulated (s)", "wall (s)", "expectations", "--set / --inject", "source"}, rows,
             classes);
  if (descriptions.size() > 1) {
    for (const RunData& run : runs) page.paragraph(run.label + ": " + description_of(run));
  }
}

// summary.json's "warnings" (cli/run_warnings.h): the run did not test what it seems to.
void add_warnings(const std::vector<RunData>& runs, HtmlPage& page) {
  bool any = false;
  for (const RunData& run : runs) any = any || !run.summary.value("warnings", nlohmann::json::array()).empty();
  if (!any) return;
  page.heading(2, "Warnings", "warnings");
  std::vector<std::vector<std::string>> rows, classes;
  for (const RunData& run : runs) {
    for (const nlohmann::json& warning : run.summary.value("warnings", nlohmann::json::array())) {
      rows.push_back({run.label.empty() ? std::string("run") : run.label, text_of(warning)});
      classes.push_back({"", "fail"});
    }
  }
  page.table({"run", "warning"}, rows, classes);
}

void add_overview(const std::vector<RunData>& runs, HtmlPage& page) {
  page.heading(2, runs.size() == 1 ? "Run" : "Runs", "runs");
  if (runs.size() > 1) {
    add_runs_table(runs, page);
    add_warnings(runs, page);
    return;
  }
  for (const RunData& run : runs) {
    const nlohmann::json& summary = run.summary;
    if (runs.size() > 1) page.heading(3, run.label);
    if (const std::string description = description_of(run); !description.empty()) page.paragraph(description);
    std::vector<std::pair<std::string, std::string>> facts = {
        {"scenario", text_of(summary.value("scenario", nlohmann::json("")))},
        {"file", text_of(summary.value("file", nlohmann::json("")))},
        {"seed", text_of(summary.value("seed", nlohmann::json(nullptr)))},
        {"trace hash", text_of(summary.value("trace_hash", nlohmann::json("")))},
        {"simulated", format_number(summary_number(summary, "/sim_time_s")) + " s, " +
                          format_number(summary_number(summary, "/events")) + " events"},
        {"wall time", format_number(summary_number(summary, "/wall_time_s")) + " s"},
        {"source", run.source}};
    const std::string overrides = joined_texts(summary, "overrides", "");
    if (!overrides.empty()) facts.push_back({"--set", overrides});
    const std::string timeouts = client_timeouts_text(summary.value("scenario_document", nlohmann::json::object()));
    if (!timeouts.empty()) facts.push_back({"client timeouts", timeouts});
    const std::string injections = joined_texts(summary, "injections", "");
    if (!injections.empty()) facts.push_back({"--inject", injections});
    page.facts(facts);
    const nlohmann::json expectations = summary.value("expectations", nlohmann::json::array());
    if (expectations.empty()) continue;
    const bool passed = summary.value("expectations_passed", false);
    page.paragraph(passed ? "all expectations held" : "an expectation failed", passed ? "banner pass" : "banner fail");
    std::vector<std::vector<std::string>> rows, classes;
    for (const nlohmann::json& item : expectations) {
      const bool ok = item.value("passed", false);
      rows.push_back({ok ? "PASS" : "FAIL", text_of(item.value("metric", nlohmann::json(""))),
                      text_of(item.value("bound", nlohmann::json(""))), actual_text(item.value("actual", nlohmann::json(nullptr)))});
      classes.push_back({ok ? "pass" : "fail", "", "", "num"});
    }
    page.table({"result", "metric", "bound", "actual"}, rows, classes);
  }
  add_warnings(runs, page);
}

void add_comparison_table(const std::vector<RunData>& runs, HtmlPage& page) {
  if (runs.size() < 2) return;
  page.heading(2, "Comparison", "comparison");
  std::vector<std::string> header = {"metric"};
  for (const RunData& run : runs) header.push_back(run.label);
  std::vector<std::vector<std::string>> rows, classes;
  for (const auto& [pointer, name] : kHeadlines) {
    std::vector<std::string> row = {name};
    bool any = false;
    for (const RunData& run : runs) {
      const double value = summary_number(run.summary, pointer);
      any = any || std::isfinite(value);
      row.push_back(pointer.find("bytes") != std::string::npos ? format_bytes(value) : format_number(value));
    }
    if (!any) continue;
    rows.push_back(row);
    classes.push_back(std::vector<std::string>(row.size(), "num"));
    classes.back()[0] = "";
  }
  page.table(header, rows, classes);
}

void add_changes_tables(const std::vector<RunData>& runs, HtmlPage& page) {
  bool any = false;
  for (const RunData& run : runs) any = any || !run.summary.value("changes", nlohmann::json::array()).empty();
  if (!any) return;
  page.heading(2, "Changes", "changes");
  for (const RunData& run : runs) {
    for (const char* table_name : {"changes", "autoscaler"}) {
      const nlohmann::json table = run.summary.value(table_name, nlohmann::json::array());
      if (table.empty() || !table[0].is_object()) continue;
      page.heading(3, (runs.size() > 1 ? run.label + ": " : std::string()) +
                          (std::string(table_name) == "changes" ? "membership changes and timeline actions"
                                                                 : "autoscaler decisions"));
      const std::vector<std::string> header = ordered_columns(table[0]);
      std::vector<std::vector<std::string>> rows, classes;
      for (const nlohmann::json& row : table) {
        rows.emplace_back();
        classes.emplace_back();
        for (const std::string& column : header) {
          const nlohmann::json cell = row.value(column, nlohmann::json(nullptr));
          const bool bytes = column.find("bytes") != std::string::npos && cell.is_number();
          rows.back().push_back(bytes ? format_bytes(cell.get<double>()) : text_of(cell));
          classes.back().push_back(cell.is_number() ? "num" : "");
        }
      }
      page.table(header, rows, classes);
    }
  }
}

std::string build_report_html(std::vector<RunData> runs) { return build_report_page(std::move(runs)).finish(); }

HtmlPage build_report_page(std::vector<RunData> runs) {
  label_runs(runs);
  std::string title = "ringsim report: " + (runs.empty() ? std::string() : runs[0].summary.value("scenario", std::string()));
  if (runs.size() > 1) {
    std::set<std::string> names;
    for (const RunData& run : runs) names.insert(run.summary.value("scenario", std::string()));
    title = "ringsim comparison: " + std::to_string(runs.size()) + " runs" +
            (names.size() == 1 ? " of " + *names.begin() : std::string());
  }
  HtmlPage page(title);
  add_overview(runs, page);
  add_narration(runs, page);
  add_comparison_table(runs, page);
  add_latency(runs, page);
  add_nodes(runs, page);
  add_membership(runs, page);
  add_data_movement(runs, page);
  add_autoscaler(runs, page);
  add_vectors(runs, page);
  add_dags(runs, page);
  add_changes_tables(runs, page);
  return page;
}

}  // namespace ringsim::report
