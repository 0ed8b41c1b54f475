// {"at_s": 20, "action": "add_node", "count": 1}: new data nodes boot and join. The action
// is a changes row of its own at its time ("add_node", subject the new ids), as an
// autoscaler's scale-out is: the keys move on the "join" row of the same nodes that
// follows once they have booted (boot_s later).
#include "workloads/timeline_actions/list.h"

namespace ringsim {
namespace {

class AddNode final : public TimelineAction {
 public:
  const char* name() const override { return "add_node"; }
  void read(ObjectReader& reader) override {
    count_ = static_cast<std::uint32_t>(reader.optional_integer("count", 1, kNodesMax, 1));
  }
  void apply(TimelineTarget& target) const override {
    std::string nodes;
    for (std::uint32_t i = 0; i < count_; ++i) nodes += (i > 0 ? "," : "") + std::to_string(target.add_node());
    target.note_change("add_node", nodes);
  }
  std::uint32_t nodes_added() const override { return count_; }
  std::uint32_t membership_changes() const override { return count_; }
  std::string detail() const override { return "count " + std::to_string(count_); }

 private:
  std::uint32_t count_ = 1;
};

}  // namespace

std::unique_ptr<TimelineAction> timeline_actions::add_node() { return std::make_unique<AddNode>(); }

}  // namespace ringsim
