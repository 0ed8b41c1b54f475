#include "workloads/timeline.h"

#include <algorithm>

#include "workloads/timeline_actions/list.h"

namespace ringsim {

namespace {

using Factory = std::unique_ptr<TimelineAction> (*)();

const std::vector<Factory>& factories() {
#define RINGSIM_LIST_TIMELINE_ACTION(factory) &timeline_actions::factory,
  static const std::vector<Factory> list = {RINGSIM_TIMELINE_ACTIONS(RINGSIM_LIST_TIMELINE_ACTION)};
#undef RINGSIM_LIST_TIMELINE_ACTION
  return list;
}

std::unique_ptr<TimelineAction> make_action(const std::string& name) {
  for (const Factory factory : factories()) {
    std::unique_ptr<TimelineAction> action = factory();
    if (name == action->name()) return action;
  }
  return nullptr;
}

// Node ids must exist by then: walks the actions in time order, as the run will, and returns
// them in that order (stable, so equal times keep file order).
std::vector<TimelineActionPtr> sort_and_check_nodes(std::vector<TimelineActionPtr> actions, const std::string& file,
                                                    std::uint32_t initial_nodes) {
  std::stable_sort(actions.begin(), actions.end(),
                   [](const TimelineActionPtr& a, const TimelineActionPtr& b) { return a->at_ns < b->at_ns; });
  std::uint32_t nodes_created = initial_nodes;
  for (const TimelineActionPtr& action : actions) {
    for (const NodeId node : action->nodes) {
      if (node >= nodes_created) {
        throw ConfigError(file, action->pointer,
                          "node " + std::to_string(node) + " does not exist at this time (nodes 0.." +
                              std::to_string(nodes_created - 1) + " do)");
      }
    }
    if (action->nodes_added() == 0) continue;
    nodes_created += action->nodes_added();
    if (nodes_created > kNodesMax) {
      throw ConfigError(file, action->pointer,
                        "a run may create at most " + std::to_string(kNodesMax) + " nodes in total");
    }
  }
  return actions;
}

}  // namespace

void TimelineAction::read_node(ObjectReader& reader, const char* key) {
  nodes.push_back(static_cast<NodeId>(reader.required_integer(key, 0, kNodesMax - 1)));
}

void TimelineAction::read_duration(ObjectReader& reader) {
  duration_ns = seconds_to_ns(reader.required_number("duration_s", NumberRange::positive(1e6)));
}

std::vector<std::string> timeline_action_names() {
  std::vector<std::string> names;
  for (const Factory factory : factories()) names.emplace_back(factory()->name());
  return names;
}

std::vector<TimelineActionPtr> read_timeline(const ArrayReader& array, std::uint32_t initial_nodes,
                                             double duration_s) {
  const std::vector<std::string> names = timeline_action_names();
  std::vector<TimelineActionPtr> actions;
  for (std::size_t index = 0; index < array.size(); ++index) {
    ObjectReader reader = array.object_at(index);
    std::unique_ptr<TimelineAction> action = make_action(reader.required_choice("action", names));
    action->at_ns = seconds_to_ns(reader.required_number("at_s", NumberRange::at_least(0, duration_s)));
    action->read(reader);
    action->pointer = reader.pointer();
    reader.finish();
    actions.push_back(std::move(action));
  }
  return sort_and_check_nodes(std::move(actions), array.file(), initial_nodes);
}

}  // namespace ringsim
