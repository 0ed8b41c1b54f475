#include "cli/event_describe.h"

#include "models/cluster/job_token.h"

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

std::string cluster(const std::string& kind, std::uint64_t a, std::uint64_t b) {
  if (kind == "rpc_at_node" || kind == "search_at_coordinator") return token(a) + ", at " + address(b);
  if (kind == "service_done") return token(a) + ", on " + address(b);
  if (kind == "reply_at_client" || kind == "shard_reply") return token(a) + ", " + reply_from(b);
  if (kind == "client_timeout" || kind == "shard_timeout" || kind == "shard_hedge") return token(a);
  if (kind == "heartbeat" || kind == "node_booted") return "node " + n(a) + " (incarnation " + n(b) + ")";
  if (kind == "timeline_action" || kind == "action_end") return "timeline action #" + n(a);
  if (kind == "pipeline_arrival" || kind == "pipeline_one_off") return "pipeline #" + n(a);
  return "";
}

}  // namespace

std::string describe_event_args(const std::string& handler, const std::string& kind, std::uint64_t a,
                                std::uint64_t b) {
  std::string text;
  if (handler == "cluster") {
    text = cluster(kind, a, b);
  } else if (handler == "station") {
    text = kind == "departure" ? "job " + n(b) + " (arrived at " + n(a) + " ns)" : "job " + n(a);
  } else if (handler == "migration") {
    text = kind == "sender_tick" ? "source node " + n(a)
                                 : "transfer " + n(a) + (b == ~std::uint64_t{0} ? " (lost: a node died)" : "");
  } else if (handler == "dag_pool") {
    text = "DAG run " + n(a >> 32) + " task " + n((a >> 16) & 0xffff) + " attempt " + n(a & 0xffff) + ", worker " + n(b);
  } else if (handler == "metrics") {
    text = "closes the window starting at " + n(a) + " ns";
  } else if (kind == "run_start" || kind == "run_finished") {
    text = "DAG run " + n(a);
  } else if (kind == "task_ready" || kind.rfind("attempt_", 0) == 0 || kind == "task_skipped") {
    text = "DAG run " + n(a) + " task " + n(b >> 32) + " attempt " + n(b & 0xffffff) + " code " + n((b >> 24) & 0xff);
  }
  const std::string raw = "a=" + n(a) + " b=" + n(b);
  return text.empty() ? raw : text + "  [" + raw + "]";
}

}  // namespace ringsim
