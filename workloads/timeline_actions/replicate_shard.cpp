// replicate_shard (shard_operation.h): `to` gets one more replica of the shard, copied from
// `from`; the shard may then hold more than the replication factor.
#include "workloads/timeline_actions/list.h"
#include "workloads/timeline_actions/shard_operation.h"

namespace ringsim {

std::unique_ptr<TimelineAction> timeline_actions::replicate_shard() { return std::make_unique<ShardOperation>(false); }

}  // namespace ringsim
