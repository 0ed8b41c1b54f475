#include "viz/checklist.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "models/cluster/cluster_view.h"
#include "viz/format.h"

namespace ringsim::viz {
namespace {

std::string format_actual(double value) {
  if (std::abs(value - std::round(value)) < 1e-9 && std::abs(value) < 1e15 && value >= 0) {
    return format_count(static_cast<std::uint64_t>(std::llround(value)));
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

// As the model's end-of-run results compute it (models/cluster/change_report.cpp).
double max_over_mean(const std::vector<double>& values) {
  double sum = 0;
  double max = 0;
  for (const double value : values) {
    sum += value;
    max = std::max(max, value);
  }
  return sum > 0 ? max / (sum / static_cast<double>(values.size())) : 0;
}

// The cluster's end-of-run results as they stand now (the model sets them only when the run
// finishes); nullopt for a result only the end knows.
std::optional<double> live_result(const ClusterView& cluster, const std::string& name) {
  const std::vector<NodeId>& members = cluster.placement().members();
  if (name == "keys_moved") {
    double moved = 0;
    for (const ChangeRecord& change : cluster.changes()) moved += static_cast<double>(change.keys_moved);
    return moved;
  }
  if (name == "lost_keys") return static_cast<double>(cluster.replicas().lost_count());
  if (name == "nodes_final") return static_cast<double>(members.size());
  if (name == "load_max_over_mean" || name == "requests_max_over_mean") {
    std::vector<double> values;
    for (const NodeId node : members) {
      values.push_back(static_cast<double>(name == "load_max_over_mean" ? cluster.replicas().keys_on(node)
                                                                        : cluster.nodes()[node].requests_served));
    }
    return max_over_mean(values);
  }
  return std::nullopt;
}

bool is_result(const Run& run, const std::string& name) {
  const std::vector<std::string>& names = run.metrics().result_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::vector<ChecklistItem> lesson_checklist(const Run& run) {
  std::vector<ChecklistItem> items;
  if (run.scenario().expectations.empty()) return items;
  const RunSummary summary = run.summary();
  const auto* cluster = ClusterView::of(run.model());
  for (const ExpectationOutcome& outcome : evaluate_expectations(run.scenario().expectations, summary)) {
    const Expectation& expectation = *outcome.expectation;
    ChecklistItem item;
    item.text = expectation.metric + " " + expectation.describe_bound();
    std::optional<double> actual = outcome.actual;
    if (!run.finished() && is_result(run, expectation.metric)) {
      actual = cluster != nullptr ? live_result(*cluster, expectation.metric) : std::nullopt;
    }
    if (actual) {
      item.holds = expectation.holds(*actual);
      item.text += " (" + std::string(run.finished() ? "final " : "now ") + format_actual(*actual) + ")";
    } else {
      item.pending = true;
      item.text += " (known at the end)";
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace ringsim::viz
