// Escaping for markup, in one place: every string that comes from a scenario, a summary
// file or the command line passes through one of these before it reaches a page or a file,
// so a scenario named "<script>alert(1)</script>" or `a<b & "c"` renders as text. The two
// rule sets differ only where the formats do:
//
// - escape_html: the HTML report, and SVG text and attribute values (SVG is inlined in
//   HTML5). & < > " ' become character references (' as &#39;, which HTML 4 also knows);
//   tab and newline stay; other control characters become U+FFFD, so a file's bytes cannot
//   break the document's structure.
// - escape_xml: XML 1.0 text and attribute values (the JUnit file of `ringsim check`).
//   & < > " ' become entities (' as &apos;); tab, newline and carriage return become
//   character references (so they survive in attributes); other control characters and
//   DEL, which XML 1.0 cannot carry, become '?'.
#pragma once

#include <string>
#include <string_view>

namespace ringsim::report {

std::string escape_html(std::string_view text);
std::string escape_xml(std::string_view text);

}  // namespace ringsim::report
