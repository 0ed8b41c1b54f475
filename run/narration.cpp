#include "run/narration.h"

#include <algorithm>

#include "models/cluster/cluster_model.h"

namespace ringsim {
namespace {

// Change actions carry details after the name ("autoscale_out +3 (utilization ...)",
// "slow_node x5"); skipped actions say so ("fail_node (skipped: ...)") and never match.
std::string change_event_name(const ChangeRecord& change) {
  if (change.action.find("(skipped") != std::string::npos) return "";
  return change.action.substr(0, change.action.find(' '));
}

// Times of every occurrence of `event` so far, in time order.
std::vector<TimeNs> occurrences(const std::string& event, const ClusterModel& model, TimeNs now_ns) {
  std::vector<TimeNs> times;
  for (const ChangeRecord& change : model.changes()) {
    TimeNs at_ns = -1;
    if (event == "migration_done") {
      if (change.keys_moved > 0) at_ns = change.completed_ns;
    } else if (event == "fully_replicated") {
      at_ns = change.fully_replicated_ns;
    } else if (change_event_name(change) == event) {
      at_ns = change.at_ns;
    }
    if (at_ns >= 0 && at_ns <= now_ns) times.push_back(at_ns);
  }
  std::sort(times.begin(), times.end());
  return times;
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
    reader.finish();
    captions.push_back(std::move(caption));
  }
  return captions;
}

std::vector<std::optional<TimeNs>> caption_times(const std::vector<Caption>& captions, const ClusterModel* model,
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
      const std::vector<TimeNs> seen = occurrences(caption.on, *model, now_ns);
      if (seen.size() >= caption.nth) fired = seen[caption.nth - 1];
    }
    times.push_back(fired);
  }
  return times;
}

std::optional<std::size_t> active_caption(const std::vector<Caption>& captions, const ClusterModel* model,
                                          TimeNs now_ns) {
  const std::vector<std::optional<TimeNs>> times = caption_times(captions, model, now_ns);
  std::optional<std::size_t> active;
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (!times[i]) continue;
    if (!active || *times[i] >= *times[*active]) active = i;
  }
  return active;
}

}  // namespace ringsim
