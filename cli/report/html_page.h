// The report page: headings, paragraphs, tables and figures appended in order, wrapped at
// the end in one self-contained HTML document with inline CSS. No script, no external
// resource (no font, image, stylesheet or link that loads anything). Every text argument
// is escaped here; only figure SVG (written by our own Svg class) is inserted as is.
#pragma once

#include <string>
#include <utility>
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

  // The same page as Markdown (for design docs and pull requests): headings, paragraphs,
  // GitHub tables, facts as a list; each figure as an image link `svg_prefix + ID.svg` (ID:
  // the plot's data-plot attribute) with its caption, or only the caption when svg_prefix
  // is empty. Text is written as is but for '|' in table cells and line breaks.
  std::string markdown(const std::string& svg_prefix) const;
  // Every figure's SVG by plot id, in page order (a figure row gives one per ring).
  const std::vector<std::pair<std::string, std::string>>& figures() const { return figures_; }

 private:
  // One Markdown block; a figure's is a placeholder filled by markdown().
  struct MarkdownBlock {
    std::string text;
    std::vector<std::string> figure_ids;  // Non-empty: a figure.
  };
  void add_figure_svg(const std::string& svg, MarkdownBlock& block);

  std::string title_;
  std::string body_;
  std::vector<MarkdownBlock> markdown_;
  std::vector<std::pair<std::string, std::string>> figures_;
  std::vector<std::pair<std::string, std::string>> contents_;  // (id, text) of level-2 headings.
};

}  // namespace ringsim::report
