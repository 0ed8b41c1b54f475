// Narration: captions a scenario shows while it runs, for teaching demos (scenario key
// "narration"). Each caption is tied to a virtual time or to the n-th occurrence of a
// cluster event:
//   {"at_s": 10, "text": "Node 3 is about to crash."}
//   {"on": "declared_dead", "text": "The detector gave up on node 3 ...", "nth": 1}
// Events ("on"): the cluster's change records (models/cluster/cluster_model.h) by action —
// join, remove_node, fail_node, declared_dead, slow_node, partition, set_rate, hot_key,
// autoscale_out, autoscale_in — and migration_done (a change's transfers all ended, keys
// moved) and fully_replicated (no key under-replicated again after a change).
// A caption is active from its trigger time until the next caption's; an "on" caption whose
// event never happens is never shown. Captions hold at most kCaptionBytesMax bytes of text,
// a scenario at most kCaptionsMax captions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/json_reader.h"
#include "sim/time.h"

namespace ringsim {

class ClusterModel;

inline constexpr std::size_t kCaptionsMax = 1000;
inline constexpr std::size_t kCaptionBytesMax = 2000;

struct Caption {
  std::optional<TimeNs> at_ns;  // a time caption, or
  std::string on;               // an event caption: the event's name
  std::uint32_t nth = 1;        // ... at its nth occurrence (1 = first)
  std::string text;
};

// The event names "on" accepts.
const std::vector<std::string>& narration_event_names();

// Reads the "narration" array. duration_s bounds at_s. Throws ConfigError.
std::vector<Caption> read_narration(const ArrayReader& array, double duration_s);

// When each caption fires in a run so far (nullopt: not yet, or never). `model` is null
// for a station scenario, where only time captions fire.
std::vector<std::optional<TimeNs>> caption_times(const std::vector<Caption>& captions, const ClusterModel* model,
                                                 TimeNs now_ns);

// The caption to show at now_ns: the one that fired last (ties: the later in the list),
// or nullopt before the first.
std::optional<std::size_t> active_caption(const std::vector<Caption>& captions, const ClusterModel* model,
                                          TimeNs now_ns);

}  // namespace ringsim
