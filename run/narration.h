// Narration: captions a scenario shows while it runs, for teaching demos (scenario key
// "narration"). Each caption is tied to a virtual time or to the n-th occurrence of a
// cluster event:
//   {"at_s": 10, "text": "Node 3 is about to crash."}
//   {"on": "declared_dead", "text": "The detector gave up on node {node} ...", "nth": 1}
// Events ("on"): the cluster's change records (models/cluster/cluster_model.h) by action —
// join, remove_node, fail_node, declared_dead, slow_node, partition, set_rate, hot_key,
// autoscale_out, autoscale_in — and migration_done (a change's transfers all ended, keys
// moved) and fully_replicated (no key under-replicated again after a change).
// A caption is active from its trigger time until the next caption's; an "on" caption whose
// event never happens is never shown. Captions hold at most kCaptionBytesMax bytes of text,
// a scenario at most kCaptionsMax captions.
//
// Captions follow the run, not the script (a fault injected from the GUI, a --set variant):
// - Templates: "{name}" in the text is replaced by a value of this run (narration_value_names):
//   the change that fired an "on" caption ({node}, {keys_moved}, {keys_moved_ideal},
//   {moved_over_ideal}, {share_pct}, {members_before}, {members_after}, {at_s},
//   {duration_ms}), and for any caption {members} (current), {keys}, {lost_keys}, {under_replicated} (now), {count.EVENT}
//   (occurrences so far) and any live counter of the run by name. "{{" is a literal "{".
// - Premises: "when": [{"metric": NAME, "lt"/"le"/"gt"/"ge"/"eq"/"between": ...}] states what
//   the caption assumes, evaluated on the same values at the current time. When one fails,
//   "otherwise" decides: "mark" (default) shows the caption flagged with the failed premise,
//   "skip" treats it as never fired (a tour writes one caption per variant this way).
// - "slow_motion": a playback-speed cap (virtual seconds per wall second, > 0) the GUI
//   applies while the caption is active and the change that fired it still has transfers
//   open, and for "slow_motion_s" virtual seconds after it fires (a detection, a burst).
// Determinism: values come from the run's state only; no wall clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/expectation.h"
#include "sim/json_reader.h"
#include "sim/metrics.h"
#include "sim/time.h"

namespace ringsim {

class ClusterView;

inline constexpr std::size_t kCaptionsMax = 1000;
inline constexpr std::size_t kCaptionBytesMax = 2000;

struct Caption {
  std::optional<TimeNs> at_ns;  // a time caption, or
  std::string on;               // an event caption: the event's name
  std::uint32_t nth = 1;        // ... at its nth occurrence (1 = first)
  std::string text;
  std::vector<Expectation> when;  // premises (their "metric" is a narration value name)
  bool skip_otherwise = false;    // "otherwise": "skip" (else "mark")
  std::optional<double> slow_motion;  // speed cap while its moment lasts
  TimeNs slow_motion_ns = 0;          // how long that moment lasts at least
};

// The event names "on" accepts.
const std::vector<std::string>& narration_event_names();

// Reads the "narration" array. duration_s bounds at_s. Throws ConfigError.
std::vector<Caption> read_narration(const ArrayReader& array, double duration_s);

// Throws ConfigError (file, the caption's pointer) when a template or premise names a value
// the run does not have; `counter_names` are the run's live counters.
void check_narration_names(const std::vector<Caption>& captions, const std::vector<std::string>& counter_names,
                           const std::string& file);

// When each caption fires in a run so far (nullopt: not yet, or never). `model` is null
// for a station scenario, where only time captions fire. Ignores premises.
std::vector<std::optional<TimeNs>> caption_times(const std::vector<Caption>& captions, const ClusterView* model,
                                                 TimeNs now_ns);

// What the narration shows at now_ns.
struct ShownCaption {
  std::size_t index = 0;            // into the captions
  TimeNs fired_ns = 0;
  std::string text;                 // templates filled in
  std::vector<std::string> failed;  // premises that do not hold, e.g. "count.fail_node = 2 (assumed = 1)"
  std::optional<double> slow_motion;  // speed cap in force now (its moment still lasts)
};

// Every caption as fired by now_ns (nullopt: not yet, never, or skipped by its premises).
std::vector<std::optional<ShownCaption>> fired_captions(const std::vector<Caption>& captions,
                                                       const ClusterView* model, const Metrics* metrics,
                                                       TimeNs now_ns);

// The caption to show at now_ns: of those fired and not skipped, the one that fired last
// (ties: the later in the list), or nullopt before the first. `metrics` may be null.
std::optional<ShownCaption> shown_caption(const std::vector<Caption>& captions, const ClusterView* model,
                                          const Metrics* metrics, TimeNs now_ns);

// Index of shown_caption's caption (nullopt before the first).
std::optional<std::size_t> active_caption(const std::vector<Caption>& captions, const ClusterView* model,
                                          TimeNs now_ns);

}  // namespace ringsim
