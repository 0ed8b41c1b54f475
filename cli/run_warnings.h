// Warnings about a finished run: results that are technically fine but say the run did not
// test what its author probably meant. Computed from the summary alone (its "changes"
// table, op counts and expectation outcomes), so the console, summary.json ("warnings") and
// the report (which reads summary.json) show the same list (docs/outputs.md, "Warnings").
//
// Each warning is one sentence naming the change (time, action, subject) and the numbers:
// - a failure or removal of a node that held no copies (declared_dead / remove_node with
//   keys_moved_ideal 0): the fault lost and moved nothing;
// - a join that received nothing (keys_moved 0);
// - an action that was skipped ("fail_node (skipped: not running)": a node still booting):
//   it counts as an attempted fault that hit nothing;
// - keys moved below the ideal (moved_over_ideal < kMovedBelowIdealRatio): the ideal is
//   an expectation over placements, and with vector shards keys move in whole shards, so a
//   change can move fewer than the ideal when too few shards exist to share evenly;
// - an expectation on a latency statistic of an operation with no samples (its value is
//   null, shown "no sample"), and an expectation that holds trivially: a fault-consequence
//   counter (lost_keys, failed_requests, timeouts, under_replicated...) expected small and 0
//   while no fault in the run hit any key, or one only a fault can raise (lost_*,
//   under_replicated*, unavailable*) in a run with no fault at all;
// - a crash not yet declared dead when the run ended (--until between crash and detection):
//   its copies are gone but not re-replicated yet, so the fault's cost is cut short (it is
//   never called a fault that hit no key);
// - members that held no shard, with advice by placement and rebalance mode.
#pragma once

#include <string>
#include <vector>

#include "sim/expectation.h"
#include "sim/summary.h"

namespace ringsim {

inline constexpr double kMovedBelowIdealRatio = 0.9;

// `scenario` (the validated document, Scenario::document) words the advice for members
// without shards by cluster.placement: hash placements, the shard balancer with rebalance
// "auto", or with "manual" (which moves nothing by itself).
std::vector<std::string> run_warnings(const RunSummary& summary, const std::vector<ExpectationOutcome>& outcomes,
                                      const nlohmann::json& scenario = nullptr);

}  // namespace ringsim
