#include "cli/event_describe.h"

namespace ringsim {

namespace {

std::string n(std::uint64_t value) { return std::to_string(value); }

// models/cluster: node | incarnation << 16.
std::string address(std::uint64_t b) { return "node " + n(b & 0xffff) + " (incarnation " + n(b >> 16) + ")"; }
// models/cluster: node | status << 16 (status 0 ok, 1 moved: the node no longer holds the key).
std::string reply_from(std::uint64_t b) { return "from node " + n(b & 0xffff) + ", status " + n(b >> 16); }

// A request token (slot | generation << 24 | attempt << 48 | op << 56) or a shard call's
// token (top bit set: slot | generation << 24 | shard << 48 | attempt << 60).
std::string token(std::uint64_t a) {
  const std::string request = "request slot " + n(a & 0xffffff) + " gen " + n((a >> 24) & 0xffffff);
  if ((a >> 63) != 0) return request + " shard " + n((a >> 48) & 0xfff) + " attempt " + n((a >> 60) & 0x7);
  return request + " attempt " + n((a >> 48) & 0xff) + " op " + n((a >> 56) & 0xff);
}

std::string cluster(const std::string& kind, std::uint64_t a, std::uint64_t b) {
  if (kind == "rpc_at_node" || kind == "search_at_coordinator") return token(a) + ", at " + address(b);
  if (kind == "service_done") return "job " + n(a) + ", on " + address(b);
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
