#include "cli/run_warnings.h"

#include <cmath>
#include <string_view>
#include <utility>

#include "cli/number_format.h"

namespace ringsim {
namespace {

const SummaryTable* find_table(const RunSummary& summary, const std::string& name) {
  for (const SummaryTable& table : summary.tables) {
    if (table.name == name) return &table;
  }
  return nullptr;
}

// A changes-table cell by column name (null when the column is absent).
nlohmann::json cell(const SummaryTable& table, const std::vector<nlohmann::json>& row, const std::string& column) {
  for (std::size_t c = 0; c < table.columns.size() && c < row.size(); ++c) {
    if (table.columns[c] == column) return row[c];
  }
  return nullptr;
}

double number(const nlohmann::json& value) { return value.is_number() ? value.get<double>() : NAN; }
std::string text(const nlohmann::json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

bool is_fault_consequence(const std::string& metric) {
  for (const char* word : {"lost", "failed", "timeout", "under_replicated", "unavailable"}) {
    if (metric.find(word) != std::string::npos) return true;
  }
  return false;
}

// Consequences only a fault can have: overload alone times requests out and fails them, but
// never loses a key, leaves one under-replicated or finds no node to ask.
bool is_fault_only_consequence(const std::string& metric) {
  for (const char* word : {"lost", "under_replicated", "unavailable"}) {
    if (metric.find(word) != std::string::npos) return true;
  }
  return false;
}

// Changes that take copies away or cut nodes off (a skipped one is said apart).
bool is_fault_action(const std::string& action) {
  for (const char* name : {"fail_node", "remove_node", "declared_dead", "partition", "set_replication_factor"}) {
    if (action.rfind(name, 0) == 0) return true;
  }
  return false;
}

struct ChangeFindings {
  std::vector<std::string> warnings;
  bool any_fault = false;      // A failure, removal or declared death happened.
  bool fault_hit_keys = false;  // One of them touched at least one copy.
  bool fault_action = false;    // Any change that can cost copies (is_fault_action).
  // Crashes not yet declared dead (nor restarted) when the run ended, as "node 3 crashed
  // at 20 s": their copies are neither lost nor re-replicated yet.
  std::vector<std::string> undetected_crashes;
};

// lost_keys > 0: some fault destroyed a key's last copy (with RF 1 a failed node's keys are
// lost, not re-replicated, so its keys_moved_ideal is 0 although it held data).
void check_change(const SummaryTable& table, const std::vector<nlohmann::json>& row, bool keys_lost, ChangeFindings& out) {
  const std::string action = text(cell(table, row, "action"));
  out.fault_action = out.fault_action || is_fault_action(action);
  const std::string where = format_number(number(cell(table, row, "time_s"))) + " s " + action + " " +
                            text(cell(table, row, "subject"));
  const double moved = number(cell(table, row, "keys_moved"));
  const double ideal = number(cell(table, row, "keys_moved_ideal"));
  const double ratio = number(cell(table, row, "moved_over_ideal"));
  const double shards = number(cell(table, row, "shards_moved"));
  const double shards_ideal = number(cell(table, row, "shards_moved_ideal"));
  // Membership labels an action that never took effect "fail_node (skipped: not running)".
  constexpr std::string_view kSkipped = " (skipped: ";
  const std::size_t skipped = action.find(kSkipped);
  if (skipped != std::string::npos) {
    // The action never took effect (a fail_node on a node still booting, a remove_node of
    // the last member): what the run's expectations say about the fault is vacuous.
    const std::string name = action.substr(0, skipped);
    const std::size_t reason_at = skipped + kSkipped.size();
    const std::string reason = action.substr(reason_at, action.size() - reason_at - 1);  // Without the ")".
    out.any_fault = out.any_fault || name == "fail_node" || name == "remove_node";
    out.warnings.push_back(format_number(number(cell(table, row, "time_s"))) + " s " + name + " " +
                           text(cell(table, row, "subject")) + " did nothing: " + reason +
                           (name == "fail_node" ? " (a node added by add_node runs only once it has booted; fail it later)"
                                                : std::string()));
    return;
  }
  if (action == "declared_dead" || action == "remove_node") {
    out.any_fault = true;
    if (ideal == 0 && moved == 0 && !keys_lost) {
      out.warnings.push_back(where + ": the node held no copies, so the fault lost and moved nothing " +
                             "(with few shards or RF 1 a node can own nothing; pick a node that holds data)");
      return;
    }
    out.fault_hit_keys = true;
  }
  if (action == "fail_node") out.any_fault = true;
  if (action == "join" && moved == 0) {
    out.warnings.push_back(where + ": the joining node received nothing (keys_moved 0, ideal " + format_number(std::round(ideal)) +
                           (std::isfinite(shards_ideal) ? ", shards ideal " + format_number(shards_ideal) : std::string()) + ")");
    return;
  }
  if (std::isfinite(ratio) && ratio < kMovedBelowIdealRatio) {
    std::string why = std::isfinite(shards)
                          ? "; keys move in whole shards (" + format_number(shards) + " shard replicas moved, ideal " +
                                format_number(std::round(shards_ideal * 100) / 100) +
                                "), so with few shards a change moves fewer or more keys than the ideal"
                          : "; the ideal is an average over placements, and a hash placement with few vnodes can fall below it";
    out.warnings.push_back(where + ": keys moved " + format_number(moved) + " is below the ideal " +
                           format_number(std::round(ideal)) + " (ratio " + format_number(std::round(ratio * 100) / 100) + ")" + why);
  }
}

// Fills findings.undetected_crashes: each fail_node that no later declared_dead or
// recover_node of the same node resolved, worded "node 3 crashed at 20 s".
void undetected_at_end(const SummaryTable& table, ChangeFindings& out) {
  std::vector<std::pair<std::string, std::string>> pending;  // (node, time)
  for (const auto& row : table.rows) {
    const std::string action = text(cell(table, row, "action"));
    const std::string node = text(cell(table, row, "subject"));
    if (action == "fail_node") {
      pending.emplace_back(node, format_number(number(cell(table, row, "time_s"))));
    } else if (action == "declared_dead" || action == "recover_node") {
      std::erase_if(pending, [&](const auto& crash) { return crash.first == node; });
    }
  }
  out.undetected_crashes.clear();
  for (const auto& [node, time] : pending) out.undetected_crashes.push_back("node " + node + " crashed at " + time + " s");
}

// Why members can hold no shard, and what helps, by cluster.placement.
std::string idle_members_advice(const nlohmann::json& scenario) {
  const nlohmann::json* placement = nullptr;
  if (scenario.is_object() && scenario.contains("cluster") && scenario["cluster"].is_object() &&
      scenario["cluster"].contains("placement")) {
    placement = &scenario["cluster"]["placement"];
  }
  const bool balancer = placement != nullptr && placement->is_object() &&
                        placement->value("strategy", std::string()) == "shard_balancer";
  if (balancer && placement->value("rebalance", std::string("auto")) == "manual") {
    return "with rebalance \"manual\" the shard balancer moves no shard by itself, so a new or recovered member "
           "holds none and serves no search until a move_shard or replicate_shard timeline action gives it one; "
           "add those actions, or set cluster.placement.rebalance to \"auto\" (docs/shards.md)";
  }
  if (balancer) {
    return "the shard balancer (rebalance \"auto\") evens shard replicas over members, but with fewer shard replicas "
           "than members (shards x RF < members) some own none and serve nothing; raise data.shards (docs/shards.md)";
  }
  return "shards are placed whole, so with few shard replicas per member (shards x RF / members) some own none and "
         "serve nothing; raise data.shards or use the shard balancer with rebalance \"auto\" (docs/shards.md)";
}

}  // namespace

std::vector<std::string> run_warnings(const RunSummary& summary, const std::vector<ExpectationOutcome>& outcomes,
                                      const nlohmann::json& scenario) {
  ChangeFindings findings;
  if (const SummaryTable* changes = find_table(summary, "changes")) {
    const bool keys_lost = summary.find("lost_keys").value_or(0) > 0;
    for (const auto& row : changes->rows) check_change(*changes, row, keys_lost, findings);
    undetected_at_end(*changes, findings);
  }
  std::vector<std::string> warnings = std::move(findings.warnings);
  // A crash the detector had not declared when the run ended (--until, a short run): its
  // copies are gone, but nothing was re-replicated yet, so the fault's cost is cut short.
  for (const std::string& crash : findings.undetected_crashes) {
    warnings.push_back(crash + " and is not yet declared dead at the end of this run: its copies are gone, but " +
                       "re-replication starts only once it is declared dead (failure_detection.failure_timeout_ms), so " +
                       "under_replicated_s, keys_moved and the timeouts of requests routed to it stop short of this " +
                       "fault's cost; run past its detection to see them");
  }
  // Lost keys are not under-replicated (nothing is left to copy from), so the
  // under_replicated figures say nothing of them: say it here.
  if (const double lost = summary.find("lost_keys").value_or(0); lost > 0) {
    warnings.push_back(format_number(lost) + " keys were lost (lost_keys): every copy was on nodes that failed, so " +
                       "they are gone, not under-replicated, and nothing restores them; requests for them time out until " +
                       "the failure detector declares their node dead, then gets of them fail (lost_key_requests) and " +
                       "searches miss their shards (partial_searches). Raise cluster.replication.factor to keep them");
  }
  // Shards are placed whole: with few shards per member some members own none, hold no
  // vectors and serve no search, although their ring share says otherwise.
  const double idle_member_s = summary.find("members_without_shards_s").value_or(0);
  if (idle_member_s > 0) {
    warnings.push_back("members held no shard for " + format_number(std::round(idle_member_s * 100) / 100) +
                       " member-seconds (members_without_shards_s): " + idle_members_advice(scenario));
  }
  for (const ExpectationOutcome& outcome : outcomes) {
    const std::string& metric = outcome.expectation->metric;
    const std::string bound = metric + " " + outcome.expectation->describe_bound();
    if (std::isnan(outcome.actual)) {
      warnings.push_back("expectation " + bound + ": " + kNoSampleText + " (the operation has no samples in this run)");
    } else if (!outcome.passed || outcome.actual != 0 || !is_fault_consequence(metric)) {
      continue;
    } else if (findings.any_fault && !findings.fault_hit_keys && findings.undetected_crashes.empty()) {
      warnings.push_back("expectation " + bound + " holds trivially: no fault in this run hit any key");
    } else if (!findings.fault_action && is_fault_only_consequence(metric)) {
      warnings.push_back("expectation " + bound + " holds trivially: this run has no fault (no fail_node, remove_node, " +
                         "partition or set_replication_factor), and only a fault loses keys or leaves them " +
                         "under-replicated");
    }
  }
  return warnings;
}

}  // namespace ringsim
