// models/cluster/cluster_view.h: the read-only view front ends use. Its logs are the
// model's own, so what a viewer reads at an instant does not depend on how often it looked
// (the GUI's frame pacing); changes carry their kind; a crashed node holds nothing.
#include <catch2/catch.hpp>

#include "models/cluster/cluster_view.h"
#include "run/run.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

nlohmann::json search_scenario() {
  return nlohmann::json::parse(R"({
    "name": "view_searches", "seed": 5, "duration_s": 2, "window_s": 1,
    "cluster": {"nodes": 4, "node": {"cores": 8},
                "network": {"latency": {"type": "constant", "value_ms": 0.2}},
                "replication": {"factor": 2, "write_quorum": 1}},
    "data": {"keys": 400, "shards": 4, "vectors": {"dim": 8, "clusters": 4, "spread": 0.2}},
    "index": {"m": 8, "ef_construction": 20, "ef_search": 10, "k": 5},
    "workload": {"arrivals": {"type": "poisson", "rate_qps": 400}, "mix": {"search": 1.0},
                 "recall_sample_rate": 0}
  })");
}

std::vector<SearchTouch> searches_at(TimeNs until_ns, TimeNs step_ns) {
  Run run(testing::scenario_from(search_scenario()));
  for (TimeNs t = step_ns; t < until_ns; t += step_ns) run.advance_to(t);
  run.advance_to(until_ns);
  const ClusterView* view = ClusterView::of(run.model());
  REQUIRE(view != nullptr);
  return view->recent_searches();
}

TEST_CASE("cluster view: recent searches are the model's, newest first, whatever the pacing", "[cluster_view]") {
  const TimeNs until_ns = 1500 * kNsPerMs;
  const std::vector<SearchTouch> one_step = searches_at(until_ns, until_ns);
  const std::vector<SearchTouch> many_steps = searches_at(until_ns, 7 * kNsPerMs);
  REQUIRE(one_step.size() == kRecentSearches);  // ~600 searches completed by then
  REQUIRE(many_steps.size() == one_step.size());
  for (std::size_t i = 0; i < one_step.size(); ++i) {
    CHECK(one_step[i].sequence == many_steps[i].sequence);
    CHECK(one_step[i].completed_ns == many_steps[i].completed_ns);
    CHECK(one_step[i].shards == many_steps[i].shards);
    CHECK(one_step[i].coordinator == many_steps[i].coordinator);
    if (i > 0) {
      CHECK(one_step[i].sequence + 1 == one_step[i - 1].sequence);
      CHECK(one_step[i].completed_ns <= one_step[i - 1].completed_ns);
    }
    CHECK(one_step[i].completed_ns <= until_ns);
    CHECK(one_step[i].shards.size() == 4);  // hash partitioning asks every shard
    CHECK(one_step[i].replicas.size() == one_step[i].shards.size());
  }
  CHECK(one_step.front().sequence > 300);
}

nlohmann::json failure_scenario() {
  return nlohmann::json::parse(R"({
    "name": "view_changes", "seed": 5, "duration_s": 4, "window_s": 1,
    "cluster": {"nodes": 5, "node": {"cores": 4},
                "network": {"latency": {"type": "constant", "value_ms": 0.2}},
                "replication": {"factor": 2, "write_quorum": 1}},
    "data": {"keys": 2000, "value_size": {"type": "constant", "value_bytes": 100}},
    "workload": {"arrivals": {"type": "poisson", "rate_qps": 2000}, "mix": {"get": 1.0}},
    "timeline": [
      {"at_s": 1, "action": "fail_node", "node": 2},
      {"at_s": 1.001, "action": "fail_node", "node": 2},
      {"at_s": 3.5, "action": "recover_node", "node": 4}
    ]
  })");
}

TEST_CASE("cluster view: changes carry their kind, skipped ones say so", "[cluster_view]") {
  Run run(testing::scenario_from(failure_scenario()));
  run.advance_to(1002 * kNsPerMs);
  const ClusterView& view = *ClusterView::of(run.model());
  // Between the crash and its detection the replica map still lists node 2 as a holder
  // (routing believes it up); the view shows its data as gone.
  CHECK(view.replicas().keys_on(2) > 0);
  CHECK(view.keys_held(2) == 0);
  CHECK(view.bytes_held(2) == 0);
  CHECK(view.keys_held(1) == view.replicas().keys_on(1));
  run.run_to_end();
  std::vector<std::pair<ChangeKind, bool>> kinds;
  for (const ChangeRecord& change : view.changes()) kinds.emplace_back(change.kind, change.skipped);
  const std::vector<std::pair<ChangeKind, bool>> expected = {{ChangeKind::kFailNode, false},
                                                             {ChangeKind::kFailNode, true},
                                                             {ChangeKind::kDeclaredDead, false},
                                                             {ChangeKind::kRecoverNode, true}};
  CHECK(kinds == expected);
  CHECK(view.changes()[1].action == "fail_node (skipped: not running)");
}

}  // namespace
}  // namespace ringsim
