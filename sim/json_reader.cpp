#include "sim/json_reader.h"

#include <algorithm>
#include <cmath>

#include "sim/number_text.h"

namespace ringsim {

namespace {

// Integers are accepted as JSON floats too ("1e6") when their value is integral; doubles
// represent integers exactly only up to 2^53.
constexpr double kExactIntegerMax = 9007199254740992.0;

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string join_quoted(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) {
    if (!text.empty()) text += ", ";
    text += '"' + word + '"';
  }
  return text;
}

}  // namespace

bool NumberRange::contains(double value) const {
  if (!std::isfinite(value)) return false;
  if (min_exclusive ? value <= min : value < min) return false;
  return value <= max;
}

std::string NumberRange::describe() const {
  return std::string("a number ") + (min_exclusive ? "> " : ">= ") + format_significant(min) +
         " and <= " + format_significant(max);
}

std::string json_pointer_append(const std::string& pointer, std::string_view key) {
  std::string result = pointer + "/";
  for (const char c : key) {
    if (c == '~') {
      result += "~0";
    } else if (c == '/') {
      result += "~1";
    } else {
      result += c;
    }
  }
  return result;
}

std::string json_pointer_append(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 0;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (best.empty() || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  // Suggest only when at most about a third of the word differs...
  const std::size_t plausible_max = std::max<std::size_t>(2, word.size() / 3);
  if (best_distance <= plausible_max) return best;
  // ...or when the word is the start of exactly one candidate ("rate" for "rate_qps"), or of
  // exactly one that adds only a unit ("get.p99" for "get.p99_ms", not "get.p999_ms").
  std::string prefix_match;
  std::string unit_match;
  std::size_t prefix_matches = 0;
  std::size_t unit_matches = 0;
  for (const std::string& candidate : candidates) {
    if (word.size() < 3 || !candidate.starts_with(word)) continue;
    prefix_matches += 1;
    prefix_match = candidate;
    const std::string_view rest = std::string_view(candidate).substr(word.size());
    if (rest.size() > 1 && rest.front() == '_' && rest.find_first_of("._", 1) == std::string_view::npos) {
      unit_matches += 1;
      unit_match = candidate;
    }
  }
  if (prefix_matches == 1) return prefix_match;
  return unit_matches == 1 ? unit_match : std::string();
}

std::string describe_json_value(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::boolean:
      return std::string("a boolean (") + (value.get<bool>() ? "true" : "false") + ")";
    case nlohmann::json::value_t::string:
      return "a string (" + value.dump() + ")";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return "the number " + value.dump();
    default:
      return "an unsupported value";
  }
}

ObjectReader::ObjectReader(const nlohmann::json& value, std::string pointer, std::string file)
    : value_(value), pointer_(std::move(pointer)), file_(std::move(file)) {
  if (!value_.is_object()) {
    throw ConfigError(file_, pointer_, "expected an object, got " + describe_json_value(value_));
  }
}

void ObjectReader::fail(std::string_view key, const std::string& message) const {
  throw ConfigError(file_, pointer_of(key), message);
}

const nlohmann::json* ObjectReader::find(std::string_view key) {
  if (std::find(known_keys_.begin(), known_keys_.end(), key) == known_keys_.end()) {
    known_keys_.emplace_back(key);
  }
  const auto it = value_.find(key);
  return it == value_.end() ? nullptr : &*it;
}

const nlohmann::json& ObjectReader::require(std::string_view key, const char* expected) {
  const nlohmann::json* found = find(key);
  if (found == nullptr) {
    // A present key close to the missing one is likelier misspelt than the key forgotten:
    // name it ("arivals"), as finish() would once the object is read.
    for (const auto& [present, value] : value_.items()) {
      // Not "node" beside a missing "nodes": one extending the other is likely another key.
      const bool extends = present.starts_with(key) || std::string_view(key).starts_with(present);
      if (!extends && !closest_match(present, {std::string(key)}).empty()) {
        fail(present, "unknown key \"" + present + "\" (did you mean \"" + std::string(key) + "\"?)");
      }
    }
    fail(key, std::string("missing required key (expected ") + expected + ")");
  }
  return *found;
}

bool ObjectReader::has(std::string_view key) { return find(key) != nullptr; }

namespace {
std::string read_string(const ObjectReader& reader, std::string_view key,
                        const nlohmann::json& value) {
  if (!value.is_string()) reader.fail(key, "expected a string, got " + describe_json_value(value));
  return value.get<std::string>();
}
}  // namespace

std::string ObjectReader::required_string(std::string_view key) {
  return read_string(*this, key, require(key, "a string"));
}

std::string ObjectReader::optional_string(std::string_view key, std::string fallback) {
  const nlohmann::json* found = find(key);
  return found == nullptr ? fallback : read_string(*this, key, *found);
}

std::string ObjectReader::required_choice(std::string_view key,
                                          const std::vector<std::string>& choices) {
  const std::string expected = "one of " + join_quoted(choices);
  const nlohmann::json& value = require(key, expected.c_str());
  if (!value.is_string()) fail(key, "expected " + expected + ", got " + describe_json_value(value));
  const std::string text = value.get<std::string>();
  if (std::find(choices.begin(), choices.end(), text) == choices.end()) {
    const std::string suggestion = closest_match(text, choices);
    fail(key, "expected " + expected + ", got \"" + text + "\"" +
                  (suggestion.empty() ? "" : " (did you mean \"" + suggestion + "\"?)"));
  }
  return text;
}

std::string ObjectReader::optional_choice(std::string_view key,
                                          const std::vector<std::string>& choices,
                                          std::string fallback) {
  if (!has(key)) return fallback;
  return required_choice(key, choices);
}

namespace {
double read_number(const ObjectReader& reader, std::string_view key, const nlohmann::json& value,
                   NumberRange range) {
  if (!value.is_number()) {
    reader.fail(key, "expected " + range.describe() + ", got " + describe_json_value(value));
  }
  const double number = value.get<double>();
  if (!range.contains(number)) {
    reader.fail(key, "expected " + range.describe() + ", got " + value.dump());
  }
  return number;
}
}  // namespace

double ObjectReader::required_number(std::string_view key, NumberRange range) {
  const std::string expected = range.describe();
  return read_number(*this, key, require(key, expected.c_str()), range);
}

double ObjectReader::optional_number(std::string_view key, NumberRange range, double fallback) {
  const nlohmann::json* found = find(key);
  return found == nullptr ? fallback : read_number(*this, key, *found, range);
}

std::optional<double> ObjectReader::maybe_number(std::string_view key, NumberRange range) {
  const nlohmann::json* found = find(key);
  if (found == nullptr) return std::nullopt;
  return read_number(*this, key, *found, range);
}

namespace {
std::uint64_t read_integer(const ObjectReader& reader, std::string_view key,
                           const nlohmann::json& value, std::uint64_t min, std::uint64_t max) {
  const std::string expected =
      "an integer >= " + std::to_string(min) + " and <= " + std::to_string(max);
  if (!value.is_number()) {
    reader.fail(key, "expected " + expected + ", got " + describe_json_value(value));
  }
  if (value.is_number_unsigned()) {
    const std::uint64_t number = value.get<std::uint64_t>();
    if (number < min || number > max) reader.fail(key, "expected " + expected + ", got " + value.dump());
    return number;
  }
  const double number = value.get<double>();
  if (!std::isfinite(number) || number != std::floor(number) || number < 0 ||
      number > kExactIntegerMax) {
    reader.fail(key, "expected " + expected + ", got " + value.dump());
  }
  const auto integer = static_cast<std::uint64_t>(number);
  if (integer < min || integer > max) reader.fail(key, "expected " + expected + ", got " + value.dump());
  return integer;
}
}  // namespace

std::uint64_t ObjectReader::required_integer(std::string_view key, std::uint64_t min,
                                             std::uint64_t max) {
  const std::string expected =
      "an integer >= " + std::to_string(min) + " and <= " + std::to_string(max);
  return read_integer(*this, key, require(key, expected.c_str()), min, max);
}

std::uint64_t ObjectReader::optional_integer(std::string_view key, std::uint64_t min,
                                             std::uint64_t max, std::uint64_t fallback) {
  const nlohmann::json* found = find(key);
  return found == nullptr ? fallback : read_integer(*this, key, *found, min, max);
}

bool ObjectReader::optional_bool(std::string_view key, bool fallback) {
  const nlohmann::json* found = find(key);
  if (found == nullptr) return fallback;
  if (!found->is_boolean()) fail(key, "expected true or false, got " + describe_json_value(*found));
  return found->get<bool>();
}

ObjectReader ObjectReader::required_object(std::string_view key) {
  return ObjectReader(require(key, "an object"), pointer_of(key), file_);
}

std::optional<ObjectReader> ObjectReader::optional_object(std::string_view key) {
  const nlohmann::json* found = find(key);
  if (found == nullptr) return std::nullopt;
  return ObjectReader(*found, pointer_of(key), file_);
}

namespace {
// Arrays in configuration are lists a person writes (expectations, timeline actions):
// anything longer is a mistake or an attack, refused before it is walked.
constexpr std::size_t kConfigArrayLengthMax = 100'000;
}  // namespace

ArrayReader ObjectReader::required_array(std::string_view key) {
  return ArrayReader(require(key, "an array"), pointer_of(key), file_, kConfigArrayLengthMax);
}

std::optional<ArrayReader> ObjectReader::optional_array(std::string_view key) {
  const nlohmann::json* found = find(key);
  if (found == nullptr) return std::nullopt;
  return ArrayReader(*found, pointer_of(key), file_, kConfigArrayLengthMax);
}

const nlohmann::json& ObjectReader::raw(std::string_view key) { return require(key, "a value"); }

void ObjectReader::finish() {
  for (const auto& [key, value] : value_.items()) {
    if (std::find(known_keys_.begin(), known_keys_.end(), key) != known_keys_.end()) continue;
    const std::string suggestion = closest_match(key, known_keys_);
    std::string message = "unknown key \"" + key + "\"";
    if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
    std::vector<std::string> sorted = known_keys_;
    std::sort(sorted.begin(), sorted.end());
    message += "; valid keys here: " + join_quoted(sorted);
    fail(key, message);
  }
}

ArrayReader::ArrayReader(const nlohmann::json& value, std::string pointer, std::string file,
                         std::size_t max_size)
    : value_(value), pointer_(std::move(pointer)), file_(std::move(file)) {
  if (!value_.is_array()) {
    throw ConfigError(file_, pointer_, "expected an array, got " + describe_json_value(value_));
  }
  if (value_.size() > max_size) {
    throw ConfigError(file_, pointer_,
                      "array has " + std::to_string(value_.size()) + " entries; at most " +
                          std::to_string(max_size) + " are accepted");
  }
}

ObjectReader ArrayReader::object_at(std::size_t index) const {
  return ObjectReader(value_.at(index), pointer_at(index), file_);
}

}  // namespace ringsim
