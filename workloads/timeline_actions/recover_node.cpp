// {"at_s": 30, "action": "recover_node", "node": 2}: a failed node restarts empty and rejoins.
#include "workloads/timeline_actions/list.h"

namespace ringsim {
namespace {

class RecoverNode final : public TimelineAction {
 public:
  const char* name() const override { return "recover_node"; }
  void read(ObjectReader& reader) override { read_node(reader, "node"); }
  void apply(TimelineTarget& target) const override { target.recover_node(nodes[0]); }
  std::uint32_t membership_changes() const override { return 1; }
};

}  // namespace

std::unique_ptr<TimelineAction> timeline_actions::recover_node() { return std::make_unique<RecoverNode>(); }

}  // namespace ringsim
