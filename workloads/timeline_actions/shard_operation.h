// move_shard / replicate_shard (one file each beside this one): an operator changes the
// shard table of a placement that takes such moves ("shard_balancer"), then the change
// replans like any other; the copy streams from `from` as a migration DAG. Impossible
// requests (the source holds no replica, the target is not a member or already holds one)
// are logged as skipped and change nothing.
//   {"at_s": 20, "action": "move_shard", "shard": 3, "from": 2, "to": 8}
#pragma once

#include "workloads/point_workload.h"
#include "workloads/timeline.h"

namespace ringsim {

class ShardOperation : public TimelineAction {
 public:
  explicit ShardOperation(bool move) : move_(move) {}
  const char* name() const override { return move_ ? "move_shard" : "replicate_shard"; }
  void read(ObjectReader& reader) override;
  void check(const TimelineContext& context) const override;
  void apply(TimelineTarget& target) const override;

 private:
  bool move_;
  std::uint32_t shard_ = 0;
};

}  // namespace ringsim
