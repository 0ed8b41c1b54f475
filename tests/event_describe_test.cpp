// The replay printer's decoding of event arguments (cli/event_describe.cpp) against what
// the model encoded (models/cluster/job_token.h), for every token kind at its field limits:
// issue #28 found "shard 2056" in a 24-shard cluster because the printer read the old,
// hand-packed layout (shard at bit 48) while the model wrote the shard at bit 47.
#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include "cli/event_describe.h"
#include "models/cluster/job_token.h"

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
