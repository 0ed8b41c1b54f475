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
  static std::string format(const std::string& file, const std::string& pointer,
                            const std::string& message) {
    std::string text = file.empty() ? std::string("input") : file;
    text += ": ";
    text += pointer.empty() ? std::string("/") : pointer;
    text += ": ";
    text += message;
    return text;
  }
  std::string file_;
  std::string pointer_;
  std::string message_;
};

}  // namespace ringsim
