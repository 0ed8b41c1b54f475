// The one error type for bad input (scenario files, --set overrides, command lines).
// It names the file, the JSON pointer of the offending value and what was expected, so a
// user can fix the input without reading code. Callers print what() and exit 2.
#pragma once

#include <stdexcept>
#include <string>

namespace ringsim {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string file, std::string pointer, std::string message)
      : std::runtime_error(format(file, pointer, message)),
        file_(std::move(file)),
        pointer_(std::move(pointer)),
        message_(std::move(message)) {}

  const std::string& file() const { return file_; }
  const std::string& pointer() const { return pointer_; }
  const std::string& message() const { return message_; }

 private:
  // what() is a C string: a NUL from the input (a key name) would cut the message there, and
  // other control bytes would garble the terminal, so they are written as \u00XX (issue #24).
  static void append_escaped(std::string& text, const std::string& part, bool keep_newlines) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (const char c : part) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte >= 0x20 || (keep_newlines && (c == '\n' || c == '\t'))) {
        text += c;
      } else {
        text += "\\u00";
        text += kHex[byte >> 4];
        text += kHex[byte & 0xf];
      }
    }
  }
  static std::string format(const std::string& file, const std::string& pointer,
                            const std::string& message) {
    std::string text;
    append_escaped(text, file.empty() ? std::string("input") : file, false);
    text += ": ";
    append_escaped(text, pointer.empty() ? std::string("/") : pointer, false);
    text += ": ";
    append_escaped(text, message, true);
    return text;
  }
  std::string file_;
  std::string pointer_;
  std::string message_;
};

}  // namespace ringsim
