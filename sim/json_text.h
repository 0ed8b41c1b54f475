// JSON text in, a document out, with the limits checked on the text before anything is
// built: nesting depth (a document nested deeper than kJsonDepthMax is refused before
// nlohmann builds, copies or destroys it, all of which recurse once per level) and UTF-8
// (nlohmann refuses invalid UTF-8 only inside the text it parses; strings that reach a
// document by other routes, e.g. a --set value taken as a plain string, are checked here).
//
// Errors are ConfigErrors naming the file, the JSON pointer of the value that goes too
// deep (or "" for syntax errors, with line and column) and the limit.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ringsim {

// Scenarios nest about 8 levels; 64 leaves room for any hand-written document and keeps
// every recursive walk of it shallow.
inline constexpr std::size_t kJsonDepthMax = 64;

// Parses `text`; throws ConfigError(file, ...) on a syntax error or nesting deeper than
// kJsonDepthMax. `pointer` prefixes the pointers named in errors (e.g. a --set path).
nlohmann::json parse_json_text(std::string_view text, const std::string& file, const std::string& pointer = "");

// Throws ConfigError when `text` nests arrays/objects deeper than kJsonDepthMax, or when an
// object has the same key twice (naming both positions). A linear scan without recursion;
// it names the pointer of the first value beyond the limit or of the repeated key.
// `outer_depth`: levels the text will sit under once placed (a --set value at /a/b: 2).
void check_json_depth(std::string_view text, const std::string& file, const std::string& pointer = "",
                      std::size_t outer_depth = 0);

// The byte offset of the first byte that is not part of well-formed UTF-8 (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF), or nullopt when all is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// "line 3, column 7" of a byte offset.
std::string line_and_column(std::string_view text, std::size_t byte_offset);

}  // namespace ringsim
