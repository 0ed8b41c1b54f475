// The replay printer's decoding of event arguments (cli/event_describe.cpp) against what
// the model encoded (models/cluster/job_token.h), for every token kind at its field limits:
// issue #28 found "shard 2056" in a 24-shard cluster because the printer read the old,
// hand-packed layout (shard at bit 48) while the model wrote the shard at bit 47.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <string>

#include "cli/event_describe.h"
#include "models/cluster/cluster_core.h"
#include "models/cluster/job_token.h"
#include "sim/dag/dag_executor.h"
#include "sim/dag/dag_resources.h"
#include "sim/dag/dag_station_pool.h"
#include "tests/test_support.h"

namespace ringsim {
namespace {

std::uint64_t field(const std::string& text, const std::string& name) {
  std::smatch match;
  const std::regex pattern(name + " ([0-9]+)");
  REQUIRE(std::regex_search(text, match, pattern));
  return std::stoull(match[1]);
}

TEST_CASE("shard-call tokens decode to the shard, slot, generation and attempt encoded", "[event_describe]") {
  for (const job_token::ShardCall& call : {job_token::ShardCall{0, 0, 0, 0}, job_token::ShardCall{5, 7, 23, 1},
                                           job_token::ShardCall{(1u << 24) - 1, (1u << 23) - 1, kShardsMax - 1,
                                                                job_token::kShardAttemptsMax}}) {
    const std::string text = describe_event_args("cluster", "rpc_at_node", job_token::encode(call),
                                                 job_token::encode(job_token::Address{3, 2}));
    CAPTURE(text);
    CHECK(field(text, "slot") == call.slot);
    CHECK(field(text, "gen") == call.generation);
    CHECK(field(text, "shard") == call.shard);
    CHECK(field(text, "attempt") == call.attempt);
    CHECK(field(text, "node") == 3);
    CHECK(field(text, "incarnation") == 2);
  }
  // The case of the issue: a = 0x8808800022000014 is slot 20, shard 17, attempt 1.
  const std::string issue = describe_event_args("cluster", "shard_reply", 0x8808800022000014ULL, 4);
  CAPTURE(issue);
  const job_token::ShardCall decoded = job_token::decode_shard_call(0x8808800022000014ULL);
  CHECK(field(issue, "shard") == decoded.shard);
  CHECK(decoded.shard < 24);
}

TEST_CASE("request tokens decode to slot, generation, attempt and op", "[event_describe]") {
  const job_token::Request high{(1u << 24) - 1, (1u << 23) - 1, 255, PointOp::kDelete};
  for (const job_token::Request& request : {job_token::Request{0, 0, 0, PointOp::kGet}, high,
                                            job_token::Request{17, 3, 2, PointOp::kSearch}}) {
    const std::string text = describe_event_args("cluster", "reply_at_client", job_token::encode(request),
                                                 job_token::encode(job_token::Reply{9, job_token::ReplyStatus::kOverloaded}));
    CAPTURE(text);
    CHECK(field(text, "slot") == request.slot);
    CHECK(field(text, "gen") == request.generation);
    CHECK(field(text, "attempt") == request.attempt);
    CHECK(text.find("shard") == std::string::npos);
    CHECK(field(text, "from node") == 9);
    CHECK(text.find("status overloaded") != std::string::npos);
  }
  CHECK(describe_event_args("cluster", "client_timeout", job_token::encode(high), 0).find("op delete") != std::string::npos);
}

TEST_CASE("apply and DAG-job tokens of a station job decode as such", "[event_describe]") {
  for (const std::uint32_t value : {0u, 41u, 0xffffffffu}) {
    const std::string apply = describe_event_args("cluster", "service_done", job_token::encode_apply(value), 1);
    CAPTURE(apply);
    CHECK(field(apply, "range") == value);
    const std::string dag = describe_event_args("cluster", "service_done", job_token::encode_dag_job(value), 1);
    CAPTURE(dag);
    CHECK(field(dag, "DAG job") == value);
    CHECK(dag.find("slot") == std::string::npos);
  }
  // A trace may carry anything: tag 3 is named, not asserted on.
  CHECK(describe_event_args("cluster", "rpc_at_node", ~std::uint64_t{0}, 0).find("unknown tag") != std::string::npos);
}

}  // namespace
}  // namespace ringsim

// Issue #28, trial 8/10: "cluster.arrival a=0 b=0" printed undecoded beside decoded kinds.
// Every kind of every handler a run registers, listed from the handlers themselves (a kind
// the handler does not have is "?"), must have a decoder: a new kind without one fails here.
namespace ringsim {
namespace {

using HandlerKinds = std::set<std::pair<std::string, std::string>>;

void add_kinds(const EventHandler& handler, HandlerKinds& kinds) {
  for (EventKind kind = 0; kind < 64; ++kind) {
    const std::string name = handler.event_kind_name(kind);
    if (name == "?") return;
    kinds.insert({handler.handler_name(), name});
  }
  FAIL("handler " << handler.handler_name() << " names 64 kinds or more: does it return \"?\" for a kind it lacks?");
}

void add_registered_kinds(const Scenario& scenario, HandlerKinds& kinds) {
  Run run(scenario, RunOptions{});
  for (HandlerId id = 0;; ++id) {
    try {
      add_kinds(run.simulator().handler(id), kinds);
    } catch (const std::out_of_range&) {
      return;
    }
  }
}

}  // namespace

TEST_CASE("every event kind of every handler has a decoder", "[event_describe]") {
  HandlerKinds kinds;
  add_registered_kinds(testing::scenario_from(testing::station_scenario_json(100, 1, 1, 1)), kinds);
  const std::string scenarios = std::string(RINGSIM_SOURCE_DIR) + "/scenarios/";
  // A cluster with pipelines (cluster, migration, migration_dag, the pipelines' dag, metrics)
  // and one with a streaming runbook.
  add_registered_kinds(load_scenario(scenarios + "dag_trigger_rules.json", {}, std::nullopt), kinds);
  add_registered_kinds(load_scenario(scenarios + "rag_runbook.json", {}, std::nullopt), kinds);
  // Attached only when used: the compaction DAG executor and the DAG station pool.
  StationPool pool(StationPoolConfig{1, 1, 10, {}});
  add_kinds(pool, kinds);
  DagExecutor compaction(pool, 1, "compaction", "compaction_dag");
  add_kinds(compaction, kinds);
  for (EventKind kind = 0; kind < kClusterEventCount; ++kind) kinds.insert({"cluster", cluster_event_name(kind)});

  std::set<std::string> handlers;
  for (const auto& [handler, kind] : kinds) handlers.insert(handler);
  CHECK(handlers == std::set<std::string>{"cluster", "compaction_dag", "dag", "dag_pool", "metrics", "migration",
                                          "migration_dag", "runbook", "station"});
  for (const auto& [handler, kind] : kinds) {
    CAPTURE(handler, kind);
    CHECK(has_event_decoder(handler, kind));
    CHECK(describe_event_args(handler, kind, 0, 0).rfind("a=", 0) != 0);  // never the raw numbers alone
  }
}

TEST_CASE("kinds that carry ids decode to what their handler encoded, kinds that carry none say so", "[event_describe]") {
  // The case of the trial: an arrival carries nothing (the request is drawn when it fires).
  const std::string arrival = describe_event_args("cluster", "arrival", 0, 0);
  CHECK(arrival == "client arrival (carries no ids: the request is drawn when it fires)  [a=0 b=0]");
  for (const char* kind : {"detector_check", "join_batch", "autoscaler_evaluate", "hot_keys_window"}) {
    CHECK(describe_event_args("cluster", kind, 0, 0).find("carries no ids") != std::string::npos);
  }
  for (const char* kind : {"issue", "step_end"}) CHECK(describe_event_args("runbook", kind, 0, 0).find("carries no ids") != std::string::npos);
  // Membership: node id and incarnation (heartbeat, node_booted).
  for (const char* kind : {"heartbeat", "node_booted"}) {
    const std::string text = describe_event_args("cluster", kind, 5, 3);
    CHECK(field(text, "node") == 5);
    CHECK(field(text, "incarnation") == 3);
  }
  // Timers of a request carry its token (ClientPath: retry and hedge, SearchCoordinator: hedge).
  const job_token::Request request{17, 3, 2, PointOp::kGet};
  for (const char* kind : {"client_retry", "client_hedge", "shard_hedge", "client_timeout"}) {
    const std::string text = describe_event_args("cluster", kind, job_token::encode(request), 0);
    CAPTURE(text);
    CHECK(field(text, "slot") == 17);
    CHECK(field(text, "gen") == 3);
  }
  CHECK(describe_event_args("cluster", "timeline_action", 4, 0).find("timeline action #4") != std::string::npos);
  CHECK(describe_event_args("cluster", "action_end", 4, 0).find("timeline action #4") != std::string::npos);
  CHECK(describe_event_args("cluster", "pipeline_arrival", 2, 0).find("pipeline #2") != std::string::npos);
  CHECK(describe_event_args("cluster", "pipeline_one_off", 2, 0).find("pipeline #2") != std::string::npos);
  // Station: arrival carries the job id, departure the arrival time and the job id.
  CHECK(field(describe_event_args("station", "arrival", 9, 0), "job") == 9);
  const std::string departure = describe_event_args("station", "departure", 1500, 9);
  CHECK(field(departure, "job") == 9);
  CHECK(field(departure, "arrived at") == 1500);
  // Migration: the source node; a chunk's transfer and both ends' incarnations (Migrator).
  CHECK(field(describe_event_args("migration", "sender_tick", 6, 0), "source node") == 6);
  const std::string chunk = describe_event_args("migration", "chunk_arrived", 11, (std::uint64_t{2} << 32) | 5);
  CHECK(field(chunk, "transfer") == 11);
  CHECK(field(chunk, "source incarnation") == 2);
  CHECK(field(chunk, "target incarnation") == 5);
  CHECK(describe_event_args("migration", "chunk_arrived", 11, ~std::uint64_t{0}).find("lost") != std::string::npos);
  // DAG executors: the run id and the task argument as the executor packs it.
  const DagTaskEventArg task{7, 3, 2};
  for (const char* handler : {"dag", "migration_dag", "compaction_dag"}) {
    const std::string text = describe_event_args(handler, "attempt_ended", 40, task.encode());
    CAPTURE(text);
    CHECK(field(text, "DAG run") == 40);
    CHECK(field(text, "task") == 7);
    CHECK(field(text, "attempt") == 3);
    CHECK(field(text, "code") == 2);
  }
  CHECK(field(describe_event_args("dag", "task_upstream_failed", 40, task.encode()), "task") == 7);
  // The DAG station pool: the attempt as AttemptRef packs it, and the worker.
  const std::string done = describe_event_args("dag_pool", "attempt_done", AttemptRef{12, 4, 1}.pack(), 3);
  CHECK(field(done, "DAG run") == 12);
  CHECK(field(done, "task") == 4);
  CHECK(field(done, "attempt") == 1);
  CHECK(field(done, "worker") == 3);
  CHECK(field(describe_event_args("metrics", "window", 2000000000, 0), "starting at") == 2000000000);
  // An unknown handler or kind prints the raw numbers.
  CHECK(describe_event_args("cluster", "no_such_kind", 1, 2) == "a=1 b=2");
}

}  // namespace ringsim
