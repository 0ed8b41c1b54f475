// Escaping of strings taken from a scenario (names, descriptions, operation names, --set
// values) for each format they land in. A scenario may name itself `a<b & "c", d` with a
// newline; every writer passes such strings through one of these.
//
// - XML and HTML: report::escape_xml and report::escape_html (cli/report/escape.h), both
//   from one markup escaper.
// - csv_field: RFC 4180 field: quoted (with "" for ") when it holds , " CR or LF.
// - console_text: one line for a terminal table: control characters as \n, \t, \xNN.
// JSON is written with nlohmann::json, which escapes strings itself.
#pragma once

#include <string>
#include <string_view>

namespace ringsim {

std::string csv_field(std::string_view text);
std::string console_text(std::string_view text);

}  // namespace ringsim
