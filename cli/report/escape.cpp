#include "cli/report/escape.h"

namespace ringsim::report {

namespace {

// Where the two formats differ (escape.h).
struct MarkupRules {
  const char* apostrophe;        // the reference for '
  bool whitespace_as_references;  // tab, newline, CR as &#9; &#10; &#13; (else kept, CR replaced)
  bool del_is_control;            // 0x7f replaced too
  const char* control;           // what replaces another control character
};

constexpr MarkupRules kHtml = {"&#39;", false, false, "\xEF\xBF\xBD"};
constexpr MarkupRules kXml = {"&apos;", true, true, "?"};

std::string escape_markup(std::string_view text, const MarkupRules& rules) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += "&quot;"; continue;
      case '\'': out += rules.apostrophe; continue;
      default: break;
    }
    if (c == '\t' || c == '\n' || (c == '\r' && rules.whitespace_as_references)) {
      if (rules.whitespace_as_references) {
        out += c == '\t' ? "&#9;" : c == '\n' ? "&#10;" : "&#13;";
      } else {
        out += c;
      }
    } else if (static_cast<unsigned char>(c) < 0x20 || (c == 0x7f && rules.del_is_control)) {
      out += rules.control;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string escape_html(std::string_view text) { return escape_markup(text, kHtml); }
std::string escape_xml(std::string_view text) { return escape_markup(text, kXml); }

}  // namespace ringsim::report
