#include "cluster/node.h"

namespace ringsim {

const char* node_state_name(NodeState state) {
  switch (state) {
    case NodeState::kBooting:
      return "booting";
    case NodeState::kUp:
      return "up";
    case NodeState::kDraining:
      return "draining";
    case NodeState::kLeft:
      return "left";
    case NodeState::kFailed:
      return "failed";
    case NodeState::kFenced:
      return "fenced";
  }
  return "?";
}

}  // namespace ringsim
