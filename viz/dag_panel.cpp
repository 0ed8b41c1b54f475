#include "viz/dag_panel.h"

#include "viz/panel.h"

namespace ringsim::viz {

void ShowDagPanel(const RectF& rect) {
  if (rect.empty()) return;
  if (begin_panel("DAG task flow", rect)) {
    ImGui::TextDisabled("DAG engine not yet available (issue #5): task graphs will be drawn here.");
  }
  ImGui::End();
}

}  // namespace ringsim::viz
