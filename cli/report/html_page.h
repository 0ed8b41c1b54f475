// The report page: headings, paragraphs, tables and figures appended in order, wrapped at
// the end in one self-contained HTML document with inline CSS. No script, no external
// resource (no font, image, stylesheet or link that loads anything). Every text argument
// is escaped here; only figure SVG (written by our own Svg class) is inserted as is.
#pragma once

#include <string>
#include <vector>

namespace ringsim::report {

class HtmlPage {
 public:
  explicit HtmlPage(std::string title) : title_(std::move(title)) {}

  // level 2 or 3; id (letters, digits, '-') makes a table-of-contents anchor.
  void heading(int level, const std::string& text, const std::string& id = {});
  void paragraph(const std::string& text, const std::string& css_class = {});
  // cell_classes (optional, same shape as rows): a CSS class per cell ("pass", "fail", "num").
  void table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
             const std::vector<std::vector<std::string>>& cell_classes = {});
  // key: value pairs as a definition list.
  void facts(const std::vector<std::pair<std::string, std::string>>& facts);
  void figure(const std::string& svg, const std::string& caption);
  // Several small figures side by side (rings).
  void figure_row(const std::vector<std::string>& svgs, const std::string& caption);

  std::string finish() const;

 private:
  std::string title_;
  std::string body_;
  std::vector<std::pair<std::string, std::string>> contents_;  // (id, text) of level-2 headings.
};

}  // namespace ringsim::report
