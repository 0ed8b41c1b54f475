// Escaping for the HTML report: every string that comes from a scenario, a summary file or
// the command line passes through escape_html before it reaches the page, so a scenario
// named "<script>alert(1)</script>" renders as text. The same escaping is valid inside
// SVG text and attribute values (SVG is inlined in HTML5).
#pragma once

#include <string>
#include <string_view>

namespace ringsim::report {

// Replaces & < > " ' with character references. Control characters other than tab and
// newline become U+FFFD, so a file's bytes cannot break the document's structure.
std::string escape_html(std::string_view text);

}  // namespace ringsim::report
