// Colours of the GUI: background, one distinct colour per node id, node-state accents.
//
// Plain RGBA values with no SFML or ImGui type, so the screenshot checker (tests/) can
// look for exactly the colours the ring view draws. Shapes are drawn without
// anti-aliasing, so a node's arcs contain pixels of exactly node_colour(id).
#pragma once

#include <cstdint>

#include "sim/node_palette.h"

namespace ringsim::viz {

// The node palette is shared with the headless report (sim/node_palette.h).
using ringsim::Rgba;
using ringsim::node_colour;

// Window background behind the ring view; ImGui panels use kPanelBackground.
inline constexpr Rgba kBackground{22, 24, 29};
inline constexpr Rgba kPanelBackground{34, 37, 44};
inline constexpr Rgba kTextColour{225, 228, 235};
inline constexpr Rgba kTextDimColour{150, 156, 168};
// The ring before any node owns a range (no members).
inline constexpr Rgba kRingEmpty{60, 63, 72};
// Keys with no copy left; red is kept out of the node palette so a lost key cannot be
// mistaken for a node's key.
inline constexpr Rgba kLostKey{235, 40, 40};
inline constexpr Rgba kLostKeyOutline{0, 0, 0};
// Keys a streaming transfer is copying (key_motion.h), and the band over their ranges.
inline constexpr Rgba kMigrating{255, 236, 120};
// A key or range whose move is planned but not streaming (waiting for its snapshot or a
// sender, or applying after its stream): the copy colour's dim khaki (key_motion.h).
inline constexpr Rgba kMoveWaiting{135, 128, 88};
inline constexpr Rgba kFlowProgress{255, 255, 255};

// DAG panel: the critical path's edges and task outlines (magenta: no task state, node or
// ImGui widget uses it, so the screenshot checker can count its pixels), and the outline
// of the task whose details are pinned.
inline constexpr Rgba kCriticalPath{255, 60, 210};
inline constexpr Rgba kDagSelected{255, 255, 255};

// Node-state accents (markers and legend).
inline constexpr Rgba kStateUpOutline{235, 238, 245};
inline constexpr Rgba kStateDrainingOutline{255, 170, 30};
inline constexpr Rgba kStateFailed{235, 40, 40};
inline constexpr Rgba kStateFencedOutline{190, 90, 255};
inline constexpr Rgba kStateLeft{95, 98, 108};
inline constexpr Rgba kStateNeutralFill{170, 176, 190};  // node colour stand-in in the legend


}  // namespace ringsim::viz
