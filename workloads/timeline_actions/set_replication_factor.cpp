// {"at_s": 10, "action": "set_replication_factor", "factor": 1, "write_quorum": 1}: raise or
// lower RF (write_quorum optional: by default the current one, at most factor).
//
// A new factor changes every key's (or shard's) placement target to the first `factor`
// nodes the placement names, then replans like a membership change: a raise migrates the
// missing copies (migration DAGs), a lower drops the copies outside the new target once
// the target holds the key. Because the survivors are the placement's own first choices,
// they stay spread across nodes as evenly as the placement spreads primaries.
#include <algorithm>

#include "workloads/timeline_actions/list.h"

namespace ringsim {
namespace {

class SetReplicationFactor final : public TimelineAction {
 public:
  const char* name() const override { return "set_replication_factor"; }
  void read(ObjectReader& reader) override {
    factor_ = static_cast<std::uint32_t>(reader.required_integer("factor", 1, kReplicationFactorMax));
    write_quorum_ = static_cast<std::uint32_t>(reader.optional_integer("write_quorum", 1, kReplicationFactorMax, 0));
    if (write_quorum_ > factor_) reader.fail("write_quorum", "must be <= factor");
  }
  void check(const TimelineContext& context) const override {
    if (factor_ > context.data_nodes) {
      throw ConfigError(context.file, json_pointer_append(pointer, "factor"),
                        "replication factor " + std::to_string(factor_) + " exceeds the " +
                            std::to_string(context.data_nodes) + " data nodes the cluster has by then");
    }
  }
  void apply(TimelineTarget& target) const override {
    const std::uint32_t before = target.replication_factor();
    // The writes' quorum cannot exceed the copies; a given quorum replaces the current one.
    target.set_replication(factor_, write_quorum_ > 0 ? write_quorum_ : std::min(target.write_quorum(), factor_));
    target.replan("set_replication_factor " + std::to_string(before) + "->" + std::to_string(factor_), "", 0, std::nullopt);
  }

 private:
  std::uint32_t factor_ = 0;
  std::uint32_t write_quorum_ = 0;  // 0 = keep (at most factor)
};

}  // namespace

std::unique_ptr<TimelineAction> timeline_actions::set_replication_factor() {
  return std::make_unique<SetReplicationFactor>();
}

}  // namespace ringsim
