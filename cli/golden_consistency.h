// Whether a golden agrees with itself: a golden edited by hand (one character of a window
// hash, a count) or cut short used to read as "the code changed", with nothing to act on.
// A window hash folds the window's events in order and cannot be recomputed from the
// golden alone, so two kinds of check are made:
//
// - from the golden alone (check_golden_consistency, before anything runs): every hash is
//   hex of its width (16 digits per window, 8 per kind); window i starts at
//   t_s = i * window_s; a window's events equal the sum of its kinds' counts, each count
//   >= 1; each kind's first event lies in its window [i * window, (i + 1) * window) (the
//   last window also holds an event at the end time); the summary's events equal the
//   windows' total;
// - against a run (inconsistency_against_run): a run with the golden's trace hash and
//   event count executed the golden's exact event stream (the 64-bit trace hash covers
//   every event with its arguments, in order), and window digests are a function of that
//   stream, so every window must then match; the first that does not was edited.
//
// Both name the golden file and the JSON pointer of the value at fault; a caller exits 2
// (bad input), as for any other bad golden.
#pragma once

#include <optional>
#include <string>

#include "cli/golden.h"
#include "run/scenario.h"

namespace ringsim {

// "the golden is inconsistent (edited by hand or corrupted): WHAT; re-record it with: RECORD"
std::string inconsistent_golden_message(const std::string& what, const std::string& record_command);

// `recorded`: the golden's own scenario, parsed (scenario_of(golden, {})). Throws
// ConfigError(golden.path, "/windows/3/events", inconsistent_golden_message(...)).
void check_golden_consistency(const Golden& golden, const Scenario& recorded, const std::string& record_command);

struct GoldenInconsistency {
  std::string pointer;  // "/windows/1/hash"
  std::string what;     // "window #1's hash b222fa8a2ce2339c ..."
};
// nullopt unless `actual` ran the golden's exact event stream and a window still differs.
std::optional<GoldenInconsistency> inconsistency_against_run(const Golden& expected, const Golden& actual);

// "ringsim record FILE --golden PATH" with the golden's own tolerances: the advice when
// nothing else (check's --set) is known.
std::string plain_record_command(const Golden& golden);

}  // namespace ringsim
