// Escaping of strings taken from a scenario (names, descriptions, operation names, --set
// values) for each format they land in. A scenario may name itself `a<b & "c", d` with a
// newline; every writer passes such strings through one of these.
//
// - xml_escape: text and attribute values of XML 1.0 (JUnit). & < > " ' become entities;
//   tab, newline and carriage return become character references (so they survive in
//   attributes); other control characters, which XML 1.0 cannot carry at all, become '?'.
// - csv_field: RFC 4180 field: quoted (with "" for ") when it holds , " CR or LF.
// - console_text: one line for a terminal table: control characters as \n, \t, \xNN.
// JSON is written with nlohmann::json, which escapes strings itself.
#pragma once

#include <string>
#include <string_view>

namespace ringsim {

std::string xml_escape(std::string_view text);
std::string csv_field(std::string_view text);
std::string console_text(std::string_view text);

}  // namespace ringsim
