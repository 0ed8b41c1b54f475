// Where the DAG panel puts each task of a DAG: tasks in columns by topological level
// (depth = the longest chain of dependencies before a task), rows in definition order
// within a column, one caption per column (its tasks' kind, "search x16"), and which task
// box a point falls on (clicks). Depends only on the DAG's definition and the area, so it
// is computed once per DAG and area, not every frame. No SFML or ImGui here (tested in
// tests/gui_test.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/dag/dag.h"
#include "viz/layout.h"

namespace ringsim::viz {

struct DagBox {
  float x = 0;  // top-left corner
  float y = 0;
  float w = 0;
  float h = 0;
  bool contains(float px, float py) const { return px >= x && px < x + w && py >= y && py < y + h; }
  float centre_y() const { return y + h / 2; }
};

struct DagColumnCaption {
  std::string text;
  float x = 0;
  float w = 0;  // the column's width: the caption is clipped to it
};

class DagGraphLayout {
 public:
  // area: where the graph goes, captions included; font_px: the text height (box sizes
  // follow it). Recomputes only when the DAG or the area changed since the last call.
  void update(const DagSpec& spec, std::uint64_t generation, const RectF& area, float font_px);

  const std::vector<DagBox>& boxes() const { return boxes_; }  // by task index
  const std::vector<DagColumnCaption>& captions() const { return captions_; }
  float captions_y() const { return area_.y; }
  const std::vector<std::uint32_t>& depths() const { return depth_; }
  // The task whose box contains the point, if any.
  std::optional<TaskIndex> task_at(float x, float y) const;

 private:
  const DagSpec* spec_ = nullptr;
  std::uint64_t generation_ = 0;
  RectF area_;
  float font_px_ = 0;
  std::vector<std::uint32_t> depth_;
  std::vector<DagBox> boxes_;
  std::vector<DagColumnCaption> captions_;
};

}  // namespace ringsim::viz
