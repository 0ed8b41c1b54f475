// [SECTION] index
//   styles      task-state colours, sizes
//   header      the "show" combo, the shown run, run counts, legend, critical path line
//   graph       edges, boxes, critical path, selection, hover and clicks
//   details     the pinned task's record
//   entry       ShowDagPanel
#include "viz/dag_panel.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "sim/dag/dag_executor.h"
#include "viz/dag_describe.h"
#include "viz/fonts.h"
#include "viz/format.h"
#include "viz/layout_dump.h"
#include "viz/panel.h"

namespace ringsim::viz {
namespace {

//------------------------------------------------------------------------------
// [SECTION] styles
//------------------------------------------------------------------------------

constexpr float kBoxRounding = 3;
constexpr float kLabelPaddingPx = 3;
constexpr ImU32 kEdgeColour = IM_COL32(120, 126, 140, 200);
// Task names are dark on light boxes and light on dark ones.
constexpr ImU32 kLabelDark = IM_COL32(15, 16, 20, 255);
constexpr ImU32 kLabelLight = IM_COL32(235, 238, 245, 255);
constexpr float kLightBoxLuma = 140;
// A running task's box carries a light band sweeping left to right once per period of
// virtual time, so running work is visibly moving (and a screenshot stays reproducible).
constexpr TimeNs kRunningSweepPeriodNs = 400 * kNsPerMs;
constexpr float kRunningSweepWidthShare = 0.3f;
constexpr ImU32 kRunningSweepColour = IM_COL32(255, 255, 255, 90);
// Thicknesses in px at ui scale 1 (they grow with the font): the critical path must stand
// out from the 1 px edges at a glance.
constexpr float kCriticalEdgePx = 3;
constexpr float kCriticalOutlinePx = 3;
constexpr float kSelectedOutlinePx = 2;
// The selected task's outline sits this far outside its box, around the critical outline.
constexpr float kSelectedGapPx = 3.5f;
constexpr float kSourceComboWidthEm = 15;
// The pinned details take this much of the panel's width, at most this share.
constexpr float kDetailsWidthEm = 20;
constexpr float kDetailsWidthShareMax = 0.45f;
constexpr float kLegendSwatchEm = 0.8f;
// The critical path's caption: the highlight's magenta, a shade off, so that the
// screenshot checker counts only the drawn highlight even when the caption wraps.
constexpr Rgba kCriticalPathCaption{235, 95, 200};

struct StateStyle {
  TaskState state;
  const char* name;
  ImU32 colour;
};
constexpr std::array<StateStyle, 8> kStateStyles = {{
    {TaskState::kPending, "pending", IM_COL32(110, 116, 130, 255)},
    {TaskState::kReady, "ready", IM_COL32(90, 150, 230, 255)},
    {TaskState::kRunning, "running", IM_COL32(120, 220, 120, 255)},
    {TaskState::kRetrying, "retrying", IM_COL32(255, 170, 40, 255)},
    {TaskState::kDone, "done", IM_COL32(50, 130, 80, 255)},
    {TaskState::kFailed, "failed", IM_COL32(235, 50, 50, 255)},
    {TaskState::kSkipped, "skipped", IM_COL32(70, 72, 80, 255)},
    {TaskState::kUpstreamFailed, "upstream_failed", IM_COL32(150, 90, 40, 255)},
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

// Pixels per "px at ui scale 1", from the font the panel is drawn with.
float px_scale() { return ImGui::GetFontSize() / kUiFontSizePx; }

// Continues the line with an item `width` wide when it fits, else starts a new line.
void same_line_if_fits(float width) {
  ImGui::SameLine();
  if (width > ImGui::GetContentRegionAvail().x) ImGui::NewLine();
}

//------------------------------------------------------------------------------
// [SECTION] header
//------------------------------------------------------------------------------

// Keeps the user's choices valid for the current run of the session.
void reset_if_rebuilt(const Session& session, std::size_t source_count, DagPanelState& state) {
  if (state.generation != session.generation()) {
    state.generation = session.generation();
    state.pinned_run.reset();
  }
  if (state.source >= source_count) state.source = 0;
}

void show_source_combo(const std::vector<DagSource>& sources, DagPanelState& state) {
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * kSourceComboWidthEm);
  if (!ImGui::BeginCombo("##dag_source", sources[state.source].label.c_str())) return;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (ImGui::Selectable(sources[i].label.c_str(), state.source == i) && state.source != i) {
      state.source = i;
      state.pinned_run.reset();  // the pinned task belonged to what was shown before
    }
  }
  ImGui::EndCombo();
}

std::string counts_text(const char* what, const DagRunCounts& counts) {
  std::string text = std::string(what) + " " + format_count(counts.runs) + ": ";
  if (counts.scheduled > 0) text += format_count(counts.scheduled) + " scheduled, ";
  text += format_count(counts.running) + " running, " + format_count(counts.succeeded) + " succeeded, " +
          format_count(counts.failed) + " failed";
  return text;
}

// One line per executor, or both on one when they fit.
void show_counts(const ClusterView& model) {
  std::vector<std::string> lines;
  if (const DagExecutor* pipelines = model.dag_executor()) {
    lines.push_back(counts_text("runs", run_counts(*pipelines)));
  }
  if (const DagExecutor* migrations = model.migration_dag_executor()) {
    lines.push_back(counts_text("migration runs", run_counts(*migrations)));
  }
  for (const std::string& line : lines) {
    if (&line != &lines.front()) same_line_if_fits(ImGui::CalcTextSize(("  " + line).c_str()).x);
    ImGui::TextUnformatted((&line != &lines.front() ? "  " + line : line).c_str());
  }
}

// On a line of its own: the state colours, then the critical path's and the selection's
// outlines.
void show_legend() {
  for (const StateStyle& style : kStateStyles) {
    const std::string text = &style == &kStateStyles[0] ? style.name : std::string(" ") + style.name;
    if (&style != &kStateStyles[0]) same_line_if_fits(ImGui::CalcTextSize(text.c_str()).x);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(style.colour), "%s", text.c_str());
  }
  struct OutlineEntry {
    const char* label;
    Rgba colour;
    float thickness_px;
  };
  static constexpr std::array<OutlineEntry, 2> kOutlines = {{
      {"critical path", kCriticalPath, kCriticalOutlinePx},
      {"selected", kDagSelected, kSelectedOutlinePx},
  }};
  const float swatch = ImGui::GetFontSize() * kLegendSwatchEm;
  for (const auto& [label, colour, thickness] : kOutlines) {
    const float spacing = ImGui::GetStyle().ItemInnerSpacing.x;
    same_line_if_fits(2 * spacing + swatch + ImGui::CalcTextSize(label).x);
    ImGui::Dummy(ImVec2(spacing, swatch));
    ImGui::SameLine(0, 0);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float top = at.y + (ImGui::GetTextLineHeight() - swatch) / 2;
    ImGui::GetWindowDrawList()->AddRect({at.x, top}, {at.x + swatch, top + swatch}, to_imu32(colour), 0, 0,
                                        thickness * px_scale());
    ImGui::Dummy(ImVec2(swatch, ImGui::GetTextLineHeight()));
    ImGui::SameLine(0, spacing);
    ImGui::TextUnformatted(label);
  }
}

std::string run_title(const DagRun& run, const DagRunRef& ref, bool pinned) {
  std::string text = run.spec->name() + ", run " + std::to_string(ref.id);
  if (run.started_ns >= 0) text += ", started " + format_time_s(run.started_ns);
  text += ", ";
  text += dag_run_state_name(run.state);
  if (pinned) text += " (pinned: click empty space to let go)";
  return text;
}

//------------------------------------------------------------------------------
// [SECTION] graph
//------------------------------------------------------------------------------

// Tasks on the path, and edges between consecutive ones, by task index.
struct PathMarks {
  std::vector<bool> on_path;
  std::vector<TaskIndex> next;  // the task after this one on the path (self when none)
};

PathMarks mark_path(const CriticalPath& path, std::size_t task_count) {
  PathMarks marks{std::vector<bool>(task_count, false), std::vector<TaskIndex>(task_count)};
  for (std::size_t task = 0; task < task_count; ++task) marks.next[task] = static_cast<TaskIndex>(task);
  // A path with no length says nothing yet (no task has run); nothing is highlighted.
  if (path.length_ns == 0) return marks;
  for (std::size_t i = 0; i < path.tasks.size(); ++i) {
    marks.on_path[path.tasks[i]] = true;
    if (i + 1 < path.tasks.size()) marks.next[path.tasks[i]] = path.tasks[i + 1];
  }
  return marks;
}

ImVec2 right_middle(const DagBox& box) { return {box.x + box.w, box.centre_y()}; }
ImVec2 left_middle(const DagBox& box) { return {box.x, box.centre_y()}; }

void task_tooltip(const DagRun& run, TaskIndex index, TimeNs now_ns) {
  const DagTask& task = run.spec->task(index);
  const TaskRecord& record = run.tasks[index];
  ImGui::BeginTooltip();
  ImGui::Text("%s (%s): %s", task.name.c_str(), task.kind.c_str(), task_state_name(record.state));
  ImGui::Text("attempts %u, node %s, core time %s", record.attempts,
              record.worker == kNoWorker ? "none yet" : std::to_string(record.worker).c_str(),
              format_duration(run_time_so_far_ns(record, now_ns)).c_str());
  ImGui::TextDisabled("click to pin its details");
  ImGui::EndTooltip();
}

// The text cut to fit `width`, ending in ".." (a hover shows the whole name).
std::string fit_label(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  std::string cut = text;
  while (!cut.empty() && ImGui::CalcTextSize((cut + "..").c_str()).x > width) cut.pop_back();
  const std::string shown = cut.empty() ? "" : cut + "..";
  record_shortened("dag/task", text, shown);
  return shown;
}

// Draws a label and records it (layout_dump.h).
void add_label(ImDrawList* draw, ImVec2 at, ImU32 colour, const std::string& text) {
  if (text.empty()) return;
  draw->AddText(at, colour, text.c_str());
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  record_text("dag", text, {at.x, at.y, size.x, size.y});
}

void draw_column_captions(ImDrawList* draw, const DagGraphLayout& layout) {
  for (const DagColumnCaption& caption : layout.captions()) {
    add_label(draw, {caption.x, layout.captions_y()}, ImGui::GetColorU32(ImGuiCol_TextDisabled),
              fit_label(caption.text, caption.w));
  }
}

// A task's name in its box: on one line when it fits, else split at the '_' nearest its
// middle onto two lines when the box is tall enough, else cut short ("switch_own..").
void draw_task_label(ImDrawList* draw, const std::string& name, const DagBox& box, ImU32 colour, float padding) {
  const float line = ImGui::GetTextLineHeight();
  const float width = box.w - 2 * padding;
  const float x = box.x + padding;
  if (ImGui::CalcTextSize(name.c_str()).x > width && box.h >= 2 * line) {
    std::size_t best = std::string::npos;
    for (std::size_t at = name.find('_'); at != std::string::npos; at = name.find('_', at + 1)) {
      if (best == std::string::npos || std::abs(static_cast<double>(at) - name.size() / 2.0) <
                                           std::abs(static_cast<double>(best) - name.size() / 2.0)) {
        best = at;
      }
    }
    if (best != std::string::npos) {
      add_label(draw, {x, box.centre_y() - line}, colour, fit_label(name.substr(0, best + 1), width));
      add_label(draw, {x, box.centre_y()}, colour, fit_label(name.substr(best + 1), width));
      return;
    }
  }
  add_label(draw, {x, box.centre_y() - line / 2}, colour, fit_label(name, width));
}

// Thin edges first, the critical path's thick ones over them.
void draw_edges(ImDrawList* draw, const DagSpec& spec, const std::vector<DagBox>& boxes, const PathMarks& marks,
                float scale) {
  const std::size_t count = spec.size();
  for (std::size_t task = 0; task < count; ++task) {
    for (const TaskIndex before : spec.predecessors(static_cast<TaskIndex>(task))) {
      draw->AddLine(right_middle(boxes[before]), left_middle(boxes[task]), kEdgeColour);
    }
  }
  const ImU32 critical = to_imu32(kCriticalPath);
  for (std::size_t task = 0; task < count; ++task) {
    if (marks.next[task] != task) {
      draw->AddLine(right_middle(boxes[task]), left_middle(boxes[marks.next[task]]), critical,
                    kCriticalEdgePx * scale);
    }
  }
}

// A running task's sweeping band (see kRunningSweepPeriodNs), clipped to its box.
void draw_running_sweep(ImDrawList* draw, const DagBox& box, TimeNs start_ns, TimeNs now_ns) {
  const ImVec2 min{box.x, box.y};
  const ImVec2 max{box.x + box.w, box.y + box.h};
  const TimeNs phase_ns = (now_ns - start_ns) % kRunningSweepPeriodNs;
  const float phase = static_cast<float>(phase_ns) / static_cast<float>(kRunningSweepPeriodNs);
  const float band_w = box.w * kRunningSweepWidthShare;
  const float left = min.x - band_w + phase * (box.w + band_w);
  draw->PushClipRect(min, max, true);
  draw->AddRectFilled({left, min.y}, {left + band_w, max.y}, kRunningSweepColour);
  draw->PopClipRect();
}

// One task's box: its state's colour, the running sweep, its name when it fits, the
// critical-path outline and the selection outline.
void draw_task_box(ImDrawList* draw, const DagRun& run, std::size_t task, const DagBox& box, const PathMarks& marks,
                   bool selected, TimeNs now_ns, float scale) {
  const ImVec2 min{box.x, box.y};
  const ImVec2 max{box.x + box.w, box.y + box.h};
  const TaskRecord& record = run.tasks[task];
  const ImU32 colour = state_colour(record.state);
  draw->AddRectFilled(min, max, colour, kBoxRounding);
  if (record.state == TaskState::kRunning && record.start_ns >= 0) draw_running_sweep(draw, box, record.start_ns, now_ns);
  if (box.h >= ImGui::GetTextLineHeight()) {
    draw_task_label(draw, run.spec->task(static_cast<TaskIndex>(task)).name, box, label_colour(colour),
                    kLabelPaddingPx * scale);
  }
  if (marks.on_path[task]) {
    // Inside the box's edge, so neighbouring outlines never merge.
    const float inset = kCriticalOutlinePx * scale / 2;
    draw->AddRect({min.x + inset, min.y + inset}, {max.x - inset, max.y - inset}, to_imu32(kCriticalPath),
                  kBoxRounding, 0, kCriticalOutlinePx * scale);
  }
  if (selected) {
    const float gap = kSelectedGapPx * scale;
    draw->AddRect({min.x - gap, min.y - gap}, {max.x + gap, max.y + gap}, to_imu32(kDagSelected), kBoxRounding, 0,
                  kSelectedOutlinePx * scale);
  }
}

// Draws the run's graph into the rest of the panel's width `width`; returns the task
// clicked, or nullopt with *clicked_empty set when the click hit no task.
std::optional<TaskIndex> draw_graph(const DagRun& run, const PathMarks& marks, std::optional<TaskIndex> selected,
                                    float width, TimeNs now_ns, DagGraphLayout& layout, std::uint64_t generation,
                                    bool& clicked_empty) {
  clicked_empty = false;
  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  const ImVec2 size{width, ImGui::GetContentRegionAvail().y};
  if (size.x <= 0 || size.y <= 0) return std::nullopt;
  ImGui::InvisibleButton("##dag_graph", size);
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  const DagSpec& spec = *run.spec;
  layout.update(spec, generation, {top_left.x, top_left.y, size.x, size.y}, ImGui::GetTextLineHeight());
  const std::vector<DagBox>& boxes = layout.boxes();
  const float scale = px_scale();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PushClipRect(top_left, {top_left.x + size.x, top_left.y + size.y}, true);
  draw_column_captions(draw, layout);
  draw_edges(draw, spec, boxes, marks, scale);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  std::optional<TaskIndex> under_mouse;
  for (std::size_t task = 0; task < spec.size(); ++task) {
    draw_task_box(draw, run, task, boxes[task], marks, selected == task, now_ns, scale);
    if (hovered && boxes[task].contains(mouse.x, mouse.y)) under_mouse = static_cast<TaskIndex>(task);
  }
  draw->PopClipRect();
  if (under_mouse.has_value()) task_tooltip(run, *under_mouse, now_ns);
  if (!clicked) return std::nullopt;
  clicked_empty = !under_mouse.has_value();
  return under_mouse;
}

//------------------------------------------------------------------------------
// [SECTION] details
//------------------------------------------------------------------------------

void show_details(const DagRun& run, TaskIndex task, TimeNs now_ns, bool on_path, const ImVec2& size) {
  if (!ImGui::BeginChild("##dag_details", size, /*border=*/true)) {
    ImGui::EndChild();
    return;
  }
  if (ImGui::BeginTable("##dag_task", 2)) {
    // Labels as wide as they need; long values (a fan-in's dependencies) wrap.
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    for (const auto& [label, value] : task_details(run, task, now_ns, on_path)) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", label.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", value.c_str());
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

//------------------------------------------------------------------------------
// [SECTION] entry
//------------------------------------------------------------------------------

const std::vector<PipelineConfig>& pipelines_of(const Session& session) {
  return std::get<ClusterScenario>(session.run().scenario().model).pipelines;
}

void show_dag_runs(const Session& session, const ClusterView& model, DagPanelState& state) {
  const std::vector<DagSource> sources = dag_sources(model, pipelines_of(session));
  reset_if_rebuilt(session, sources.size(), state);
  const TimeNs now_ns = session.run().now_ns();
  // The pinned run stays on screen while it holds its records; then the source's run.
  if (state.pinned_run.has_value() && drawable_run(model, *state.pinned_run) == nullptr) state.pinned_run.reset();
  const std::optional<DagRunRef> ref =
      state.pinned_run.has_value() ? state.pinned_run : resolve_source(model, sources[state.source], now_ns);
  const DagRun* run = ref.has_value() ? drawable_run(model, *ref) : nullptr;

  show_source_combo(sources, state);
  if (run != nullptr) {
    const std::string title = run_title(*run, *ref, state.pinned_run.has_value());
    same_line_if_fits(ImGui::CalcTextSize(title.c_str()).x);
    ImGui::TextUnformatted(title.c_str());
  }
  show_counts(model);
  show_legend();
  if (run == nullptr) {
    ImGui::TextDisabled(sources[state.source].kind == DagSource::Kind::kNewestInFlight
                            ? "no run in flight at this moment"
                            : "no finished run with its task records yet");
    return;
  }
  const CriticalPath path = shown_critical_path(*run, now_ns);
  ImGui::PushStyleColor(ImGuiCol_Text, to_imu32(kCriticalPathCaption));
  ImGui::TextWrapped("%s", critical_path_caption(*run, path, now_ns).c_str());
  ImGui::PopStyleColor();

  const PathMarks marks = mark_path(path, run->spec->size());
  const std::optional<TaskIndex> selected =
      state.pinned_run.has_value() ? std::optional<TaskIndex>(state.selected_task) : std::nullopt;
  const float full_w = ImGui::GetContentRegionAvail().x;
  const float details_w =
      selected.has_value() ? std::min(kDetailsWidthEm * ImGui::GetFontSize(), full_w * kDetailsWidthShareMax) : 0;
  const float graph_w = full_w - (details_w > 0 ? details_w + ImGui::GetStyle().ItemSpacing.x : 0);
  bool clicked_empty = false;
  const std::optional<TaskIndex> clicked =
      draw_graph(*run, marks, selected, graph_w, now_ns, state.layout, session.generation(), clicked_empty);
  if (selected.has_value()) {
    ImGui::SameLine();
    show_details(*run, *selected, now_ns, marks.on_path[*selected],
                 ImVec2(details_w, ImGui::GetContentRegionAvail().y));
  }
  if (clicked.has_value()) {
    state.pinned_run = *ref;
    state.selected_task = *clicked;
  } else if (clicked_empty) {
    state.pinned_run.reset();
  }
}

}  // namespace

bool has_dag_runs(const Session& session) {
  const ClusterView* model = session.cluster();
  // Only pipelines get the graph's room by default: a scenario whose DAGs are its
  // migrations has nothing to show between migrations, and the cluster table and latency
  // charts need that room more (its graph shows in the one-line panel's scroll, or
  // maximized).
  return model != nullptr && model->dag_executor() != nullptr;
}

void ShowDagPanel(const Session& session, const RectF& rect, DagPanelState& state) {
  if (rect.empty()) return;
  if (begin_panel("DAG task flow", rect)) {
    const ClusterView* model = session.cluster();
    if (model == nullptr || (model->dag_executor() == nullptr && model->migration_dag_executor() == nullptr)) {
      ImGui::TextDisabled("no DAG runs in this scenario (\"pipelines\" in a cluster scenario adds them)");
    } else {
      show_dag_runs(session, *model, state);
    }
  }
  ImGui::End();
}

}  // namespace ringsim::viz
