#include "viz/caption_wrap.h"

#include <algorithm>
#include <optional>

namespace ringsim::viz {

std::vector<std::string> wrap_caption(std::string_view text, float max_width,
                                      const std::function<float(std::string_view)>& width_of) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(" \n", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    const std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
    if (!line.empty() && width_of(candidate) > max_width) {
      lines.push_back(line);
      line = std::string(word);
    } else {
      line = candidate;
    }
    if (end < text.size() && text[end] == '\n') {
      lines.push_back(line);
      line.clear();
    }
    start = end + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

std::string cut_to_width(std::string_view text, float max_width, const std::function<float(std::string_view)>& width_of) {
  if (width_of(text) <= max_width) return std::string(text);
  // ASCII dots: ImGui's fallback font has no ellipsis glyph.
  constexpr std::string_view kEllipsis = "...";
  std::size_t end = text.size();
  while (end > 0) {
    const std::size_t space = text.rfind(' ', end - 1);
    end = space == std::string_view::npos ? 0 : space;
    const std::string candidate = std::string(text.substr(0, end)) + std::string(kEllipsis);
    if (end > 0 && width_of(candidate) <= max_width) return candidate;
  }
  return std::string(kEllipsis);
}

namespace {

struct Range {
  std::size_t begin;
  std::size_t end;
};

// Breaks [line.begin, line.end) at spaces while it is wider than max_width, appending the
// full lines to `lines`; returns what is left (a single word may still be too wide).
Range break_at_spaces(std::string_view text, Range line, float max_width, std::vector<Range>& lines,
                      const std::function<float(std::string_view)>& width_of) {
  while (width_of(text.substr(line.begin, line.end - line.begin)) > max_width) {
    std::size_t cut = std::string_view::npos;
    for (std::size_t at = text.find(' ', line.begin); at != std::string_view::npos && at < line.end;
         at = text.find(' ', at + 1)) {
      if (at > line.begin && width_of(text.substr(line.begin, at - line.begin)) > max_width) break;
      if (at > line.begin) cut = at;
    }
    if (cut == std::string_view::npos) break;  // one word wider than the line: it overflows
    lines.push_back({line.begin, cut});
    line.begin = cut + 1;
  }
  return line;
}

}  // namespace

WrappedText wrap_parts(std::string_view text, std::string_view separator, float max_width, std::size_t max_lines,
                       const std::function<float(std::string_view)>& width_of) {
  std::vector<Range> lines;
  std::optional<Range> line;
  std::size_t start = 0;
  while (true) {
    std::size_t end = separator.empty() ? std::string_view::npos : text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    if (line && width_of(text.substr(line->begin, end - line->begin)) <= max_width) {
      line->end = end;
    } else {
      if (line) lines.push_back(*line);
      line = break_at_spaces(text, {start, end}, max_width, lines, width_of);
    }
    if (end == text.size()) break;
    start = end + separator.size();
  }
  lines.push_back(*line);
  WrappedText wrapped;
  const std::size_t kept = std::max<std::size_t>(max_lines, 1);
  for (std::size_t i = 0; i < lines.size() && i < kept; ++i) {
    if (i + 1 == kept && lines.size() > kept) {
      wrapped.lines.push_back(cut_to_width(text.substr(lines[i].begin), max_width, width_of));
      wrapped.shortened = true;
    } else {
      wrapped.lines.emplace_back(text.substr(lines[i].begin, lines[i].end - lines[i].begin));
    }
  }
  return wrapped;
}

}  // namespace ringsim::viz
