// Sections about the nodes: utilization heatmap, requests per node, and membership
// changes (the ring before and after, keys per node, keys moved vs ideal).
#include <algorithm>
#include <cmath>
#include <map>

#include "cli/report/charts.h"
#include "cli/report/report_sections.h"
#include "cli/report/svg.h"
#include "cli/report/ticks.h"

namespace ringsim::report {
namespace {

// Membership changes shown with rings per run; the changes table lists all.
constexpr std::size_t kRingChangesMax = 4;

// Node ids with a series "node.<id>.<what>", ascending.
std::vector<std::uint32_t> node_ids(const RunData& run, const std::string& what) {
  std::vector<std::uint32_t> ids;
  const std::string suffix = "." + what;
  for (const std::string& name : run.series.names) {
    if (name.rfind("node.", 0) != 0 || name.size() <= suffix.size() ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    const std::string id = name.substr(5, name.size() - 5 - suffix.size());
    if (id.empty() || !std::all_of(id.begin(), id.end(), ::isdigit)) continue;
    ids.push_back(static_cast<std::uint32_t>(std::stoul(id)));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::string node_series(std::uint32_t id, const std::string& what) { return "node." + std::to_string(id) + "." + what; }

// The series' value sampled at or before time_s (the last window that ended by then).
// The value of the last window that ended by time_s; to_end: the last window of all (a
// trailing partial window ends at the run's end, before its start + window_s).
double value_at(const Series& series, double window_s, double time_s, bool to_end = false) {
  double value = NAN;
  for (std::size_t i = 0; i < series.time_s.size(); ++i) {
    if (to_end || series.time_s[i] + window_s <= time_s + 1e-9) value = series.value[i];
  }
  return value;
}

// The end of the window value_at reads (the instant its gauge was sampled); NAN when none.
double sample_time_at(const Series& series, double window_s, double time_s, bool to_end = false) {
  double at = NAN;
  for (std::size_t i = 0; i < series.time_s.size(); ++i) {
    if (to_end || series.time_s[i] + window_s <= time_s + 1e-9) at = series.time_s[i] + window_s;
  }
  return at;
}

struct MembershipChange {
  std::size_t index = 0;  // Row in the changes table.
  double time_s = 0;
  std::string label;
  std::string short_label;  // Time and action only.
  double keys_moved = NAN;
  double keys_moved_ideal = NAN;
};

std::vector<MembershipChange> membership_changes(const RunData& run) {
  std::vector<MembershipChange> changes;
  const nlohmann::json table = run.summary.value("changes", nlohmann::json::array());
  for (std::size_t i = 0; i < table.size(); ++i) {
    const std::string members = table[i].value("members", std::string());
    const std::size_t arrow = members.find("->");
    if (arrow == std::string::npos || members.substr(0, arrow) == members.substr(arrow + 2)) continue;
    MembershipChange change;
    change.index = i;
    change.time_s = summary_number(table[i], "/time_s");
    change.label = format_number(change.time_s) + " s " + table[i].value("action", std::string()) + " " +
                   table[i].value("subject", std::string()) + " (" + members + ")";
    change.short_label = format_number(change.time_s) + " s " + table[i].value("action", std::string());
    change.keys_moved = summary_number(table[i], "/keys_moved");
    change.keys_moved_ideal = summary_number(table[i], "/keys_moved_ideal");
    changes.push_back(change);
  }
  return changes;
}

std::string ring_svg(const nlohmann::json& snapshot, const std::string& id, const std::string& caption) {
  RingChart ring;
  ring.id = id;
  ring.title = caption;
  ring.caption = caption;
  ring.size = 230;
  const nlohmann::json owners = snapshot.value("owners", nlohmann::json::array());
  const double samples = std::max<double>(1, static_cast<double>(owners.size()));
  std::map<std::int64_t, std::size_t> share;
  std::size_t begin = 0;
  for (std::size_t i = 1; i <= owners.size(); ++i) {
    if (i < owners.size() && owners[i] == owners[begin]) continue;
    const std::int64_t owner = owners[begin].is_number() ? owners[begin].get<std::int64_t>() : -1;
    share[owner] += i - begin;
    const std::string who = owner < 0 ? "no owner" : "node " + std::to_string(owner);
    ring.arcs.push_back({begin / samples, i / samples,
                         owner < 0 ? "#cccccc" : css_colour(node_colour(static_cast<std::uint32_t>(owner))), who});
    begin = i;
  }
  for (const auto& [owner, count] : share) {
    ring.legend.push_back({owner < 0 ? "#cccccc" : css_colour(node_colour(static_cast<std::uint32_t>(owner))),
                           (owner < 0 ? std::string("none") : "node " + std::to_string(owner)) + "  " +
                               format_number(std::round(1000.0 * count / samples) / 10) + " %"});
  }
  return render_ring(ring);
}

// The points of the circle whose primary owner changed, in the new owner's colour; the
// rest grey. This is the change itself, which the before/after rings only show side by side.
std::string moved_ring_svg(const nlohmann::json& before, const nlohmann::json& after, const std::string& id) {
  RingChart ring;
  ring.id = id;
  ring.title = "moved by the change";
  ring.caption = "moved (new owner)";
  ring.size = 230;
  const nlohmann::json from = before.value("owners", nlohmann::json::array());
  const nlohmann::json to = after.value("owners", nlohmann::json::array());
  const std::size_t samples = std::min(from.size(), to.size());
  const auto key_of = [&](std::size_t i) -> std::int64_t {
    if (from[i] == to[i]) return -2;  // Unchanged.
    return to[i].is_number() ? to[i].get<std::int64_t>() : -1;
  };
  std::map<std::int64_t, std::size_t> share;
  std::size_t begin = 0;
  for (std::size_t i = 1; i <= samples; ++i) {
    if (i < samples && key_of(i) == key_of(begin)) continue;
    const std::int64_t key = key_of(begin);
    share[key] += i - begin;
    const std::string colour = key == -2 ? "#eeeff2" : key == -1 ? "#cccccc" : css_colour(node_colour(static_cast<std::uint32_t>(key)));
    ring.arcs.push_back({begin / static_cast<double>(samples), i / static_cast<double>(samples), colour,
                         key == -2 ? "unchanged" : "moved to " + (key < 0 ? std::string("no owner") : "node " + std::to_string(key))});
    begin = i;
  }
  for (const auto& [key, count] : share) {
    const std::string percent = format_number(std::round(1000.0 * count / std::max<std::size_t>(1, samples)) / 10) + " %";
    if (key == -2) {
      ring.legend.push_back({"#eeeff2", "unchanged  " + percent});
    } else {
      ring.legend.push_back({key < 0 ? "#cccccc" : css_colour(node_colour(static_cast<std::uint32_t>(key))),
                             "to " + (key < 0 ? std::string("none") : "node " + std::to_string(key)) + "  " + percent});
    }
  }
  return render_ring(ring);
}

// Snapshots just before and after changes[index]: the first taken after the change opened,
// and the one before it.
std::pair<const nlohmann::json*, const nlohmann::json*> snapshots_around(const nlohmann::json& snapshots,
                                                                           const MembershipChange& change) {
  for (std::size_t s = 1; s < snapshots.size(); ++s) {
    if (snapshots[s].value("changes", std::size_t{0}) > change.index) return {&snapshots[s - 1], &snapshots[s]};
  }
  return {nullptr, nullptr};
}

// When a fail_node of the run's timeline crashed `node` at or before time_s (NAN: it did
// not, or a recover_node restarted it since).
double crash_time(const RunData& run, std::uint32_t node, double time_s) {
  double crashed = NAN;
  const nlohmann::json timeline = summary_value(run.summary, "/scenario_document/timeline");
  if (!timeline.is_array()) return crashed;
  for (const nlohmann::json& action : timeline) {
    const double at_s = summary_number(action, "/at_s");
    if (!action.is_object() || !std::isfinite(at_s) || at_s > time_s + 1e-9) continue;
    const nlohmann::json subject = action.value("node", nlohmann::json());
    if (!subject.is_number_unsigned() || subject.get<std::uint32_t>() != node) continue;
    const std::string name = action.value("action", std::string());
    if (name == "fail_node") crashed = at_s;
    if (name == "recover_node") crashed = NAN;
  }
  return crashed;
}

// Keys per node from the node.<id>.keys gauges, which are sampled at window ends: "before"
// is the last sample at or before the change, labelled with its own time (it can be up to a
// window earlier than the change), "after" the last before the next change or the run's end.
void add_keys_per_node(const RunData& run, const MembershipChange& change, double next_time_s, HtmlPage& page,
                       const std::string& id) {
  const bool is_last = next_time_s >= summary_number(run.summary, "/sim_time_s") - 1e-9;
  BarChart chart;
  chart.id = id;
  chart.title = "keys per node before and after " + change.label;
  chart.x_title = "node";
  chart.y_title = "keys held (replicas)";
  chart.width = kPlotWidth;
  chart.height = 240;
  chart.series_colours = {"#9aa3b5", "#1f5fa8"};
  double before_s = NAN, after_s = NAN;
  std::string crashes;
  for (const std::uint32_t node : node_ids(run, "keys")) {
    const Series& series = *run.series.find(node_series(node, "keys"));
    const double before = value_at(series, run.series.window_s, change.time_s);
    const double after = value_at(series, run.series.window_s, next_time_s, /*to_end=*/is_last);
    if (!std::isfinite(before_s)) before_s = sample_time_at(series, run.series.window_s, change.time_s);
    if (!std::isfinite(after_s)) after_s = sample_time_at(series, run.series.window_s, next_time_s, is_last);
    // A node crashed by then is shown in every run, marked, with what the gauge reads at the
    // sample (its copies die with it: 0 once the crash is before the sample instant).
    const double crashed_s = crash_time(run, node, change.time_s);
    if (!(before > 0) && !(after > 0) && !std::isfinite(crashed_s)) continue;
    // Short, so 13 node labels still fit a row: the caption names the crash.
    chart.groups.push_back({"n" + std::to_string(node) + (std::isfinite(crashed_s) ? " down" : ""), {before, after}});
    if (std::isfinite(crashed_s)) crashes += "n" + std::to_string(node) + " crashed at " + format_number(crashed_s) + " s; ";
    chart.group_colours.push_back(css_colour(node_colour(node)));
  }
  if (chart.groups.empty()) return;
  const auto at = [](double time_s) { return std::isfinite(time_s) ? "at " + format_number(time_s) + " s" : std::string("-"); };
  chart.series_labels = {"before (" + at(before_s) + ")", "after (" + at(after_s) + ")"};
  const bool exact = std::isfinite(before_s) && std::abs(before_s - change.time_s) < 1e-9;
  page.figure(render_bar_chart(chart),
              "Keys per node " + at(before_s) + (exact ? ", the instant of the change (sampled before its events)"
                                                       : ", the last sample (a window end) before the change at " +
                                                             format_number(change.time_s) + " s") +
                  ", and " + at(after_s) + (is_last ? ", the end of the run." : ", the last sample before the next change.") +
                  (crashes.empty() ? std::string()
                                   : " Down: " + crashes + "a crashed node is shown in every run, holding 0 from the first "
                                     "sample after its crash (its copies die with it) and its keys at a sample before it."));
}

// Whole-shard placements: each node's assigned shard replicas (cluster.json's
// shard_replicas) before and after, in place of the hash-circle rings, which describe keys.
std::string shard_replicas_svg(const nlohmann::json& before, const nlohmann::json& after, const std::string& id) {
  BarChart chart;
  chart.id = id;
  chart.title = "shard replicas per node before and after";
  chart.x_title = "node";
  chart.y_title = "shard replicas assigned";
  chart.width = kPlotWidth;
  chart.height = 240;
  chart.series_labels = {"before (" + format_number(before.value("time_s", 0.0)) + " s)",
                         "after (" + format_number(after.value("time_s", 0.0)) + " s)"};
  chart.series_colours = {"#9aa3b5", "#1f5fa8"};
  const nlohmann::json from = before.value("shard_replicas", nlohmann::json::array());
  const nlohmann::json to = after.value("shard_replicas", nlohmann::json::array());
  const auto member = [](const nlohmann::json& snapshot, std::size_t node) {
    const nlohmann::json members = snapshot.value("members", nlohmann::json::array());
    return std::find(members.begin(), members.end(), nlohmann::json(node)) != members.end();
  };
  for (std::size_t node = 0; node < std::max(from.size(), to.size()); ++node) {
    const double a = node < from.size() ? from[node].get<double>() : 0, b = node < to.size() ? to[node].get<double>() : 0;
    // A member holding no shard (a join under manual rebalancing) is shown at 0.
    if (a == 0 && b == 0 && !member(before, node) && !member(after, node)) continue;
    chart.groups.push_back({"n" + std::to_string(node), {a, b}});
    chart.group_colours.push_back(css_colour(node_colour(static_cast<std::uint32_t>(node))));
  }
  return render_bar_chart(chart);
}

bool has_shard_replicas(const nlohmann::json& snapshot) {
  return !snapshot.value("shard_replicas", nlohmann::json::array()).empty();
}

// A run's utilization heatmap (no colour scale yet): one row per node, one column per window.
Heatmap utilization_heatmap(const RunData& run, const std::string& id_suffix) {
  Heatmap heatmap;
  const std::vector<std::uint32_t> ids = node_ids(run, "utilization");
  if (ids.empty()) return heatmap;
  heatmap.id = "utilization-heatmap" + id_suffix;
  heatmap.title = "utilization per node over time";
  heatmap.x_title = "time (s)";
  heatmap.value_title = "core utilization";
  heatmap.column_width = run.series.window_s;
  heatmap.width = kPlotWidth;
  std::vector<double> times;
  for (const std::uint32_t id : ids) {
    const Series& series = *run.series.find(node_series(id, "utilization"));
    times.insert(times.end(), series.time_s.begin(), series.time_s.end());
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  heatmap.column_starts = times;
  for (const std::uint32_t id : ids) {
    const Series& series = *run.series.find(node_series(id, "utilization"));
    std::vector<double> row(times.size(), NAN);
    for (std::size_t i = 0; i < series.time_s.size(); ++i) {
      const auto at = std::lower_bound(times.begin(), times.end(), series.time_s[i]);
      row[static_cast<std::size_t>(at - times.begin())] = series.value[i];
    }
    heatmap.row_labels.push_back("node " + std::to_string(id));
    heatmap.row_colours.push_back(css_colour(node_colour(id)));
    heatmap.values.push_back(std::move(row));
  }
  return heatmap;
}

}  // namespace

void add_nodes(const std::vector<RunData>& runs, HtmlPage& page) {
  bool any = false;
  for (const RunData& run : runs) any = any || !node_ids(run, "utilization").empty();
  if (!any) return;
  page.heading(2, "Nodes", "nodes");
  // Every compared run's heatmap on one colour scale, so equal colours mean equal load.
  std::vector<Heatmap> heatmaps(runs.size());
  double busiest = 0;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    heatmaps[r] = utilization_heatmap(runs[r], runs.size() > 1 ? "-" + std::to_string(r) : "");
    for (const auto& row : heatmaps[r].values) {
      for (const double value : row) {
        if (std::isfinite(value)) busiest = std::max(busiest, value);
      }
    }
  }
  // Colours span [0, the busiest window] (rounded up to a nice step), not [0, 1]: a cluster
  // at 0.8 % utilization would otherwise be uniformly dark. The caption says which.
  const TickSet scale = linear_ticks(0, busiest > 0 ? std::min(busiest, 1.0) : 1, 4);
  const double value_max = std::min(1.0, scale.hi > 0 ? scale.hi : 1.0);
  const std::string scale_text =
      (value_max < 1 ? "colours scaled to the data: 0 to " + format_number(value_max) + " (the busiest window reached " +
                           format_number(busiest) + ")"
                     : std::string("colours span 0 to 1")) +
      (runs.size() > 1 ? ", one scale for every compared run" : "");
  for (std::size_t r = 0; r < runs.size(); ++r) {
    if (heatmaps[r].row_labels.empty()) continue;
    heatmaps[r].value_max = value_max;
    page.figure(render_heatmap(heatmaps[r]), (runs.size() > 1 ? runs[r].label + ": " : std::string()) +
                                                 "core utilization of each node per window (1 = every core busy; " +
                                                 scale_text + "); blank: the node was down, booting, not yet created or "
                                                 "had left (no utilization: an empty cell in timeseries.csv).");
  }
  BarChart served;
  served.id = "requests-per-node";
  served.title = "requests served per node";
  served.x_title = "node";
  served.y_title = "requests served";
  served.width = kPlotWidth;
  std::map<std::uint32_t, std::vector<double>> by_node;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    served.series_labels.push_back(runs.size() == 1 ? "requests served" : runs[r].label);
    served.series_colours.push_back(runs.size() == 1 ? "#1f5fa8" : css_colour(series_colour(r)));
    if (!runs[r].cluster.is_object()) continue;
    for (const nlohmann::json& node : runs[r].cluster.value("nodes", nlohmann::json::array())) {
      if (!node.value("holds_data", true) && summary_number(node, "/requests_served") == 0) continue;
      auto& values = by_node[node.value("id", 0u)];
      values.resize(runs.size(), NAN);
      values[r] = summary_number(node, "/requests_served");
    }
  }
  for (auto& [node, values] : by_node) {
    values.resize(runs.size(), NAN);
    served.groups.push_back({"n" + std::to_string(node), values});
    served.group_colours.push_back(css_colour(node_colour(node)));
  }
  if (!served.groups.empty()) page.figure(render_bar_chart(served), "Requests each node served over the whole run.");
}

void add_membership(const std::vector<RunData>& runs, HtmlPage& page) {
  bool any = false;
  for (const RunData& run : runs) any = any || !membership_changes(run).empty();
  if (!any) return;
  page.heading(2, "Membership changes", "membership");
  BarChart moved;
  moved.id = "keys-moved";
  moved.title = "keys moved vs ideal per change";
  moved.x_title = "membership change";
  moved.y_title = "keys moved (replica copies)";
  moved.width = kPlotWidth;
  moved.series_labels = {"moved", "ideal"};
  moved.series_colours = {"#1f5fa8", "#9aa3b5"};
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const RunData& run = runs[r];
    const std::vector<MembershipChange> changes = membership_changes(run);
    for (const MembershipChange& change : changes) {
      moved.groups.push_back({(runs.size() > 1 ? run.label + " @ " : std::string()) + change.short_label,
                              {change.keys_moved, change.keys_moved_ideal}});
    }
    const nlohmann::json snapshots =
        run.cluster.is_object() ? run.cluster.value("ring_snapshots", nlohmann::json::array()) : nlohmann::json::array();
    for (std::size_t c = 0; c < changes.size() && c < kRingChangesMax; ++c) {
      page.heading(3, (runs.size() > 1 ? run.label + ": " : std::string()) + changes[c].label);
      const auto [before, after] = snapshots_around(snapshots, changes[c]);
      const std::string id = "ring-" + std::to_string(r) + "-" + std::to_string(c);
      if (before != nullptr && after != nullptr && has_shard_replicas(*before) && has_shard_replicas(*after)) {
        page.figure(shard_replicas_svg(*before, *after, id + "-shards"),
                    "Placement " + run.cluster.value("placement", std::string()) + " moves whole shard replicas, so the "
                    "hash-circle ring is not drawn: each node's assigned shard replicas (the placement's target) at the "
                    "snapshot before the change and just after it.");
      } else if (before != nullptr && after != nullptr) {
        page.figure_row({ring_svg(*before, id + "-before", "before (" + format_number(before->value("time_s", 0.0)) + " s)"),
                         ring_svg(*after, id + "-after", "after (" + format_number(after->value("time_s", 0.0)) + " s)"),
                         moved_ring_svg(*before, *after, id + "-moved")},
                        "Primary owner of each point of the hash circle (placement " +
                            run.cluster.value("placement", std::string()) +
                            "), clockwise from 12 o'clock; right: the points whose owner changed, in the new owner's colour.");
      }
      // The next change's time, or the run's end (its last window, even a partial one, ends there).
      const double next_time_s = c + 1 < changes.size() ? changes[c + 1].time_s : summary_number(run.summary, "/sim_time_s");
      add_keys_per_node(run, changes[c], next_time_s, page, "keys-per-node-" + std::to_string(r) + "-" + std::to_string(c));
    }
    if (changes.size() > kRingChangesMax) {
      page.paragraph("Rings and keys per node are shown for the first " + std::to_string(kRingChangesMax) + " of " +
                         std::to_string(changes.size()) + " membership changes; the chart below and the changes table have all.",
                     "muted");
    }
  }
  page.heading(3, "keys moved vs ideal");
  page.figure(render_bar_chart(moved), "Replica copies installed by each change's migrations, next to the minimum "
                                       "any placement must move for it.");
}

}  // namespace ringsim::report
