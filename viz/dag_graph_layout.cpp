#include "viz/dag_graph_layout.h"

#include <algorithm>

namespace ringsim::viz {
namespace {

// Share of a column / row a task box takes; the rest is room for edges.
constexpr float kBoxWidthShare = 0.72f;
constexpr float kBoxHeightShare = 0.7f;
// Boxes stop growing at these sizes (in text heights), so a small DAG in a large panel
// does not become a few giant boxes.
constexpr float kBoxWidthMaxEm = 11;
constexpr float kBoxHeightMaxEm = 1.5f;

bool same_area(const RectF& a, const RectF& b) { return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h; }

}  // namespace

void DagGraphLayout::update(const DagSpec& spec, std::uint64_t generation, const RectF& area, float font_px) {
  // The spec is immutable; the generation guards against a new DAG at a freed address.
  if (&spec == spec_ && generation == generation_ && same_area(area, area_) && font_px == font_px_) return;
  spec_ = &spec;
  generation_ = generation;
  area_ = area;
  font_px_ = font_px;

  const std::size_t count = spec.size();
  depth_.assign(count, 0);
  std::uint32_t depth_max = 0;
  for (const TaskIndex task : spec.topological_order()) {
    for (const TaskIndex before : spec.predecessors(task)) depth_[task] = std::max(depth_[task], depth_[before] + 1);
    depth_max = std::max(depth_max, depth_[task]);
  }
  std::vector<std::uint32_t> per_column(depth_max + 1, 0);
  std::vector<std::uint32_t> row(count, 0);
  for (std::size_t task = 0; task < count; ++task) row[task] = per_column[depth_[task]]++;

  // A caption line per column, then the graph below it.
  const float graph_y = area.y + font_px;
  const float graph_h = std::max(0.0f, area.h - font_px);
  const float column_w = area.w / static_cast<float>(depth_max + 1);
  const float box_w = std::min(column_w * kBoxWidthShare, kBoxWidthMaxEm * font_px);
  boxes_.assign(count, DagBox{});
  for (std::size_t task = 0; task < count; ++task) {
    const float row_h = graph_h / static_cast<float>(per_column[depth_[task]]);
    const float box_h = std::min(kBoxHeightMaxEm * font_px, row_h * kBoxHeightShare);
    const float centre_x = area.x + column_w * (static_cast<float>(depth_[task]) + 0.5f);
    const float centre_y = graph_y + row_h * (static_cast<float>(row[task]) + 0.5f);
    boxes_[task] = {centre_x - box_w / 2, centre_y - box_h / 2, box_w, box_h};
  }
  captions_.clear();
  std::vector<bool> captioned(depth_max + 1, false);
  for (std::size_t task = 0; task < count; ++task) {
    const std::uint32_t depth = depth_[task];
    if (captioned[depth]) continue;
    captioned[depth] = true;
    std::string text = spec.task(static_cast<TaskIndex>(task)).kind;
    if (per_column[depth] > 1) text += " x" + std::to_string(per_column[depth]);
    captions_.push_back({std::move(text), boxes_[task].x, column_w - (column_w - box_w) / 2});
  }
}

std::optional<TaskIndex> DagGraphLayout::task_at(float x, float y) const {
  for (std::size_t task = 0; task < boxes_.size(); ++task) {
    if (boxes_[task].contains(x, y)) return static_cast<TaskIndex>(task);
  }
  return std::nullopt;
}

}  // namespace ringsim::viz
