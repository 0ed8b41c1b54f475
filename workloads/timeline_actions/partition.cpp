// {"at_s": 10, "action": "partition", "nodes": [1, 2], "duration_s": 5}: the nodes are cut
// off from the rest until the end; a node fenced meanwhile rejoins empty.
#include "sim/text_list.h"
#include "workloads/timeline_actions/list.h"

namespace ringsim {
namespace {

class Partition final : public TimelineAction {
 public:
  const char* name() const override { return "partition"; }
  void read(ObjectReader& reader) override {
    ArrayReader list = reader.required_array("nodes");
    if (list.size() == 0) reader.fail("nodes", "expected at least one node id");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const nlohmann::json& value = list.at(i);
      if (!value.is_number_integer() || value.get<std::int64_t>() < 0 ||
          value.get<std::int64_t>() >= static_cast<std::int64_t>(kNodesMax)) {
        throw ConfigError(list.file(), list.pointer_at(i),
                          "expected a node id (integer 0.." + std::to_string(kNodesMax - 1) + ")");
      }
      nodes.push_back(static_cast<NodeId>(value.get<std::int64_t>()));
    }
    read_duration(reader);
  }
  void apply(TimelineTarget& target) const override {
    target.isolate(nodes);
    std::string names;
    for (const NodeId node : nodes) append_to_list(names, std::to_string(node));
    target.note_change("partition", names);
  }
  void end(TimelineTarget& target) const override { target.reconnect(nodes); }
};

}  // namespace

std::unique_ptr<TimelineAction> timeline_actions::partition() { return std::make_unique<Partition>(); }

}  // namespace ringsim
