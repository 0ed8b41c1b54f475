// {"at_s": 30, "action": "fail_node", "node": 2}: crash: the node stops answering, its data is lost.
#include "workloads/timeline_actions/list.h"

namespace ringsim {
namespace {

class FailNode final : public TimelineAction {
 public:
  const char* name() const override { return "fail_node"; }
  void read(ObjectReader& reader) override { read_node(reader, "node"); }
  void apply(TimelineTarget& target) const override { target.fail_node(nodes[0]); }
  std::uint32_t membership_changes() const override { return 1; }
};

}  // namespace

std::unique_ptr<TimelineAction> timeline_actions::fail_node() { return std::make_unique<FailNode>(); }

}  // namespace ringsim
