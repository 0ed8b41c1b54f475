// Checks a ringsim-gui screenshot: the ring is drawn where the layout puts it, at least N
// distinct node colours appear on it, every panel has a background and content, and
// (--critical-path) the DAG panel highlights a critical path.
// Uses the GUI's own layout and palette, so it follows them when they change.
//
//   ringsim-gui-check SHOT.png --nodes N [--ui-scale S] [--station] [--dag] [--critical-path]
//                     [--layout-json FILE [--want-plot OWNER ...]]
//
// --nodes N: at least N distinct node colours on the ring (the placement's members).
// --dag: the DAG panel has room for a graph (ringsim-gui --screenshot printed
//   "dag panel graph"), which changes the layout.
// --critical-path: the graph area of the DAG panel (below its header lines) shows the
//   critical path's colour (thick edges and task outlines) on enough pixels; a run in
//   flight drawn without the highlight has none there.
//
// --layout-json FILE: what ringsim-gui --layout-json wrote for this screenshot. Its window
//   size, ui scale, DAG graph flag and maximized view replace --ui-scale and --dag, and it
//   is checked for text items that overlap or are cut off and for plots whose data area is
//   under kPlotMinFrameLines text lines (viz/layout_dump.h, viz/plot.h).
// --want-plot OWNER: the dump must hold a plot of that owner, e.g. "##autoscaler_nodes" (a
//   panel short of room leaves charts out and only says so in a line: issue #25's
//   autoscaler charts were hidden at 1280x720 and 1920x1080).
//
// Exit 0 when every check passes, 1 otherwise (each failure is printed), 2 on bad usage.
#include <SFML/Graphics/Image.hpp>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "viz/fonts.h"
#include "viz/layout.h"
#include "viz/layout_dump.h"
#include "viz/palette.h"
#include "viz/ring_geometry.h"

namespace {

using ringsim::viz::Rgba;

// The owner band must be drawn nearly everywhere around the circle.
constexpr double kBandCoverageMin = 0.95;
constexpr int kBandSamples = 3600;
// Node ids whose colours are looked for (kNodesMax).
constexpr std::size_t kNodeIdsChecked = 128;
// A node counts as present with at least this many pixels of exactly its colour.
constexpr int kPixelsPerNodeMin = 8;
// A panel is drawn when this share of it is the panel background...
constexpr double kPanelBackgroundShareMin = 0.3;
// ...and it shows content (text, widgets): at least this many distinct colours.
constexpr std::size_t kPanelColoursMin = 6;
// The DAG panel's header (combo, counts, legend, critical path line) takes at most this
// share of its height at the test's window size; the graph is below it. (The caption is a
// shade off the highlight's colour, so a wrapped caption does not count either.)
constexpr double kDagHeaderShareMax = 0.4;
// Pixels within this distance (per channel) of kCriticalPath count as the highlight
// (ImGui's anti-aliased line edges blend into the background; their cores are exact).
constexpr int kColourTolerance = 12;
// Two highlighted boxes with 3 px outlines and a thick edge between them are over a
// thousand pixels; stray pixels of similar colour are a handful.
constexpr int kCriticalPathPixelsMin = 400;

struct Options {
  std::string png;
  int nodes = 0;
  float ui_scale = 1;
  bool station = false;
  bool dag = false;  // the scenario runs DAGs (taller DAG panel)
  bool critical_path = false;
  std::string layout_json;
  std::vector<std::string> wanted_plots;
  ringsim::viz::Panel maximized = ringsim::viz::Panel::kNone;
};

// Plots are held to this many text lines of data area (viz/plot.h kPlotMinFrameLines; the
// checker does not link ImGui, so the constant is repeated here).
constexpr float kPlotMinFrameLines = 4;

int check_layout_dump(const ringsim::viz::LayoutDump& dump) {
  const float plot_min_px = kPlotMinFrameLines * ringsim::viz::kUiFontSizePx * dump.ui_scale - 1;
  const std::vector<std::string> problems = ringsim::viz::layout_problems(dump, plot_min_px);
  std::cout << "layout: " << dump.texts.size() << " text items, " << dump.plots.size() << " plots (minimum "
            << plot_min_px << " px), " << problems.size() << " problems\n";
  // Too few node-table rows is issue #25's layout target, not yet met by every shipped
  // scenario at every size: reported, and a failure only with RINGSIM_LAYOUT_TARGETS=1
  // (ctest -L layout_target sets it; docs/gui.md).
  const char* targets = std::getenv("RINGSIM_LAYOUT_TARGETS");
  const bool rows_fail = targets != nullptr && std::string(targets) == "1";
  int failures = 0;
  for (const std::string& problem : problems) {
    const bool rows = problem.find(" rows visible (") != std::string::npos;
    std::cout << (rows && !rows_fail ? "TARGET (#25, not yet met): " : "FAIL: ") << problem << "\n";
    failures += rows && !rows_fail ? 0 : 1;
  }
  return failures;
}

// Each wanted plot must have been drawn (a hidden chart records no plot).
int check_wanted_plots(const ringsim::viz::LayoutDump& dump, const std::vector<std::string>& wanted) {
  int failures = 0;
  for (const std::string& owner : wanted) {
    const bool drawn = std::any_of(dump.plots.begin(), dump.plots.end(),
                                   [&](const ringsim::viz::DrawnPlot& plot) { return plot.owner == owner; });
    std::cout << "plot " << owner << (drawn ? " drawn" : " not drawn") << "\n";
    if (!drawn) {
      std::cout << "FAIL: plot " << owner << " is hidden\n";
      failures += 1;
    }
  }
  return failures;
}

Rgba pixel(const sf::Image& image, int x, int y) {
  const sf::Color c = image.getPixel(static_cast<unsigned>(x), static_cast<unsigned>(y));
  return {c.r, c.g, c.b, 255};
}

bool inside(const sf::Image& image, int x, int y) {
  return x >= 0 && y >= 0 && x < static_cast<int>(image.getSize().x) && y < static_cast<int>(image.getSize().y);
}

// disc: where the GUI says it drew the owner band (its layout dump's "ring_disc"); without a
// dump, the default geometry of the ring's area.
int check_ring(const sf::Image& image, const ringsim::viz::RectF& area, const Options& options,
               const std::optional<ringsim::viz::RectF>& disc) {
  const ringsim::viz::RingGeometry geometry =
      disc ? ringsim::viz::ring_geometry_at({disc->x + disc->w / 2, disc->y + disc->h / 2}, disc->w / 2)
           : ringsim::viz::ring_geometry(area, options.ui_scale);
  const float middle = (geometry.band_inner + geometry.band_outer) / 2;
  int covered = 0;
  for (int i = 0; i < kBandSamples; ++i) {
    const auto at = ringsim::viz::ring_point(geometry, ringsim::viz::kTwoPi * i / kBandSamples, middle);
    const int x = static_cast<int>(at.x);
    const int y = static_cast<int>(at.y);
    if (inside(image, x, y) && !(pixel(image, x, y) == ringsim::viz::kBackground)) covered += 1;
  }
  int failures = 0;
  const double coverage = static_cast<double>(covered) / kBandSamples;
  std::cout << "ring band coverage " << coverage << "\n";
  if (coverage < kBandCoverageMin) {
    std::cout << "FAIL: the ring's owner band is missing at its layout position\n";
    failures += 1;
  }
  std::vector<int> pixels(kNodeIdsChecked, 0);
  const int r = static_cast<int>(geometry.band_outer) + 1;
  const int cx = static_cast<int>(geometry.centre.x);
  const int cy = static_cast<int>(geometry.centre.y);
  for (int y = cy - r; y <= cy + r; ++y) {
    for (int x = cx - r; x <= cx + r; ++x) {
      if (!inside(image, x, y)) continue;
      const float d = ringsim::viz::distance_from_centre(geometry, {static_cast<float>(x), static_cast<float>(y)});
      if (d < geometry.band_inner || d > geometry.band_outer) continue;
      const Rgba colour = pixel(image, x, y);
      for (std::size_t node = 0; node < kNodeIdsChecked; ++node) {
        if (colour == ringsim::viz::node_colour(static_cast<std::uint32_t>(node))) pixels[node] += 1;
      }
    }
  }
  int present = 0;
  for (const int count : pixels) {
    if (count >= kPixelsPerNodeMin) present += 1;
  }
  std::cout << "distinct node colours on the ring " << present << " (want " << options.nodes << ")\n";
  if (present < options.nodes) {
    std::cout << "FAIL: fewer node colours on the ring than nodes\n";
    failures += 1;
  }
  return failures;
}

bool near(const Rgba& a, const Rgba& b) {
  return std::abs(a.r - b.r) <= kColourTolerance && std::abs(a.g - b.g) <= kColourTolerance &&
         std::abs(a.b - b.b) <= kColourTolerance;
}

int check_critical_path(const sf::Image& image, const ringsim::viz::RectF& dag) {
  const int top = static_cast<int>(dag.y + dag.h * kDagHeaderShareMax);
  int highlighted = 0;
  for (int y = top; y < static_cast<int>(dag.y + dag.h); ++y) {
    for (int x = static_cast<int>(dag.x); x < static_cast<int>(dag.x + dag.w); ++x) {
      if (inside(image, x, y) && near(pixel(image, x, y), ringsim::viz::kCriticalPath)) highlighted += 1;
    }
  }
  std::cout << "critical path pixels in the DAG graph " << highlighted << " (want >= " << kCriticalPathPixelsMin
            << ")\n";
  if (highlighted >= kCriticalPathPixelsMin) return 0;
  std::cout << "FAIL: the DAG panel does not highlight a critical path\n";
  return 1;
}

int check_panel(const sf::Image& image, const char* name, const ringsim::viz::RectF& rect) {
  int total = 0;
  int background = 0;
  std::set<std::uint32_t> colours;
  for (int y = static_cast<int>(rect.y) + 1; y < static_cast<int>(rect.y + rect.h) - 1; ++y) {
    for (int x = static_cast<int>(rect.x) + 1; x < static_cast<int>(rect.x + rect.w) - 1; ++x) {
      if (!inside(image, x, y)) continue;
      const Rgba colour = pixel(image, x, y);
      total += 1;
      if (colour == ringsim::viz::kPanelBackground) background += 1;
      colours.insert((std::uint32_t{colour.r} << 16) | (std::uint32_t{colour.g} << 8) | colour.b);
    }
  }
  const double share = total == 0 ? 0 : static_cast<double>(background) / total;
  std::cout << "panel " << name << ": background share " << share << ", colours " << colours.size() << "\n";
  if (share < kPanelBackgroundShareMin || colours.size() < kPanelColoursMin) {
    std::cout << "FAIL: panel " << name << " is missing or empty\n";
    return 1;
  }
  return 0;
}

bool parse(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--nodes" && i + 1 < argc) {
      options.nodes = std::atoi(argv[++i]);
    } else if (arg == "--ui-scale" && i + 1 < argc) {
      options.ui_scale = static_cast<float>(std::atof(argv[++i]));
    } else if (arg == "--station") {
      options.station = true;
    } else if (arg == "--dag") {
      options.dag = true;
    } else if (arg == "--critical-path") {
      options.critical_path = true;
    } else if (arg == "--layout-json" && i + 1 < argc) {
      options.layout_json = argv[++i];
    } else if (arg == "--want-plot" && i + 1 < argc) {
      options.wanted_plots.emplace_back(argv[++i]);
    } else if (options.png.empty() && arg[0] != '-') {
      options.png = arg;
    } else {
      return false;
    }
  }
  return !options.png.empty() && (options.station || options.nodes > 0) && options.ui_scale > 0 &&
         (options.wanted_plots.empty() || !options.layout_json.empty());
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse(argc, argv, options)) {
    std::cerr << "usage: ringsim-gui-check SHOT.png --nodes N [--ui-scale S] [--station] [--dag] [--critical-path]\n"
                 "                         [--layout-json FILE [--want-plot OWNER ...]]\n";
    return 2;
  }
  sf::Image image;
  if (!image.loadFromFile(options.png)) {
    std::cout << "FAIL: cannot read " << options.png << "\n";
    return 1;
  }
  int failures = 0;
  std::optional<ringsim::viz::RectF> ring_view;  // below the narration band, when the dump says
  std::optional<ringsim::viz::RectF> ring_disc;
  std::map<std::string, ringsim::viz::RectF> dumped;  // panel rectangles as the GUI laid them out
  if (!options.layout_json.empty()) {
    try {
      const ringsim::viz::LayoutDump dump = ringsim::viz::read_layout_json(options.layout_json);
      options.ui_scale = dump.ui_scale;
      options.dag = dump.dag_graph;
      ringsim::viz::parse_panel(dump.maximized.c_str(), options.maximized);
      for (const auto& [name, rect] : dump.panels) {
        if (name == "ring_view") ring_view = rect;
        if (name == "ring_disc") ring_disc = rect;
        dumped[name] = rect;
      }
      failures += check_layout_dump(dump);
      failures += check_wanted_plots(dump, options.wanted_plots);
    } catch (const std::runtime_error& error) {
      std::cout << "FAIL: " << error.what() << "\n";
      return 1;
    }
  }
  auto layout = ringsim::viz::compute_layout(static_cast<float>(image.getSize().x),
                                             static_cast<float>(image.getSize().y), options.ui_scale,
                                             !options.station, options.dag, options.maximized);
  // The dump's rectangles are what was drawn (a compact layout's tabs choose which panel
  // has the right column): they win over the recomputed tiling.
  for (auto& [name, rect] : {std::pair<const char*, ringsim::viz::RectF*>{"timeline", &layout.timeline},
                             {"ring", &layout.ring}, {"log", &layout.event_log}, {"cluster", &layout.cluster},
                             {"latency", &layout.latency}, {"dag", &layout.dag}}) {
    if (const auto found = dumped.find(name); found != dumped.end()) *rect = found->second;
  }
  if (!options.station && !layout.ring.empty()) {
    failures += check_ring(image, ring_view.value_or(layout.ring), options, ring_disc);
  }
  failures += check_panel(image, "timeline", layout.timeline);
  const std::pair<const char*, ringsim::viz::RectF> panels[] = {
      {"event log", layout.event_log}, {"latency", layout.latency}, {"dag", layout.dag}, {"cluster", layout.cluster}};
  for (const auto& [name, rect] : panels) {
    if (!rect.empty()) failures += check_panel(image, name, rect);
  }
  if (options.critical_path) failures += check_critical_path(image, layout.dag);
  std::cout << (failures == 0 ? "PASS" : "FAILED") << "\n";
  return failures == 0 ? 0 : 1;
}
