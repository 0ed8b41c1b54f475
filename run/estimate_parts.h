// Internal to the run estimate (run/estimate.cpp, run/estimate_events.cpp): what both the
// memory and the event terms read off a cluster scenario. Not a public interface.
//
// Only what a run reaches counts: a timeline action at or after the end (a shortened
// duration_s) changes neither memory nor events.
#pragma once

#include <functional>

#include "run/estimate.h"

namespace ringsim::estimate_parts {

struct ClusterFacts {
  double nodes_max = 0;           // Node ids the run may create (limits per-node series).
  double node_seconds = 0;        // Nodes (data and compute) x the seconds they are up.
  double membership_changes = 0;  // Joins, drains, failures and recoveries the run reaches.
  double rf = 1;
  double total_bytes = 0;
  double shards = 1;              // Shards a search fans out to (1 without vectors).
  // Operation shares of the mix (sum 1; a runbook's mix is its own).
  double get_share = 1, write_share = 0, search_share = 0;
};

ClusterFacts cluster_facts(const Scenario& scenario, const ClusterScenario& cluster);

// Calls `segment(rate_qps, seconds)` for each stretch of constant base rate of `arrivals`
// (the process's own rate, then each set_rate the run reaches), in time order. The rate is
// the process's mean over the stretch (a diurnal's base rate over whole periods, a burst
// schedule's duty-weighted mean, a trace's integral over its rows for the stretch: whole
// passes and part of one; a trace that does not loop stops after one pass).
void for_each_rate_segment(const Scenario& scenario, const ArrivalConfig& arrivals,
                           const std::vector<TimelineActionPtr>& timeline,
                           const std::function<void(double rate_qps, double seconds)>& segment);

// The highest instantaneous rate over the run (the process's peak x set_rate's factors).
double peak_rate_qps(const ArrivalConfig& arrivals, const std::vector<TimelineActionPtr>& timeline,
                     TimeNs duration_ns);

// Operations a runbook issues (insert/delete/replace ids, search_queries per search step).
double runbook_operations(const RunbookConfig& runbook);

// Requests per second the data nodes' cores serve (an autoscaler's max_nodes when it has
// one), from the mix's mean service time per request (writes on every replica); 0 when the
// mix is all searches (their cost is counted HNSW work).
double cluster_capacity_qps(const ClusterScenario& cluster, const ClusterFacts& facts);

void add_cluster_event_terms(const Scenario& scenario, const ClusterScenario& cluster, const ClusterFacts& facts,
                             RunEstimate& estimate);

}  // namespace ringsim::estimate_parts
