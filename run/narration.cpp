#include "run/narration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "models/cluster/cluster_view.h"

namespace ringsim {
namespace {

// Change actions carry details after the name ("autoscale_out +3 (utilization ...)",
// "slow_node x5"): the name is the first word. Skipped actions never match.
std::string change_event_name(const ChangeRecord& change) {
  if (change.skipped) return "";
  return change.action.substr(0, change.action.find(' '));
}

struct Occurrence {
  TimeNs at_ns;
  std::size_t change;  // index into model.changes()
};

// Every occurrence of `event` so far, in time order (ties: change order).
std::vector<Occurrence> occurrences(const std::string& event, const ClusterView& model, TimeNs now_ns) {
  std::vector<Occurrence> seen;
  const std::vector<ChangeRecord>& changes = model.changes();
  for (std::size_t index = 0; index < changes.size(); ++index) {
    const ChangeRecord& change = changes[index];
    TimeNs at_ns = -1;
    if (event == "migration_done") {
      if (change.keys_moved > 0) at_ns = change.completed_ns;
    } else if (event == "fully_replicated") {
      at_ns = change.fully_replicated_ns;
    } else if (change_event_name(change) == event) {
      at_ns = change.at_ns;
    }
    if (at_ns >= 0 && at_ns <= now_ns) seen.push_back({at_ns, index});
  }
  std::stable_sort(seen.begin(), seen.end(), [](const Occurrence& a, const Occurrence& b) { return a.at_ns < b.at_ns; });
  return seen;
}

// The values of the change that fired an event caption.
const std::vector<std::string>& change_value_names() {
  static const std::vector<std::string> names = {"node",        "keys_moved",     "keys_moved_ideal", "moved_over_ideal",
                                                 "share_pct",   "members_before", "members_after",    "at_s",
                                                 "duration_ms", "shards_moved"};
  return names;
}

bool known_value_name(const std::string& name, const std::vector<std::string>& counter_names, bool on_event) {
  if (on_event && std::find(change_value_names().begin(), change_value_names().end(), name) != change_value_names().end()) {
    return true;
  }
  if (name == "members" || name == "keys" || name == "lost_keys" || name == "under_replicated") return true;
  if (name.rfind("count.", 0) == 0) {
    const std::vector<std::string>& events = narration_event_names();
    return std::find(events.begin(), events.end(), name.substr(6)) != events.end();
  }
  return std::find(counter_names.begin(), counter_names.end(), name) != counter_names.end();
}

// One value: a number, or text (a node list).
struct Value {
  double number = 0;
  std::optional<std::string> text;
};

// "4,444" for whole numbers, 3 significant digits otherwise ("1.02", "88.9").
std::string format_value(double value) {
  char buffer[64];
  if (std::abs(value - std::round(value)) < 1e-9 && std::abs(value) < 1e15) {
    std::string digits = std::to_string(static_cast<long long>(std::llround(std::abs(value))));
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
      grouped += digits[i];
    }
    return (value < 0 ? "-" : "") + grouped;
  }
  std::snprintf(buffer, sizeof buffer, std::abs(value) >= 100 ? "%.1f" : "%.3g", value);
  return buffer;
}

// Looks up the values a caption may name, at now_ns.
class ValueSource {
 public:
  ValueSource(const ClusterView* model, const Metrics* metrics, TimeNs now_ns, const ChangeRecord* change)
      : model_(model), metrics_(metrics), now_ns_(now_ns), change_(change) {}

  std::optional<Value> get(const std::string& name) const {
    if (change_ != nullptr) {
      if (std::optional<Value> value = change_value(name)) return value;
    }
    if (model_ != nullptr) {
      if (name == "members") return Value{static_cast<double>(model_->placement().members().size()), {}};
      if (name == "keys") return Value{static_cast<double>(model_->replicas().key_count()), {}};
      if (name == "lost_keys") return Value{static_cast<double>(model_->replicas().lost_count()), {}};
      if (name == "under_replicated") return Value{static_cast<double>(model_->under_replicated()), {}};
      if (name.rfind("count.", 0) == 0) {
        return Value{static_cast<double>(occurrences(name.substr(6), *model_, now_ns_).size()), {}};
      }
    }
    if (metrics_ != nullptr) {
      const std::vector<std::string>& names = metrics_->counter_names();
      const auto it = std::find(names.begin(), names.end(), name);
      if (it != names.end()) {
        return Value{static_cast<double>(metrics_->counter(static_cast<CounterId>(it - names.begin()))), {}};
      }
    }
    return std::nullopt;
  }

 private:
  std::optional<Value> change_value(const std::string& name) const {
    const ChangeRecord& change = *change_;
    const double keys = model_ != nullptr ? static_cast<double>(model_->replicas().key_count()) : 0;
    const auto moved = static_cast<double>(change.keys_moved);
    if (name == "node") return Value{0, change.subject};
    if (name == "keys_moved") return Value{moved, {}};
    if (name == "keys_moved_ideal") return Value{std::round(change.keys_moved_ideal), {}};
    if (name == "moved_over_ideal") return Value{change.keys_moved_ideal > 0 ? moved / change.keys_moved_ideal : 0, {}};
    if (name == "share_pct") return Value{keys > 0 ? 100.0 * moved / keys : 0, {}};
    if (name == "members_before") return Value{static_cast<double>(change.members_before), {}};
    if (name == "members_after") return Value{static_cast<double>(change.members_after), {}};
    if (name == "at_s") return Value{ns_to_s(change.at_ns), {}};
    if (name == "shards_moved") return Value{static_cast<double>(change.shards_moved), {}};
    if (name == "duration_ms") {
      const TimeNs end_ns = change.completed_ns >= 0 ? change.completed_ns : now_ns_;
      return Value{static_cast<double>(end_ns - change.at_ns) / 1e6, {}};
    }
    return std::nullopt;
  }

  const ClusterView* model_;
  const Metrics* metrics_;
  TimeNs now_ns_;
  const ChangeRecord* change_;
};

// The names "{...}" in a text (ignoring "{{").
std::vector<std::string> template_names(const std::string& text) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      ++i;
      continue;
    }
    const std::size_t close = text.find('}', i);
    if (close == std::string::npos) break;
    names.push_back(text.substr(i + 1, close - i - 1));
    i = close;
  }
  return names;
}

std::string fill_template(const std::string& text, const ValueSource& values) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    const std::size_t close = text[i] == '{' ? text.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      out += text[i];
      continue;
    }
    const std::optional<Value> value = values.get(text.substr(i + 1, close - i - 1));
    out += !value ? "?" : value->text ? *value->text : format_value(value->number);
    i = close;
  }
  return out;
}

// The premises that fail, described ("count.fail_node = 2 (assumed == 1)").
std::vector<std::string> failed_premises(const Caption& caption, const ValueSource& values) {
  std::vector<std::string> failed;
  for (const Expectation& premise : caption.when) {
    const std::optional<Value> value = values.get(premise.metric);
    const double actual = value ? value->number : 0;
    if (value && !value->text && premise.holds(actual)) continue;
    failed.push_back(premise.metric + " = " + (value ? format_value(actual) : "?") + " (assumed " +
                     premise.describe_bound() + ")");
  }
  return failed;
}

}  // namespace

const std::vector<std::string>& narration_event_names() {
  static const std::vector<std::string> names = {
      "join",          "remove_node",  "fail_node",      "declared_dead",    "slow_node",
      "partition",     "set_rate",     "hot_key",        "autoscale_out",    "autoscale_in",
      "migration_done", "fully_replicated"};
  return names;
}

std::vector<Caption> read_narration(const ArrayReader& array, double duration_s) {
  if (array.size() > kCaptionsMax) {
    throw ConfigError(array.file(), array.pointer(),
                      "at most " + std::to_string(kCaptionsMax) + " captions, got " + std::to_string(array.size()));
  }
  std::vector<Caption> captions;
  for (std::size_t index = 0; index < array.size(); ++index) {
    ObjectReader reader = array.object_at(index);
    Caption caption;
    const bool timed = reader.has("at_s");
    const bool on_event = reader.has("on");
    if (timed == on_event) reader.fail("at_s", "a caption needs exactly one of \"at_s\" (seconds) or \"on\" (an event)");
    if (timed) {
      caption.at_ns = seconds_to_ns(reader.required_number("at_s", NumberRange::at_least(0, duration_s)));
    } else {
      caption.on = reader.required_choice("on", narration_event_names());
      caption.nth = static_cast<std::uint32_t>(reader.optional_integer("nth", 1, 1'000'000, 1));
    }
    caption.text = reader.required_string("text");
    if (caption.text.empty() || caption.text.size() > kCaptionBytesMax) {
      reader.fail("text", "expected 1 to " + std::to_string(kCaptionBytesMax) + " bytes of text");
    }
    if (std::optional<ArrayReader> when = reader.optional_array("when")) caption.when = read_expectations(*when);
    caption.skip_otherwise = reader.optional_choice("otherwise", {"mark", "skip"}, "mark") == "skip";
    caption.slow_motion = reader.maybe_number("slow_motion", NumberRange::positive(1000));
    if (std::optional<double> lasts_s = reader.maybe_number("slow_motion_s", NumberRange::positive(duration_s))) {
      caption.slow_motion_ns = seconds_to_ns(*lasts_s);
    }
    reader.finish();
    captions.push_back(std::move(caption));
  }
  return captions;
}

void check_narration_names(const std::vector<Caption>& captions, const std::vector<std::string>& counter_names,
                           const std::string& file) {
  for (std::size_t index = 0; index < captions.size(); ++index) {
    const Caption& caption = captions[index];
    const std::string pointer = "/narration/" + std::to_string(index);
    for (const std::string& name : template_names(caption.text)) {
      if (!known_value_name(name, counter_names, !caption.on.empty())) {
        throw ConfigError(file, pointer + "/text",
                          "\"{" + name + "}\" names no value of this run" +
                              (caption.on.empty() ? " (a time caption has no event values)" : ""));
      }
    }
    for (const Expectation& premise : caption.when) {
      if (!known_value_name(premise.metric, counter_names, !caption.on.empty())) {
        throw ConfigError(file, premise.pointer + "/metric", "\"" + premise.metric + "\" names no value of this run");
      }
    }
  }
}

std::vector<std::optional<TimeNs>> caption_times(const std::vector<Caption>& captions, const ClusterView* model,
                                                 TimeNs now_ns) {
  std::vector<std::optional<TimeNs>> times;
  times.reserve(captions.size());
  for (const Caption& caption : captions) {
    if (caption.at_ns) {
      times.push_back(*caption.at_ns <= now_ns ? caption.at_ns : std::nullopt);
      continue;
    }
    std::optional<TimeNs> fired;
    if (model != nullptr) {
      const std::vector<Occurrence> seen = occurrences(caption.on, *model, now_ns);
      if (seen.size() >= caption.nth) fired = seen[caption.nth - 1].at_ns;
    }
    times.push_back(fired);
  }
  return times;
}

std::vector<std::optional<ShownCaption>> fired_captions(const std::vector<Caption>& captions,
                                                       const ClusterView* model, const Metrics* metrics,
                                                       TimeNs now_ns) {
  std::vector<std::optional<ShownCaption>> fired(captions.size());
  for (std::size_t index = 0; index < captions.size(); ++index) {
    const Caption& caption = captions[index];
    TimeNs fired_ns = 0;
    const ChangeRecord* change = nullptr;
    if (caption.at_ns) {
      if (*caption.at_ns > now_ns) continue;
      fired_ns = *caption.at_ns;
    } else {
      if (model == nullptr) continue;
      const std::vector<Occurrence> seen = occurrences(caption.on, *model, now_ns);
      if (seen.size() < caption.nth) continue;
      fired_ns = seen[caption.nth - 1].at_ns;
      change = &model->changes()[seen[caption.nth - 1].change];
    }
    const ValueSource values(model, metrics, now_ns, change);
    std::vector<std::string> failed = failed_premises(caption, values);
    if (!failed.empty() && caption.skip_otherwise) continue;
    ShownCaption shown{index, fired_ns, fill_template(caption.text, values), std::move(failed), std::nullopt};
    // Its moment lasts while the change that fired it still streams, or for slow_motion_s.
    const bool streaming = change != nullptr && change->completed_ns < 0 && change->transfers_open > 0;
    const bool lasts = streaming || now_ns < fired_ns + caption.slow_motion_ns;
    if (lasts) shown.slow_motion = caption.slow_motion;
    fired[index] = std::move(shown);
  }
  return fired;
}

std::optional<ShownCaption> shown_caption(const std::vector<Caption>& captions, const ClusterView* model,
                                          const Metrics* metrics, TimeNs now_ns) {
  std::optional<ShownCaption> shown;
  for (std::optional<ShownCaption>& fired : fired_captions(captions, model, metrics, now_ns)) {
    if (fired && (!shown || fired->fired_ns >= shown->fired_ns)) shown = std::move(fired);
  }
  return shown;
}

std::optional<std::size_t> active_caption(const std::vector<Caption>& captions, const ClusterView* model,
                                          TimeNs now_ns) {
  const std::optional<ShownCaption> shown = shown_caption(captions, model, nullptr, now_ns);
  if (!shown) return std::nullopt;
  return shown->index;
}

}  // namespace ringsim
