#include "viz/dag_panel.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "sim/dag_executor.h"
#include "viz/format.h"
#include "viz/panel.h"

namespace ringsim::viz {
namespace {

// Share of a column / row a task box takes; the rest is room for edges.
constexpr float kBoxWidthShare = 0.72f;
constexpr float kBoxHeightShare = 0.7f;
constexpr float kBoxWidthMaxEm = 11;
constexpr float kBoxHeightMaxEm = 1.5f;
constexpr float kBoxRounding = 3;
constexpr float kLabelPaddingPx = 3;
constexpr ImU32 kEdgeColour = IM_COL32(120, 126, 140, 200);
// Task names are dark on light boxes and light on dark ones.
constexpr ImU32 kLabelDark = IM_COL32(15, 16, 20, 255);
constexpr ImU32 kLabelLight = IM_COL32(235, 238, 245, 255);
constexpr float kLightBoxLuma = 140;

struct StateStyle {
  TaskState state;
  const char* name;
  ImU32 colour;
};
constexpr std::array<StateStyle, 7> kStateStyles = {{
    {TaskState::kPending, "pending", IM_COL32(110, 116, 130, 255)},
    {TaskState::kReady, "ready", IM_COL32(90, 150, 230, 255)},
    {TaskState::kRunning, "running", IM_COL32(120, 220, 120, 255)},
    {TaskState::kRetrying, "retrying", IM_COL32(255, 170, 40, 255)},
    {TaskState::kDone, "done", IM_COL32(50, 130, 80, 255)},
    {TaskState::kFailed, "failed", IM_COL32(235, 50, 50, 255)},
    {TaskState::kSkipped, "skipped", IM_COL32(70, 72, 80, 255)},
}};

ImU32 label_colour(ImU32 box) {
  const float r = static_cast<float>((box >> IM_COL32_R_SHIFT) & 0xff);
  const float g = static_cast<float>((box >> IM_COL32_G_SHIFT) & 0xff);
  const float b = static_cast<float>((box >> IM_COL32_B_SHIFT) & 0xff);
  return 0.299f * r + 0.587f * g + 0.114f * b >= kLightBoxLuma ? kLabelDark : kLabelLight;
}

ImU32 state_colour(TaskState state) {
  for (const StateStyle& style : kStateStyles) {
    if (style.state == state) return style.colour;
  }
  return kEdgeColour;
}

const ClusterModel* model_of(const Session& session) { return session.cluster(); }

// The newest run still holding its task records (finished runs release them).
const DagRun* newest_run_in_flight(const DagExecutor& executor) {
  for (std::size_t id = executor.run_count(); id-- > 0;) {
    const DagRun& run = executor.run(static_cast<DagRunId>(id));
    if (!run.finished() && !run.tasks.empty()) return &run;
  }
  return nullptr;
}

void show_counts(const DagExecutor& executor) {
  std::array<std::uint64_t, 4> by_state{};
  for (std::size_t id = 0; id < executor.run_count(); ++id) {
    by_state[static_cast<std::size_t>(executor.run(static_cast<DagRunId>(id)).state)] += 1;
  }
  ImGui::Text("runs %s: %s scheduled, %s running, %s succeeded, %s failed", format_count(executor.run_count()).c_str(),
              format_count(by_state[0]).c_str(), format_count(by_state[1]).c_str(), format_count(by_state[2]).c_str(),
              format_count(by_state[3]).c_str());
  for (const StateStyle& style : kStateStyles) {
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(style.colour), " %s", style.name);
  }
}

void task_tooltip(const DagSpec& spec, const DagRun& run, TaskIndex index) {
  const DagTask& task = spec.task(index);
  const TaskRecord& record = run.tasks[index];
  ImGui::BeginTooltip();
  ImGui::Text("%s (%s)", task.name.c_str(), task.kind.c_str());
  ImGui::Text("state     %s", task_state_name(record.state));
  ImGui::Text("attempts  %u (timeouts %u)", record.attempts, record.timeouts);
  if (record.worker != kNoWorker) ImGui::Text("on node   %u", record.worker);
  ImGui::Text("core time %s", format_time_s(record.run_ns).c_str());
  if (record.last_failure != AttemptFailure::kNone) {
    ImGui::Text("last failure %s", attempt_failure_name(record.last_failure));
  }
  ImGui::EndTooltip();
}

void draw_run(const DagRun& run) {
  const DagSpec& spec = *run.spec;
  const std::size_t count = spec.tasks().size();
  // Depth: the longest chain of dependencies before a task.
  std::vector<std::uint32_t> depth(count, 0);
  std::uint32_t depth_max = 0;
  for (const TaskIndex task : spec.topological_order()) {
    for (const TaskIndex before : spec.predecessors(task)) depth[task] = std::max(depth[task], depth[before] + 1);
    depth_max = std::max(depth_max, depth[task]);
  }
  std::vector<std::uint32_t> per_column(depth_max + 1, 0);
  std::vector<std::uint32_t> row(count, 0);
  for (std::size_t task = 0; task < count; ++task) row[task] = per_column[depth[task]]++;

  ImGui::Text("%s, run %u, started %s", spec.name().c_str(), run.id, format_time_s(run.started_ns).c_str());
  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  const ImVec2 full = ImGui::GetContentRegionAvail();
  if (full.x <= 0 || full.y <= 0) return;
  ImGui::InvisibleButton("##dag", full);
  const bool hovered = ImGui::IsItemHovered();
  // A caption line per column (its tasks' kind), then the graph below it.
  const float caption_h = ImGui::GetTextLineHeight();
  const ImVec2 origin{top_left.x, top_left.y + caption_h};
  const ImVec2 size{full.x, std::max(0.0f, full.y - caption_h)};
  const float column_w = size.x / static_cast<float>(depth_max + 1);
  const float em = ImGui::GetFontSize();
  const float box_w = std::min(column_w * kBoxWidthShare, kBoxWidthMaxEm * em);
  const auto box_h = [&](std::size_t task) {
    return std::min(kBoxHeightMaxEm * em, size.y / static_cast<float>(per_column[depth[task]]) * kBoxHeightShare);
  };
  const auto centre_of = [&](std::size_t task) {
    const float row_h = size.y / static_cast<float>(per_column[depth[task]]);
    return ImVec2(origin.x + column_w * (static_cast<float>(depth[task]) + 0.5f),
                  origin.y + row_h * (static_cast<float>(row[task]) + 0.5f));
  };
  ImDrawList* draw = ImGui::GetWindowDrawList();
  std::vector<bool> captioned(depth_max + 1, false);
  for (std::size_t task = 0; task < count; ++task) {
    if (captioned[depth[task]]) continue;
    captioned[depth[task]] = true;
    const std::uint32_t tasks_here = per_column[depth[task]];
    std::string caption = spec.task(static_cast<TaskIndex>(task)).kind;
    if (tasks_here > 1) caption += " x" + std::to_string(tasks_here);
    const float x = origin.x + column_w * static_cast<float>(depth[task]) + (column_w - box_w) / 2;
    draw->PushClipRect({x, top_left.y}, {x + column_w, origin.y}, true);
    draw->AddText({x, top_left.y}, ImGui::GetColorU32(ImGuiCol_TextDisabled), caption.c_str());
    draw->PopClipRect();
  }
  for (std::size_t task = 0; task < count; ++task) {
    for (const TaskIndex before : spec.predecessors(static_cast<TaskIndex>(task))) {
      const ImVec2 from = centre_of(before);
      const ImVec2 to = centre_of(task);
      draw->AddLine({from.x + box_w / 2, from.y}, {to.x - box_w / 2, to.y}, kEdgeColour);
    }
  }
  for (std::size_t task = 0; task < count; ++task) {
    const ImVec2 centre = centre_of(task);
    const float height = box_h(task);
    const ImVec2 min{centre.x - box_w / 2, centre.y - height / 2};
    const ImVec2 max{centre.x + box_w / 2, centre.y + height / 2};
    const ImU32 colour = state_colour(run.tasks[task].state);
    draw->AddRectFilled(min, max, colour, kBoxRounding);
    if (height >= ImGui::GetTextLineHeight()) {
      const std::string& name = spec.task(static_cast<TaskIndex>(task)).name;
      draw->PushClipRect(min, max, true);
      draw->AddText({min.x + kLabelPaddingPx, centre.y - ImGui::GetTextLineHeight() / 2}, label_colour(colour),
                    name.c_str());
      draw->PopClipRect();
    }
    if (hovered && ImGui::IsMouseHoveringRect(min, max)) task_tooltip(spec, run, static_cast<TaskIndex>(task));
  }
}

}  // namespace

bool has_dag_pipelines(const Session& session) {
  const ClusterModel* model = model_of(session);
  return model != nullptr && model->dag_executor() != nullptr;
}

void ShowDagPanel(const Session& session, const RectF& rect) {
  if (rect.empty()) return;
  if (begin_panel("DAG task flow", rect)) {
    const ClusterModel* model = model_of(session);
    const DagExecutor* executor = model == nullptr ? nullptr : model->dag_executor();
    if (executor == nullptr) {
      ImGui::TextDisabled("no DAG pipelines in this scenario (\"pipelines\" in a cluster scenario adds them)");
    } else {
      show_counts(*executor);
      if (const DagRun* run = newest_run_in_flight(*executor)) {
        draw_run(*run);
      } else {
        ImGui::TextDisabled("no run in flight at this moment");
      }
    }
  }
  ImGui::End();
}

}  // namespace ringsim::viz
