// DAG sections: the slowest run of each pipeline as a Gantt chart with its critical path,
// pipeline makespans over time, and the migration DAGs' stage latencies.
#include <algorithm>
#include <cmath>

#include "cli/report/charts.h"
#include "cli/report/report_sections.h"
#include "cli/report/svg.h"
#include "cli/report/ticks.h"

namespace ringsim::report {
namespace {

// Tasks drawn per Gantt chart: every critical-path task, then the earliest others.
constexpr std::size_t kGanttTasksMax = 48;

void add_gantt(const RunData& run, const nlohmann::json& dag_run, const std::string& id, HtmlPage& page) {
  Gantt gantt;
  gantt.id = id;
  gantt.title = "slowest run of " + dag_run.value("pipeline", std::string());
  gantt.x_title = "time since the run started (ms)";
  gantt.width = kPlotWidth;
  const double started_s = summary_number(dag_run, "/started_s");
  std::vector<const nlohmann::json*> tasks;
  const nlohmann::json all_tasks = dag_run.value("tasks", nlohmann::json::array());
  for (const nlohmann::json& task : all_tasks) {
    if (std::isfinite(summary_number(task, "/start_s")) && std::isfinite(summary_number(task, "/end_s"))) tasks.push_back(&task);
  }
  std::stable_sort(tasks.begin(), tasks.end(), [](const nlohmann::json* a, const nlohmann::json* b) {
    return summary_number(*a, "/start_s") < summary_number(*b, "/start_s");
  });
  std::size_t others_allowed = kGanttTasksMax;
  for (const nlohmann::json* task : tasks) others_allowed -= task->value("critical", false) && others_allowed > 0 ? 1 : 0;
  std::size_t hidden = 0;
  std::vector<std::uint32_t> nodes_seen;
  for (const nlohmann::json* task : tasks) {
    const bool critical = task->value("critical", false);
    if (!critical) {
      if (others_allowed == 0) {
        hidden += 1;
        continue;
      }
      others_allowed -= 1;
    }
    const double start_ms = (summary_number(*task, "/start_s") - started_s) * 1000;
    const double end_ms = (summary_number(*task, "/end_s") - started_s) * 1000;
    const double node = summary_number(*task, "/node");
    const std::string colour = std::isfinite(node) ? css_colour(node_colour(static_cast<std::uint32_t>(node))) : "#999";
    if (std::isfinite(node) && std::find(nodes_seen.begin(), nodes_seen.end(), node) == nodes_seen.end()) {
      nodes_seen.push_back(static_cast<std::uint32_t>(node));
    }
    const std::string name = task->value("name", std::string());
    const double ready_ms = (summary_number(*task, "/ready_s") - started_s) * 1000;
    gantt.bars.push_back({name, ready_ms, start_ms, end_ms, colour, critical,
                          name + " (" + task->value("kind", std::string()) + ", " + task->value("state", std::string()) +
                              (std::isfinite(node) ? ", node " + format_number(node) : std::string()) + "): " +
                              format_number(start_ms) + " to " + format_number(end_ms) + " ms"});
  }
  std::sort(nodes_seen.begin(), nodes_seen.end());
  gantt.legend.push_back({"#ff3cd2", "critical path (outlined)"});
  for (const std::uint32_t node : nodes_seen) gantt.legend.push_back({css_colour(node_colour(node)), "on node " + std::to_string(node)});
  if (gantt.bars.empty()) return;
  page.figure(render_gantt(gantt),
              "Slowest finished run of pipeline " + dag_run.value("pipeline", std::string()) + ": makespan " +
                  format_number(summary_number(dag_run, "/makespan_ms")) + " ms, critical path " +
                  format_number(summary_number(dag_run, "/critical_path_ms")) + " ms (tasks outlined in magenta; a bar spans "
                  "its latest attempt's start to its end, the dashed line before it the wait from ready to start)." +
                  (hidden > 0 ? " " + std::to_string(hidden) + " more tasks off the critical path are not drawn." : ""));
  (void)run;
}

std::vector<std::string> pipeline_names(const RunData& run) {
  std::vector<std::string> names;
  const nlohmann::json op_table = run.summary.value("ops", nlohmann::json::object());
  for (const auto& item : op_table.items()) {
    const std::string& op = item.key();
    const std::string suffix = ".makespan";
    if (op.rfind("dag.", 0) != 0 || op.size() <= suffix.size() + 4 ||
        op.compare(op.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    const std::string name = op.substr(4, op.size() - 4 - suffix.size());
    if (name != "migration" && summary_number(item.value(), "/count") > 0) names.push_back(name);
  }
  return names;
}

void add_migration_stages(const std::vector<RunData>& runs, HtmlPage& page) {
  BarChart chart;
  chart.id = "migration-stages";
  chart.title = "migration DAG stage latencies";
  chart.x_title = "stage (in DAG order)";
  chart.y_title = "stage latency (ms)";
  chart.width = kPlotWidth;
  const std::vector<std::string> stages = {"snapshot", "stream", "apply", "verify", "switch_ownership", "drop_source"};
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const std::string prefix = runs.size() > 1 ? runs[r].label + " " : "";
    chart.series_labels.push_back(prefix + "mean");
    chart.series_labels.push_back(prefix + "p99");
    chart.series_colours.push_back(css_colour(series_colour(2 * r)));
    chart.series_colours.push_back(css_colour(series_colour(2 * r + 1)));
  }
  bool any = false;
  for (const std::string& stage : stages) {
    BarGroup group{stage, {}};
    for (const RunData& run : runs) {
      const std::string pointer = "/ops/dag.migration.stage." + stage;
      const bool ran = summary_number(run.summary, pointer + "/count") > 0;
      any = any || ran;
      group.values.push_back(ran ? summary_number(run.summary, pointer + "/mean_ms") : NAN);
      group.values.push_back(ran ? summary_number(run.summary, pointer + "/p99_ms") : NAN);
    }
    chart.groups.push_back(group);
  }
  if (!any) return;
  page.heading(3, "migration DAG stages");
  page.figure(render_bar_chart(chart), "Each moved range runs snapshot -> stream -> apply -> verify -> switch_ownership -> "
                                       "drop_source; latency of each stage over all ranges (mean and p99).");
}

}  // namespace

void add_dags(const std::vector<RunData>& runs, HtmlPage& page) {
  bool any_pipeline = false, any_migration = false;
  for (const RunData& run : runs) {
    any_pipeline = any_pipeline || !pipeline_names(run).empty();
    any_migration = any_migration || summary_number(run.summary, "/ops/dag.migration.makespan/count") > 0;
  }
  if (!any_pipeline && !any_migration) return;
  page.heading(2, "DAG runs", "dags");
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (const std::string& name : pipeline_names(runs[r])) {
      page.heading(3, (runs.size() > 1 ? runs[r].label + ": " : std::string()) + "pipeline " + name);
      LinePlot plot;
      plot.id = "dag-makespan-" + std::to_string(r) + "-" + name;
      plot.title = name + " makespan over time";
      plot.x_title = "time (s)";
      plot.y_title = "makespan (ms)";
      plot.width = kPlotWidth;
      plot.height = 240;
      plot.y_scale = LinePlot::YScale::kAuto;
      const std::vector<RunData> one = {runs[r]};
      for (const char* stat : {"p50_ms", "p99_ms", "max_ms"}) {
        for (PlotLine& line : lines_of(one, "dag." + name + ".makespan." + stat, 1, std::string(stat).substr(0, std::string(stat).size() - 3))) {
          line.colour = css_colour(series_colour(plot.lines.size()));
          plot.lines.push_back(line);
        }
      }
      plot.markers = change_markers(runs[r]);
      if (has_data(plot)) page.figure(render_line_plot(plot), "Makespan of the runs of " + name + " that ended in each window.");
      if (!runs[r].cluster.is_object()) continue;
      std::size_t index = 0;
      for (const nlohmann::json& dag_run : runs[r].cluster.value("slowest_dag_runs", nlohmann::json::array())) {
        if (dag_run.value("pipeline", std::string()) == name) {
          add_gantt(runs[r], dag_run, "gantt-" + std::to_string(r) + "-" + std::to_string(index), page);
        }
        index += 1;
      }
    }
  }
  add_migration_stages(runs, page);
}

}  // namespace ringsim::report
