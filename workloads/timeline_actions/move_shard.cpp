// The shard operations' reading, checks and effect (shard_operation.h), and move_shard:
// the replica on `from` moves to `to`.
#include "workloads/timeline_actions/shard_operation.h"

#include "workloads/timeline_actions/list.h"

namespace ringsim {

void ShardOperation::read(ObjectReader& reader) {
  // The shard count and the strategy are checked with the rest of the scenario.
  shard_ = static_cast<std::uint32_t>(reader.required_integer("shard", 0, kShardsMax - 1));
  read_node(reader, "from");
  read_node(reader, "to");
  if (nodes[0] == nodes[1]) reader.fail("to", "must differ from \"from\"");
}

void ShardOperation::check(const TimelineContext& context) const {
  if (!context.placement_moves_shards) {
    throw ConfigError(context.file, json_pointer_append(pointer, "action"),
                      "moves shards of the \"shard_balancer\" placement; /cluster/placement/strategy is \"" +
                          context.placement + "\"");
  }
  if (shard_ >= context.shards) {
    throw ConfigError(context.file, json_pointer_append(pointer, "shard"),
                      "shard " + std::to_string(shard_) + " does not exist (data.shards is " +
                          std::to_string(context.shards) + ")");
  }
}

void ShardOperation::apply(TimelineTarget& target) const {
  const NodeId from = nodes[0];
  const NodeId to = nodes[1];
  const std::string subject = "shard " + std::to_string(shard_) + ": " + std::to_string(from) + "->" + std::to_string(to);
  const bool done = move_ ? target.move_shard_replica(shard_, from, to) : target.add_shard_replica(shard_, from, to);
  if (!done) {
    target.log_change(std::string(name()) + " (skipped: source holds no replica, or target not a member or holds one)",
                      subject);
    return;
  }
  target.replan(name(), subject, target.live_keys_of_shard(shard_), 1);
}

std::unique_ptr<TimelineAction> timeline_actions::move_shard() { return std::make_unique<ShardOperation>(true); }

}  // namespace ringsim
