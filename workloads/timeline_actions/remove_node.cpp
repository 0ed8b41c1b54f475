// {"at_s": 30, "action": "remove_node", "node": 2}: graceful: the node drains its data, then leaves.
#include "workloads/timeline_actions/list.h"

namespace ringsim {
namespace {

class RemoveNode final : public TimelineAction {
 public:
  const char* name() const override { return "remove_node"; }
  void read(ObjectReader& reader) override { read_node(reader, "node"); }
  void apply(TimelineTarget& target) const override { target.remove_node(nodes[0]); }
  std::uint32_t membership_changes() const override { return 1; }
};

}  // namespace

std::unique_ptr<TimelineAction> timeline_actions::remove_node() { return std::make_unique<RemoveNode>(); }

}  // namespace ringsim
