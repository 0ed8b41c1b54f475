#include "run/injection.h"

#include "run/option_values.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ringsim {
namespace {

double parse_time_s(const std::string& text) {
  const std::optional<double> seconds = parse_virtual_time_s(text);
  if (!seconds) throw std::invalid_argument("'" + text + "' is not a time >= 0 (e.g. 20s, 1500ms, 20)");
  return *seconds;
}

nlohmann::json json_or_string(const std::string& text) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return text;
  return value;
}

// Where the positional subject of each action goes.
void put_subject(nlohmann::json& entry, const std::string& action, const std::string& subject) {
  if (action == "fail_node" || action == "recover_node" || action == "remove_node" || action == "slow_node") {
    entry["node"] = json_or_string(subject);
  } else if (action == "partition") {
    nlohmann::json nodes = nlohmann::json::array();
    std::stringstream list(subject);
    for (std::string item; std::getline(list, item, ',');) nodes.push_back(json_or_string(item));
    entry["nodes"] = nodes;
  } else if (action == "add_node") {
    entry["count"] = json_or_string(subject);
  } else if (action == "set_rate") {
    entry["rate_qps"] = json_or_string(subject);
  } else {
    throw std::invalid_argument("'" + subject + "': " + action + " takes only KEY=VALUE arguments");
  }
}

}  // namespace

nlohmann::json parse_injection(const std::string& text) {
  std::istringstream words(text);
  std::string time_text;
  std::string action;
  if (!(words >> time_text >> action)) {
    throw std::invalid_argument("expected 'TIME ACTION [SUBJECT] [KEY=VALUE ...]', e.g. '20s fail_node 2'");
  }
  nlohmann::json entry = nlohmann::json::object();
  entry["at_s"] = parse_time_s(time_text);
  entry["action"] = action;
  bool subject_seen = false;
  for (std::string word; words >> word;) {
    const std::size_t equals = word.find('=');
    if (equals == std::string::npos) {
      if (subject_seen) throw std::invalid_argument("'" + word + "': only one argument may be given without KEY=");
      put_subject(entry, action, word);
      subject_seen = true;
      continue;
    }
    const std::string key = word.substr(0, equals);
    if (key.empty() || key == "at_s" || key == "action") {
      throw std::invalid_argument("'" + word + "': expected KEY=VALUE with another key than at_s or action");
    }
    entry[key] = json_or_string(word.substr(equals + 1));
  }
  return entry;
}

nlohmann::json injection_at(TimeNs at_ns, nlohmann::json action) {
  // Microseconds are exact in a double for any run length ringsim allows (< 1e6 s).
  const double at_us = std::floor(static_cast<double>(at_ns) / 1e3);
  action["at_s"] = at_us / 1e6;
  return action;
}

void append_injections(nlohmann::json& document, const std::vector<nlohmann::json>& injections) {
  if (injections.empty() || !document.is_object()) return;
  nlohmann::json& timeline = document["timeline"];
  if (timeline.is_null()) timeline = nlohmann::json::array();
  if (!timeline.is_array()) return;  // The scenario parser reports the wrong type.
  for (const nlohmann::json& entry : injections) timeline.push_back(entry);
}

}  // namespace ringsim
