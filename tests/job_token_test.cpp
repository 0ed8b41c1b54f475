// The cluster model's token encoding (models/cluster/job_token.h): every kind round-trips
// at its field limits, kinds are told apart whatever their payload, and no two fields of a
// kind share a bit (checked here on values, beside the header's static_asserts on masks).
#include <catch2/catch.hpp>

#include "models/cluster/job_token.h"

namespace ringsim {
namespace {

using job_token::Kind;

TEST_CASE("request tokens round-trip at their field limits", "[job_token]") {
  for (const PointOp op : {PointOp::kGet, PointOp::kPut, PointOp::kSearch, PointOp::kDelete}) {
    const job_token::Request low{0, 0, 0, op};
    const job_token::Request high{(1u << 24) - 1, (1u << 23) - 1, 255, op};
    for (const job_token::Request& request : {low, high}) {
      const std::uint64_t token = job_token::encode(request);
      CHECK(job_token::kind_of(token) == Kind::kRequest);
      CHECK(job_token::decode_request(token) == request);
    }
  }
}

TEST_CASE("shard-call tokens round-trip and keep their request's slot and generation", "[job_token]") {
  const job_token::ShardCall high{(1u << 24) - 1, (1u << 23) - 1, kShardsMax - 1, job_token::kShardAttemptsMax};
  const job_token::ShardCall low{0, 0, 0, 0};
  for (const job_token::ShardCall& call : {low, high}) {
    const std::uint64_t token = job_token::encode(call);
    CHECK(job_token::kind_of(token) == Kind::kShardCall);
    CHECK(job_token::decode_shard_call(token) == call);
    // The request's slot and generation sit where the request token has them.
    const std::uint64_t request = job_token::encode(job_token::Request{call.slot, call.generation, 0, PointOp::kGet});
    CHECK(job_token::kSlot.get(token) == job_token::kSlot.get(request));
    CHECK(job_token::kGeneration.get(token) == job_token::kGeneration.get(request));
  }
}

TEST_CASE("DAG-job and apply tokens are never taken for another kind", "[job_token]") {
  for (const std::uint32_t index : {0u, 1u, 0x7fffffffu, 0xffffffffu}) {
    const std::uint64_t dag = job_token::encode_dag_job(index);
    CHECK(job_token::kind_of(dag) == Kind::kDagJob);
    CHECK(job_token::decode_dag_job(dag) == index);
    const std::uint64_t apply = job_token::encode_apply(index);
    CHECK(job_token::kind_of(apply) == Kind::kApply);
    CHECK(job_token::decode_apply(apply) == index);
  }
  // A shard call whose attempt uses every bit of its field is still a shard call (the
  // hand-packed encoding put attempts 4..7 on the DAG job marker's bit).
  for (std::uint8_t attempt = 0; attempt <= job_token::kShardAttemptsMax; ++attempt) {
    const std::uint64_t token = job_token::encode(job_token::ShardCall{5, 7, 9, attempt});
    CHECK(job_token::kind_of(token) == Kind::kShardCall);
    CHECK(job_token::decode_shard_call(token).attempt == attempt);
  }
}

TEST_CASE("no two fields of one kind share a bit", "[job_token]") {
  using job_token::Field;
  const auto check_disjoint = [](std::initializer_list<Field> fields) {
    std::uint64_t seen = 0;
    for (const Field field : fields) {
      // Setting every bit of the field, one field at a time, never touches an earlier one.
      const std::uint64_t bits = field.put(field.max());
      CHECK((seen & bits) == 0);
      seen |= bits;
    }
  };
  check_disjoint({job_token::kSlot, job_token::kGeneration, job_token::kAttempt, job_token::kOp, job_token::kTag});
  check_disjoint({job_token::kRange, job_token::kOp, job_token::kTag});
  check_disjoint({job_token::kDagIndex, job_token::kTag});
  check_disjoint({job_token::kSlot, job_token::kGeneration, job_token::kShard, job_token::kShardAttempt,
                  job_token::kTag});
}

TEST_CASE("addresses and replies round-trip", "[job_token]") {
  const job_token::Address address{kNodesMax - 1, 0xffffffffu};
  const job_token::Address decoded = job_token::decode_address(job_token::encode(address));
  CHECK(decoded.node == address.node);
  CHECK(decoded.incarnation == address.incarnation);
  const job_token::Reply reply = job_token::decode_reply(job_token::encode(job_token::Reply{17, job_token::ReplyStatus::kMoved}));
  CHECK(reply.node == 17);
  CHECK(reply.status == job_token::ReplyStatus::kMoved);
}

}  // namespace
}  // namespace ringsim
