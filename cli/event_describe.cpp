#include "cli/event_describe.h"

#include <string_view>

#include "models/cluster/job_token.h"
#include "sim/dag/dag_executor.h"
#include "sim/dag/dag_resources.h"

namespace ringsim {

namespace {

std::string n(std::uint64_t value) { return std::to_string(value); }

std::string point_op_name(PointOp op) {
  switch (op) {
    case PointOp::kGet: return "get";
    case PointOp::kPut: return "put";
    case PointOp::kSearch: return "search";
    case PointOp::kDelete: return "delete";
    case PointOp::kApply: return "apply";
  }
  return "op " + n(static_cast<std::uint64_t>(op));
}

std::string address(std::uint64_t b) {
  const job_token::Address decoded = job_token::decode_address(b);
  return "node " + n(decoded.node) + " (incarnation " + n(decoded.incarnation) + ")";
}
std::string reply_from(std::uint64_t b) {
  const job_token::Reply reply = job_token::decode_reply(b);
  const char* const kStatus[] = {"ok", "moved", "overloaded"};
  const auto status = static_cast<std::size_t>(reply.status);
  return "from node " + n(reply.node) + ", status " + (status < 3 ? std::string(kStatus[status]) : n(status));
}

// A token as models/cluster/job_token.h encodes it (its layout is the one truth; decoding
// through it keeps this printer from drifting from the model): request, apply, DAG job or
// shard call, told apart by the 2-bit tag in bits 62..63.
std::string token(std::uint64_t a) {
  // Tag 3 is no kind; kind_of asserts on it, and a trace file may hold anything.
  if (job_token::kTag.get(a) == 3) return "token with unknown tag 3";
  switch (job_token::kind_of(a)) {
    case job_token::Kind::kRequest: {
      const job_token::Request request = job_token::decode_request(a);
      return "request slot " + n(request.slot) + " gen " + n(request.generation) + " attempt " + n(request.attempt) +
             " op " + point_op_name(request.op);
    }
    case job_token::Kind::kShardCall: {
      const job_token::ShardCall call = job_token::decode_shard_call(a);
      return "request slot " + n(call.slot) + " gen " + n(call.generation) + " shard " + n(call.shard) + " attempt " +
             n(call.attempt);
    }
    case job_token::Kind::kApply:
      return "migration apply, range " + n(job_token::decode_apply(a));
    case job_token::Kind::kDagJob:
      return "DAG job " + n(job_token::decode_dag_job(a));
  }
  return "";
}

using Decoder = std::string (*)(std::uint64_t a, std::uint64_t b);
struct KindDecoder {
  std::string_view kind;
  Decoder decode;
};

// The cluster model's kinds (models/cluster/cluster_core.h, ClusterEvent), each with what
// its arguments carry as the part that schedules it encodes them. Kinds that carry no ids
// (a = b = 0) say what fires, so "a=0 b=0" never reads as a decoding gap.
constexpr KindDecoder kClusterKinds[] = {
    {"arrival", [](std::uint64_t, std::uint64_t) -> std::string {
       return "client arrival (carries no ids: the request is drawn when it fires)";
     }},
    {"rpc_at_node", [](std::uint64_t a, std::uint64_t b) { return token(a) + ", at " + address(b); }},
    {"search_at_coordinator", [](std::uint64_t a, std::uint64_t b) { return token(a) + ", at " + address(b); }},
    {"service_done", [](std::uint64_t a, std::uint64_t b) { return token(a) + ", on " + address(b); }},
    {"reply_at_client", [](std::uint64_t a, std::uint64_t b) { return token(a) + ", " + reply_from(b); }},
    {"shard_reply", [](std::uint64_t a, std::uint64_t b) { return token(a) + ", " + reply_from(b); }},
    {"client_timeout", [](std::uint64_t a, std::uint64_t) { return "timeout of " + token(a); }},
    {"shard_timeout", [](std::uint64_t a, std::uint64_t) { return "timeout of " + token(a); }},
    {"shard_hedge", [](std::uint64_t a, std::uint64_t) { return "hedge due for " + token(a); }},
    {"client_retry", [](std::uint64_t a, std::uint64_t) { return "backed-off retry of " + token(a); }},
    {"client_hedge", [](std::uint64_t a, std::uint64_t) { return "hedged copy due for " + token(a); }},
    {"heartbeat", [](std::uint64_t a, std::uint64_t b) { return "node " + n(a) + " (incarnation " + n(b) + ")"; }},
    {"node_booted", [](std::uint64_t a, std::uint64_t b) { return "node " + n(a) + " (incarnation " + n(b) + ")"; }},
    {"detector_check", [](std::uint64_t, std::uint64_t) -> std::string {
       return "failure-detector check of every node (carries no ids)";
     }},
    {"join_batch", [](std::uint64_t, std::uint64_t) -> std::string {
       return "pending joins start as one batch (carries no ids)";
     }},
    {"timeline_action", [](std::uint64_t a, std::uint64_t) { return "timeline action #" + n(a); }},
    {"action_end", [](std::uint64_t a, std::uint64_t) { return "end of timeline action #" + n(a); }},
    {"pipeline_arrival", [](std::uint64_t a, std::uint64_t) { return "pipeline #" + n(a) + " arrival"; }},
    {"pipeline_one_off", [](std::uint64_t a, std::uint64_t) { return "pipeline #" + n(a) + " one-off run"; }},
    {"autoscaler_evaluate", [](std::uint64_t, std::uint64_t) -> std::string {
       return "autoscaler evaluation (carries no ids)";
     }},
    {"hot_keys_window", [](std::uint64_t, std::uint64_t) -> std::string {
       return "hot-key window closes (carries no ids)";
     }},
};

std::string dag_task(std::uint64_t a, std::uint64_t b) {
  const DagTaskEventArg arg = DagTaskEventArg::decode(b);
  return "DAG run " + n(a) + " task " + n(arg.task) + " attempt " + n(arg.attempt) + " code " + n(arg.code);
}

// A DagExecutor's kinds (sim/dag/dag_executor.h), whichever executor: "dag" (pipelines),
// "migration_dag", "compaction_dag".
constexpr KindDecoder kDagKinds[] = {
    {"run_start", [](std::uint64_t a, std::uint64_t) { return "DAG run " + n(a); }},
    {"run_finished", [](std::uint64_t a, std::uint64_t) { return "DAG run " + n(a); }},
    {"task_ready", dag_task},
    {"attempt_started", dag_task},
    {"attempt_ended", dag_task},
    {"attempt_timeout", dag_task},
    {"task_skipped", dag_task},
    {"task_upstream_failed", dag_task},
    {"pool_admit", [](std::uint64_t a, std::uint64_t) {
       return "pool " + n(a) + " (index among the scenario's pools, by name) admits waiting attempts to its open slots";
     }},
};

constexpr KindDecoder kStationKinds[] = {
    {"arrival", [](std::uint64_t a, std::uint64_t) { return "job " + n(a); }},
    {"departure", [](std::uint64_t a, std::uint64_t b) { return "job " + n(b) + " (arrived at " + n(a) + " ns)"; }},
};

constexpr KindDecoder kMigrationKinds[] = {
    {"sender_tick", [](std::uint64_t a, std::uint64_t) { return "source node " + n(a); }},
    {"chunk_arrived", [](std::uint64_t a, std::uint64_t b) {
       if (b == ~std::uint64_t{0}) return "transfer " + n(a) + " (lost: a node died)";
       return "transfer " + n(a) + ", source incarnation " + n(b >> 32) + ", target incarnation " + n(b & 0xffffffff);
     }},
};

constexpr KindDecoder kDagPoolKinds[] = {
    {"attempt_done", [](std::uint64_t a, std::uint64_t b) {
       const AttemptRef attempt = AttemptRef::unpack(a);
       return "DAG run " + n(attempt.run) + " task " + n(attempt.task) + " attempt " + n(attempt.attempt) + ", worker " + n(b);
     }},
};

constexpr KindDecoder kRunbookKinds[] = {
    {"issue", [](std::uint64_t, std::uint64_t) -> std::string {
       return "the runbook step's next operation is issued (carries no ids)";
     }},
    {"step_end", [](std::uint64_t, std::uint64_t) -> std::string {
       return "the runbook step ends after its drain (carries no ids)";
     }},
};

constexpr KindDecoder kMetricsKinds[] = {
    {"window", [](std::uint64_t a, std::uint64_t) { return "closes the window starting at " + n(a) + " ns"; }},
};

template <std::size_t N>
Decoder find(const KindDecoder (&table)[N], const std::string& kind) {
  for (const KindDecoder& entry : table) {
    if (entry.kind == kind) return entry.decode;
  }
  return nullptr;
}

bool is_dag_executor(const std::string& handler) {
  return handler == "dag" || (handler.size() > 4 && handler.compare(handler.size() - 4, 4, "_dag") == 0);
}

Decoder decoder_for(const std::string& handler, const std::string& kind) {
  if (handler == "cluster") return find(kClusterKinds, kind);
  if (handler == "station") return find(kStationKinds, kind);
  if (handler == "migration") return find(kMigrationKinds, kind);
  if (handler == "dag_pool") return find(kDagPoolKinds, kind);
  if (handler == "runbook") return find(kRunbookKinds, kind);
  if (handler == "metrics") return find(kMetricsKinds, kind);
  if (is_dag_executor(handler)) return find(kDagKinds, kind);
  return nullptr;
}

}  // namespace

bool has_event_decoder(const std::string& handler, const std::string& kind) { return decoder_for(handler, kind) != nullptr; }

std::string describe_event_args(const std::string& handler, const std::string& kind, std::uint64_t a,
                                std::uint64_t b) {
  const Decoder decode = decoder_for(handler, kind);
  const std::string raw = "a=" + n(a) + " b=" + n(b);
  return decode == nullptr ? raw : decode(a, b) + "  [" + raw + "]";
}

}  // namespace ringsim
