#include "viz/layout_dump.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace ringsim::viz {
namespace {

LayoutDump* g_active = nullptr;

nlohmann::json rect_json(const RectF& rect) { return {{"x", rect.x}, {"y", rect.y}, {"w", rect.w}, {"h", rect.h}}; }

RectF rect_from(const nlohmann::json& json) {
  return {json.at("x").get<float>(), json.at("y").get<float>(), json.at("w").get<float>(), json.at("h").get<float>()};
}

// Overlap of two intervals [a, a+aw) and [b, b+bw).
float overlap_1d(float a, float aw, float b, float bw) { return std::min(a + aw, b + bw) - std::max(a, b); }

std::string describe(const DrawnText& text) {
  return "\"" + text.text + "\" (" + text.owner + " at " + std::to_string(static_cast<int>(text.rect.x)) + "," +
         std::to_string(static_cast<int>(text.rect.y)) + ")";
}

}  // namespace

void set_active_layout_dump(LayoutDump* dump) { g_active = dump; }

void record_text(const std::string& owner, const std::string& text, const RectF& rect, const std::optional<RectF>& clip) {
  if (g_active != nullptr && !text.empty()) g_active->texts.push_back({owner, text, rect, clip});
}

void record_plot(const std::string& owner, const RectF& rect) {
  if (g_active != nullptr) g_active->plots.push_back({owner, rect});
}

void record_panel(const std::string& name, const RectF& rect) {
  if (g_active != nullptr && !rect.empty()) g_active->panels.emplace_back(name, rect);
}

void record_table(const DrawnTable& table) {
  if (g_active != nullptr) g_active->tables.push_back(table);
}

void record_shortened(const std::string& owner, const std::string& text, const std::string& shown) {
  if (g_active != nullptr) g_active->shortened.push_back({owner, text, shown});
}

bool layout_dump_active() { return g_active != nullptr; }

void write_layout_json(const LayoutDump& dump, const std::string& path) {
  nlohmann::json json = {{"width", dump.width},         {"height", dump.height},       {"ui_scale", dump.ui_scale},
                         {"dag_graph", dump.dag_graph}, {"maximized", dump.maximized}, {"panels", nlohmann::json::array()},
                         {"texts", nlohmann::json::array()}, {"plots", nlohmann::json::array()}};
  for (const auto& [name, rect] : dump.panels) {
    nlohmann::json entry = rect_json(rect);
    entry["name"] = name;
    json["panels"].push_back(entry);
  }
  for (const DrawnText& text : dump.texts) {
    nlohmann::json entry = rect_json(text.rect);
    entry["owner"] = text.owner;
    entry["text"] = text.text;
    if (text.clip) entry["clip"] = rect_json(*text.clip);
    json["texts"].push_back(entry);
  }
  for (const DrawnPlot& plot : dump.plots) {
    nlohmann::json entry = rect_json(plot.rect);
    entry["owner"] = plot.owner;
    json["plots"].push_back(entry);
  }
  json["tables"] = nlohmann::json::array();
  for (const DrawnTable& table : dump.tables) {
    json["tables"].push_back({{"owner", table.owner},
                              {"rows_total", table.rows_total},
                              {"rows_visible", table.rows_visible},
                              {"rows_that_matter", table.rows_that_matter},
                              {"rows_that_matter_visible", table.rows_that_matter_visible},
                              {"truncated", table.truncated}});
  }
  json["shortened"] = nlohmann::json::array();
  for (const ShortenedText& text : dump.shortened) {
    json["shortened"].push_back({{"owner", text.owner}, {"text", text.text}, {"shown", text.shown}});
  }
  std::ofstream out(path);
  out << json.dump(1) << "\n";
  if (!out) throw std::runtime_error("cannot write " + path);
}

LayoutDump read_layout_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  try {
    const nlohmann::json json = nlohmann::json::parse(in);
    LayoutDump dump;
    dump.width = json.at("width").get<float>();
    dump.height = json.at("height").get<float>();
    dump.ui_scale = json.at("ui_scale").get<float>();
    dump.dag_graph = json.at("dag_graph").get<bool>();
    dump.maximized = json.at("maximized").get<std::string>();
    for (const auto& entry : json.at("panels")) dump.panels.emplace_back(entry.at("name").get<std::string>(), rect_from(entry));
    for (const auto& entry : json.at("texts")) {
      std::optional<RectF> clip;
      if (entry.contains("clip")) clip = rect_from(entry.at("clip"));
      dump.texts.push_back({entry.at("owner").get<std::string>(), entry.at("text").get<std::string>(), rect_from(entry), clip});
    }
    for (const auto& entry : json.at("plots")) dump.plots.push_back({entry.at("owner").get<std::string>(), rect_from(entry)});
    for (const auto& entry : json.value("tables", nlohmann::json::array())) {
      dump.tables.push_back({entry.at("owner").get<std::string>(), entry.at("rows_total").get<int>(),
                             entry.at("rows_visible").get<int>(), entry.at("rows_that_matter").get<int>(),
                             entry.at("rows_that_matter_visible").get<int>(),
                             entry.at("truncated").get<std::vector<std::string>>()});
    }
    for (const auto& entry : json.value("shortened", nlohmann::json::array())) {
      dump.shortened.push_back({entry.at("owner").get<std::string>(), entry.at("text").get<std::string>(),
                                entry.at("shown").get<std::string>()});
    }
    return dump;
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error(path + ": not a layout dump: " + error.what());
  }
}

std::vector<std::string> layout_problems(const LayoutDump& dump, float plot_min_height_px, float tolerance_px) {
  std::vector<std::string> problems;
  const std::vector<DrawnText>& texts = dump.texts;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const RectF& a = texts[i].rect;
    for (std::size_t j = i + 1; j < texts.size(); ++j) {
      const RectF& b = texts[j].rect;
      if (overlap_1d(a.x, a.w, b.x, b.w) > tolerance_px && overlap_1d(a.y, a.h, b.y, b.h) > tolerance_px) {
        problems.push_back("text overlaps: " + describe(texts[i]) + " and " + describe(texts[j]));
      }
    }
    const RectF window{0, 0, dump.width, dump.height};
    for (const RectF& bound : {texts[i].clip.value_or(window), window}) {
      if (a.x < bound.x - tolerance_px || a.y < bound.y - tolerance_px ||
          a.x + a.w > bound.x + bound.w + tolerance_px || a.y + a.h > bound.y + bound.h + tolerance_px) {
        problems.push_back("text cut off: " + describe(texts[i]));
        break;
      }
    }
  }
  for (const auto& [name, rect] : dump.panels) {
    if (name == "ring_view" && std::min(rect.w, rect.h) < kRingViewMinPx) {
      problems.push_back("the ring view is " + std::to_string(static_cast<int>(rect.w)) + "x" +
                         std::to_string(static_cast<int>(rect.h)) + " px (minimum side " +
                         std::to_string(static_cast<int>(kRingViewMinPx)) + ")");
    }
  }
  for (const DrawnTable& table : dump.tables) {
    for (const std::string& cell : table.truncated) problems.push_back(table.owner + ": " + cell + " is truncated");
    const bool enough = table.rows_visible >= std::min(kTableRowsMin, table.rows_total);
    const bool pinned = table.rows_that_matter_visible >= table.rows_that_matter &&
                        table.rows_visible >= std::min(kTableRowsPinnedMin, table.rows_total);
    if (!enough && !pinned) {
      problems.push_back(table.owner + ": " + std::to_string(table.rows_visible) + " of " +
                         std::to_string(table.rows_total) + " rows visible (" +
                         std::to_string(table.rows_that_matter_visible) + " of " +
                         std::to_string(table.rows_that_matter) + " that matter)");
    }
  }
  for (const ShortenedText& text : dump.shortened) {
    if (text.owner.rfind("ring/", 0) == 0) {
      problems.push_back("text shortened: " + text.owner + " \"" + text.text + "\" shown as \"" + text.shown + "\"");
    }
  }
  for (const DrawnPlot& plot : dump.plots) {
    if (plot.rect.h < plot_min_height_px) {
      problems.push_back("plot " + plot.owner + " is " + std::to_string(static_cast<int>(plot.rect.h)) +
                         " px tall (minimum " + std::to_string(static_cast<int>(plot_min_height_px)) + ")");
    }
  }
  return problems;
}

}  // namespace ringsim::viz
