#include "cli/report/html_page.h"

#include <cctype>

#include "cli/report/escape.h"

namespace ringsim::report {
namespace {

// Light, print-friendly; system fonts only (nothing is fetched).
constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;background:#fff;
margin:0 auto;padding:16px 24px 48px;max-width:1280px;line-height:1.4}
h1{font-size:24px;margin:8px 0 4px}h2{font-size:19px;margin:32px 0 8px;padding-top:8px;border-top:2px solid #e4e6eb}
h3{font-size:15px;margin:20px 0 6px}p{margin:6px 0}.muted{color:#666}
nav{font-size:13px;margin:8px 0 0}nav a{margin-right:14px;color:#1f5fa8;text-decoration:none}
.table-wrap{overflow-x:auto;max-width:100%}table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #d8dbe0;padding:3px 8px;text-align:left}
th{background:#f3f4f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.pass{color:#11702a;font-weight:bold}td.fail{color:#b3141b;font-weight:bold}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px;font-size:14px;margin:8px 0}dt{color:#555}dd{margin:0}
figure{margin:10px 0 18px}figcaption{font-size:13px;color:#555;margin-top:2px}
svg.plot{max-width:100%;height:auto;display:block;font-family:inherit}
.row{display:flex;flex-wrap:wrap;gap:8px 20px}.banner{padding:6px 10px;border-radius:4px;display:inline-block;font-weight:bold}
.banner.pass{background:#e3f4e6;color:#11702a}.banner.fail{background:#fbe4e4;color:#b3141b}
)";

// "fully_replicated_s" -> "fully_<wbr>replicated_<wbr>s" (already escaped text).
std::string breakable_header(const std::string& html) {
  std::string out;
  for (const char c : html) {
    out += c;
    if (c == '_') out += "<wbr>";
  }
  return out;
}

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// The data-plot attribute of an SVG written by our Svg class ("" when absent).
std::string plot_id_of(const std::string& svg) {
  const std::string key = "data-plot=\"";
  const std::size_t at = svg.find(key);
  if (at == std::string::npos) return {};
  const std::size_t end = svg.find('"', at + key.size());
  return end == std::string::npos ? std::string() : svg.substr(at + key.size(), end - at - key.size());
}

}  // namespace

void HtmlPage::add_figure_svg(const std::string& svg, MarkdownBlock& block) {
  std::string id = plot_id_of(svg);
  if (id.empty()) id = "figure-" + std::to_string(figures_.size() + 1);
  figures_.emplace_back(id, svg);
  block.figure_ids.push_back(id);
}

std::string HtmlPage::markdown(const std::string& svg_prefix) const {
  std::string out = "# " + title_ + "\n\n";
  for (const MarkdownBlock& block : markdown_) {
    if (!block.figure_ids.empty() && !svg_prefix.empty()) {
      for (const std::string& id : block.figure_ids) out += "![" + id + "](" + svg_prefix + id + ".svg)\n";
    }
    out += block.text + "\n\n";
  }
  return out;
}

void HtmlPage::heading(int level, const std::string& text, const std::string& id) {
  const std::string tag = level == 2 ? "h2" : "h3";
  std::string safe_id;
  for (const char c : id) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-') safe_id += c;
  }
  body_ += "<" + tag + (safe_id.empty() ? "" : " id=\"" + safe_id + "\"") + ">" + escape_html(text) + "</" + tag + ">\n";
  if (level == 2 && !safe_id.empty()) contents_.push_back({safe_id, text});
  markdown_.push_back({std::string(level == 2 ? "## " : "### ") + text, {}});
}

void HtmlPage::paragraph(const std::string& text, const std::string& css_class) {
  body_ += "<p" + (css_class.empty() ? std::string() : " class=\"" + escape_html(css_class) + "\"") + ">" +
           escape_html(text) + "</p>\n";
  markdown_.push_back({css_class.find("fail") != std::string::npos ? "**" + text + "**" : text, {}});
}

void HtmlPage::table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                     const std::vector<std::vector<std::string>>& cell_classes) {
  // A wide table scrolls inside its own box rather than running off the page; long
  // snake_case headers may break after an underscore, so narrow screens (1280 px) fit more.
  body_ += "<div class=\"table-wrap\"><table><thead><tr>";
  for (const std::string& cell : header) body_ += "<th>" + breakable_header(escape_html(cell)) + "</th>";
  body_ += "</tr></thead><tbody>\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    body_ += "<tr>";
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const std::string css = r < cell_classes.size() && c < cell_classes[r].size() ? cell_classes[r][c] : "";
      body_ += "<td" + (css.empty() ? std::string() : " class=\"" + escape_html(css) + "\"") + ">" +
               escape_html(rows[r][c]) + "</td>";
    }
    body_ += "</tr>\n";
  }
  body_ += "</tbody></table></div>\n";
  std::string md = "|";
  for (const std::string& cell : header) md += " " + markdown_cell(cell) + " |";
  md += "\n|";
  for (std::size_t c = 0; c < header.size(); ++c) md += " --- |";
  for (const auto& row : rows) {
    md += "\n|";
    for (const std::string& cell : row) md += " " + markdown_cell(cell) + " |";
  }
  markdown_.push_back({md, {}});
}

void HtmlPage::facts(const std::vector<std::pair<std::string, std::string>>& facts) {
  body_ += "<dl>";
  for (const auto& [key, value] : facts) body_ += "<dt>" + escape_html(key) + "</dt><dd>" + escape_html(value) + "</dd>";
  body_ += "</dl>\n";
  std::string md;
  for (const auto& [key, value] : facts) md += (md.empty() ? "" : "\n") + ("- **" + key + "**: " + value);
  markdown_.push_back({md, {}});
}

void HtmlPage::figure(const std::string& svg, const std::string& caption) {
  body_ += "<figure>" + svg + "<figcaption>" + escape_html(caption) + "</figcaption></figure>\n";
  MarkdownBlock block{"*" + caption + "*", {}};
  add_figure_svg(svg, block);
  markdown_.push_back(std::move(block));
}

void HtmlPage::figure_row(const std::vector<std::string>& svgs, const std::string& caption) {
  body_ += "<figure><div class=\"row\">";
  for (const std::string& svg : svgs) body_ += "<div>" + svg + "</div>";
  body_ += "</div><figcaption>" + escape_html(caption) + "</figcaption></figure>\n";
  MarkdownBlock block{"*" + caption + "*", {}};
  for (const std::string& svg : svgs) add_figure_svg(svg, block);
  markdown_.push_back(std::move(block));
}

std::string HtmlPage::finish() const {
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  // Belt and braces for a page that travels: even if some text escaped escaping, the
  // browser runs no script and loads nothing from anywhere.
  page += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
          "img-src data:\">\n";
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += "<title>" + escape_html(title_) + "</title>\n<style>" + kStyle + "</style></head>\n<body>\n";
  page += "<h1>" + escape_html(title_) + "</h1>\n<nav>";
  for (const auto& [id, text] : contents_) page += "<a href=\"#" + id + "\">" + escape_html(text) + "</a>";
  page += "</nav>\n" + body_ + "</body></html>\n";
  return page;
}

}  // namespace ringsim::report
