#include "viz/event_log_panel.h"

#include <string>

#include "viz/format.h"
#include "viz/panel.h"

namespace ringsim::viz {
namespace {

constexpr int kEventLogColumns = 8;
constexpr float kFilterWidthEm = 16;

// Seconds after the change, or "-" while it has not happened.
std::string seconds_after(const ChangeRecord& change, TimeNs at_ns) {
  return at_ns < 0 ? "-" : format_fixed(ns_to_s(at_ns - change.at_ns), 2);
}

// Returns true when the row's time was clicked.
bool show_row(const ChangeRecord& change) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::PushID(static_cast<int>(change.id));
  const bool clicked =
      ImGui::Selectable(format_fixed(ns_to_s(change.at_ns), 3).c_str(), false, ImGuiSelectableFlags_SpanAllColumns);
  ImGui::PopID();
  ImGui::TableNextColumn();
  // Autoscaler actions carry their reason ("autoscale_out +3 (utilization ...)"): wrapped
  // in the cell rather than cut off.
  ImGui::TextWrapped("%s", change.action.c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(change.subject.c_str());
  ImGui::TableNextColumn();
  ImGui::Text("%u -> %u", change.members_before, change.members_after);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(format_count(change.keys_moved).c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(format_count(static_cast<std::uint64_t>(change.keys_moved_ideal + 0.5)).c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(seconds_after(change, change.completed_ns).c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(seconds_after(change, change.fully_replicated_ns).c_str());
  return clicked;
}

}  // namespace

void ShowEventLogPanel(Session& session, const RectF& rect, EventLogState& state) {
  if (rect.empty()) return;
  if (!begin_panel("Event log", rect)) {
    ImGui::End();
    return;
  }
  const ClusterView* model = session.cluster();
  if (model == nullptr) {
    ImGui::TextUnformatted("no membership changes: this scenario has no cluster");
    ImGui::End();
    return;
  }
  state.filter.Draw("filter (action or node)", ImGui::GetFontSize() * kFilterWidthEm);
  ImGui::SameLine();
  const std::size_t count = model->changes().size();
  ImGui::TextDisabled("%zu change%s; click a time to seek there", count, count == 1 ? "" : "s");
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersInnerV |
                                     ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
  std::optional<TimeNs> seek_to;
  if (ImGui::BeginTable("changes", kEventLogColumns, kFlags, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("time s", ImGuiTableColumnFlags_None, 0.8f);
    ImGui::TableSetupColumn("action", ImGuiTableColumnFlags_None, 1.6f);
    ImGui::TableSetupColumn("nodes", ImGuiTableColumnFlags_None, 0.6f);
    ImGui::TableSetupColumn("members", ImGuiTableColumnFlags_None, 0.8f);
    ImGui::TableSetupColumn("moved", ImGuiTableColumnFlags_None, 1.0f);
    ImGui::TableSetupColumn("ideal", ImGuiTableColumnFlags_None, 0.8f);
    ImGui::TableSetupColumn("migrate s", ImGuiTableColumnFlags_None, 0.9f);
    ImGui::TableSetupColumn("full RF s", ImGuiTableColumnFlags_None, 0.8f);
    ImGui::TableHeadersRow();
    for (const ChangeRecord& change : model->changes()) {
      const std::string text = change.action + " " + change.subject;
      if (!state.filter.PassFilter(text.c_str())) continue;
      if (show_row(change)) seek_to = change.at_ns;
    }
    ImGui::EndTable();
  }
  ImGui::End();
  // Seeking may rebuild the run: only after the last read of model in this frame.
  if (seek_to) session.seek(*seek_to);
}

}  // namespace ringsim::viz
