#include "sim/json_text.h"

#include <map>
#include <vector>

#include "sim/config_error.h"
#include "sim/json_reader.h"

namespace ringsim {

namespace {

// One open array or object while scanning: which child is being read, so the error can
// name the pointer of the value that goes too deep.
struct OpenContainer {
  bool is_object = false;
  bool expecting_key = false;
  std::size_t index = 0;
  std::string key;
  std::map<std::string, std::size_t> keys;  // An object's keys so far -> byte offset (duplicates).
  std::size_t key_start = 0;
};

std::string pointer_of(const std::string& prefix, const std::vector<OpenContainer>& open) {
  std::string pointer = prefix;
  for (const OpenContainer& container : open) {
    pointer = container.is_object ? json_pointer_append(pointer, container.key)
                                  : json_pointer_append(pointer, container.index);
  }
  return pointer;
}

}  // namespace

std::string line_and_column(std::string_view text, std::size_t byte_offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      line += 1;
      column = 1;
    } else {
      column += 1;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

void check_json_depth(std::string_view text, const std::string& file, const std::string& pointer,
                      std::size_t outer_depth) {
  std::vector<OpenContainer> open;
  bool in_string = false;
  bool reading_key = false;
  std::string key;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\' && i + 1 < text.size()) {
        if (reading_key) key += text.substr(i, 2);
        i += 1;
      } else if (c == '"') {
        in_string = false;
        if (reading_key) {
          OpenContainer& object = open.back();
          object.key = key;
          // nlohmann keeps the last of two equal keys without a word (issue #24).
          const auto [first, inserted] = object.keys.try_emplace(key, object.key_start);
          if (!inserted) {
            throw ConfigError(file, pointer_of(pointer, open),
                              "duplicate key \"" + key + "\": first at " + line_and_column(text, first->second) +
                                  ", again at " + line_and_column(text, object.key_start));
          }
        }
      } else if (reading_key) {
        key += c;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        reading_key = !open.empty() && open.back().is_object && open.back().expecting_key;
        if (reading_key) open.back().key_start = i;
        key.clear();
        break;
      case '{':
      case '[':
        if (outer_depth + open.size() >= kJsonDepthMax) {
          throw ConfigError(file, pointer_of(pointer, open),
                            "nesting deeper than " + std::to_string(kJsonDepthMax) +
                                " levels of arrays and objects (at " + line_and_column(text, i) + ")");
        }
        open.push_back({c == '{', c == '{', 0, {}, {}, 0});
        break;
      case '}':
      case ']':
        if (!open.empty()) open.pop_back();
        break;
      case ',':
        if (!open.empty()) {
          open.back().index += 1;
          open.back().expecting_key = open.back().is_object;
        }
        break;
      case ':':
        if (!open.empty()) open.back().expecting_key = false;
        break;
      default:
        break;
    }
  }
}

nlohmann::json parse_json_text(std::string_view text, const std::string& file, const std::string& pointer) {
  check_json_depth(text, file, pointer);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    std::string message = error.what();
    const std::size_t detail = message.find("parse error");
    if (detail != std::string::npos) message = message.substr(detail);
    throw ConfigError(file, pointer,
                      "invalid JSON at " + line_and_column(text, error.byte == 0 ? 0 : error.byte - 1) + ": " +
                          message);
  } catch (const nlohmann::json::exception& error) {
    // Found by the fuzzer: a number beyond double's range ("5.41e308") is out_of_range.406,
    // not a parse_error.
    std::string message = error.what();
    const std::size_t detail = message.find(']');
    if (detail != std::string::npos) message = message.substr(detail + 2);
    throw ConfigError(file, pointer, "invalid JSON: " + message);
  }
}

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned char low = 0x80;  // Allowed range of the second byte (RFC 3629, section 4).
    unsigned char high = 0xBF;
    if (lead < 0x80) {
      length = 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;   // No overlong forms.
      if (lead == 0xED) high = 0x9F;  // No surrogates.
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;   // No overlong forms.
      if (lead == 0xF4) high = 0x8F;  // Nothing above U+10FFFF.
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      const unsigned char min = k == 1 ? low : 0x80;
      const unsigned char max = k == 1 ? high : 0xBF;
      if (byte < min || byte > max) return i;
    }
    i += length;
  }
  return std::nullopt;
}

}  // namespace ringsim
