// What a frame drew, as rectangles: every text item the GUI places itself (plot axes,
// legends and markers, ring captions and labels, DAG task labels) and every plot frame,
// for `ringsim-gui --layout-json FILE` and the screenshot checker. ImGui's own widgets lay
// themselves out without overlap; the text placed by hand is where overlaps and clipping
// happen, so that is what is recorded.
//
// Recording is off unless a LayoutDump is installed (set_active_layout_dump); the record_*
// calls are then no-ops. No SFML or ImGui here, so the checker can read the dump back.
//
// JSON shape (write_layout_json / read_layout_json):
//   {"width": W, "height": H, "ui_scale": S, "dag_graph": bool, "maximized": "none",
//    "panels": [{"name": "latency", "x":.., "y":.., "w":.., "h":..}],
//    "texts": [{"owner": "latency/##series", "text": "20 ms", "x":.., "y":.., "w":.., "h":..,
//               "clip": {"x":..,"y":..,"w":..,"h":..}}],   // clip: absent when not clipped
//    "plots": [{"owner": "latency/##series", "x":.., "y":.., "w":.., "h":..}],
//    "tables": [{"owner": "cluster/nodes", "rows_total": 9, "rows_visible": 5,
//                "rows_that_matter": 1, "rows_that_matter_visible": 1, "truncated": []}],
//    "shortened": [{"owner": "ring/headline", "text": "node 8 joined: ...", "shown": "node 8..."}]}
// Rectangles in window pixels.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "viz/layout.h"

namespace ringsim::viz {

struct DrawnText {
  std::string owner;  // "<panel>/<item>", e.g. "latency/##series", "ring/caption"
  std::string text;
  RectF rect;
  std::optional<RectF> clip;  // the text is clipped to this rectangle when drawn
};

struct DrawnPlot {
  std::string owner;
  RectF rect;  // the data area (inside the axis labels)
};

// How a table fit its panel: rows that could be read whole, the rows that matter (pinned
// at the top: failed, booting, draining, the hottest node) among them, and cells whose
// text was cut by its column.
struct DrawnTable {
  std::string owner;  // "cluster/nodes"
  int rows_total = 0;
  int rows_visible = 0;
  int rows_that_matter = 0;
  int rows_that_matter_visible = 0;
  std::vector<std::string> truncated;  // "header util", "row 3 served"
};

// A text drawn shorter than it is (cut and ended with "..."): what it said and what was shown.
struct ShortenedText {
  std::string owner;  // "ring/headline", "ring/detail", "ring/footer", "dag/task"
  std::string text;
  std::string shown;
};

struct LayoutDump {
  float width = 0;
  float height = 0;
  float ui_scale = 1;
  bool dag_graph = false;
  std::string maximized = "none";
  std::vector<std::pair<std::string, RectF>> panels;
  std::vector<DrawnText> texts;
  std::vector<DrawnPlot> plots;
  std::vector<DrawnTable> tables;
  std::vector<ShortenedText> shortened;

  void clear_items() {
    panels.clear();
    texts.clear();
    plots.clear();
    tables.clear();
    shortened.clear();
  }
};

// The dump that record_* write into; nullptr (the default) turns recording off.
void set_active_layout_dump(LayoutDump* dump);
void record_text(const std::string& owner, const std::string& text, const RectF& rect,
                 const std::optional<RectF>& clip = std::nullopt);
void record_plot(const std::string& owner, const RectF& rect);
void record_panel(const std::string& name, const RectF& rect);
void record_table(const DrawnTable& table);
void record_shortened(const std::string& owner, const std::string& text, const std::string& shown);
// True while a dump is recording (so views skip measuring when nobody reads it).
bool layout_dump_active();

// Throws std::runtime_error when the file cannot be written / read or is malformed.
void write_layout_json(const LayoutDump& dump, const std::string& path);
LayoutDump read_layout_json(const std::string& path);

// Problems a reader would see, one sentence each (empty: none):
// - two text items overlapping by more than `tolerance_px` in both directions;
// - a text item cut by its clip rectangle (more than tolerance_px outside it), or
//   outside the window;
// - a plot's data area shorter than `plot_min_height_px`;
// - a table with a truncated header or cell, or fewer than kTableRowsMin whole rows unless
//   every row that matters is visible (and at least kTableRowsPinnedMin rows);
// - a ring view (panel "ring_view") with a side under kRingViewMinPx;
// - a shortened text whose owner starts with "ring/" (the ring's caption: it wraps, and
//   what it says must not lose its end). DAG task names may end in ".." (hover shows them).
inline constexpr int kTableRowsMin = 8;
// The ring's own area (below the caption band): smaller than this, the ring is a dot.
inline constexpr float kRingViewMinPx = 180;
inline constexpr int kTableRowsPinnedMin = 3;
std::vector<std::string> layout_problems(const LayoutDump& dump, float plot_min_height_px, float tolerance_px = 1);

}  // namespace ringsim::viz
