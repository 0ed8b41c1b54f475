// Strict, typed reading of JSON configuration.
//
// An ObjectReader walks one JSON object. Every key the parser asks for (present or not)
// becomes a known key; finish() then rejects any other key in the object, suggesting the
// closest known one, so a typo is an error instead of a silently ignored setting.
// Every error is a ConfigError naming the file, the JSON pointer and what was expected.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/config_error.h"

namespace ringsim {

// Accepted range of a number; the text form ("a number > 0 and <= 1e+06") goes into errors.
struct NumberRange {
  double min = 0;
  double max = 0;
  bool min_exclusive = false;

  static NumberRange positive(double max) { return {0, max, true}; }
  static NumberRange at_least(double min, double max) { return {min, max, false}; }
  bool contains(double value) const;
  std::string describe() const;
};

std::string json_pointer_append(const std::string& pointer, std::string_view key);
std::string json_pointer_append(const std::string& pointer, std::size_t index);
// The candidate closest to `word` by edit distance, or "" when none is plausibly meant.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

class ArrayReader;

class ObjectReader {
 public:
  // Throws ConfigError when `value` is not an object.
  ObjectReader(const nlohmann::json& value, std::string pointer, std::string file);

  bool has(std::string_view key);  // Also marks the key as known.

  std::string required_string(std::string_view key);
  std::string optional_string(std::string_view key, std::string fallback);
  // A string that must be one of `choices`.
  std::string required_choice(std::string_view key, const std::vector<std::string>& choices);
  std::string optional_choice(std::string_view key, const std::vector<std::string>& choices,
                              std::string fallback);

  double required_number(std::string_view key, NumberRange range);
  double optional_number(std::string_view key, NumberRange range, double fallback);
  std::optional<double> maybe_number(std::string_view key, NumberRange range);

  std::uint64_t required_integer(std::string_view key, std::uint64_t min, std::uint64_t max);
  std::uint64_t optional_integer(std::string_view key, std::uint64_t min, std::uint64_t max,
                                 std::uint64_t fallback);

  bool optional_bool(std::string_view key, bool fallback);

  ObjectReader required_object(std::string_view key);
  std::optional<ObjectReader> optional_object(std::string_view key);
  ArrayReader required_array(std::string_view key);
  std::optional<ArrayReader> optional_array(std::string_view key);

  // The raw value of a present key (marks it known); for values read by other code.
  const nlohmann::json& raw(std::string_view key);

  // Throws on the first key (in key order) that nothing asked for.
  void finish();

  const std::string& pointer() const { return pointer_; }
  const std::string& file() const { return file_; }
  std::string pointer_of(std::string_view key) const { return json_pointer_append(pointer_, key); }
  [[noreturn]] void fail(std::string_view key, const std::string& message) const;

 private:
  const nlohmann::json* find(std::string_view key);
  const nlohmann::json& require(std::string_view key, const char* expected);

  const nlohmann::json& value_;
  std::string pointer_;
  std::string file_;
  std::vector<std::string> known_keys_;
};

class ArrayReader {
 public:
  ArrayReader(const nlohmann::json& value, std::string pointer, std::string file,
              std::size_t max_size);
  std::size_t size() const { return value_.size(); }
  ObjectReader object_at(std::size_t index) const;
  const nlohmann::json& at(std::size_t index) const { return value_.at(index); }
  std::string pointer_at(std::size_t index) const { return json_pointer_append(pointer_, index); }
  const std::string& pointer() const { return pointer_; }
  const std::string& file() const { return file_; }

 private:
  const nlohmann::json& value_;
  std::string pointer_;
  std::string file_;
};

// "a number", "a string \"abc\"", ...: how a value is named in errors.
std::string describe_json_value(const nlohmann::json& value);

}  // namespace ringsim
