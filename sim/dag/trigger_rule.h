// Airflow 2.x trigger rules: whether a task runs once its direct upstreams end, and the
// upstream_failed state. Source: apache/airflow airflow/utils/trigger_rule.py (the names) and
// airflow/ti_deps/deps/trigger_rule_dep.py (the evaluation, with flag_upstream_failed as the
// scheduler calls it). Counts are over the task's direct upstreams:
//
//   rule                         becomes skipped / upstream_failed        runs when
//   all_success (default)        upstream_failed if any failed or         every upstream succeeded
//                                upstream_failed, else skipped if any skipped
//   all_failed                   skipped if any succeeded or skipped      every upstream failed or upstream_failed
//   all_done                     -                                        every upstream ended
//   one_success                  all ended: skipped if all skipped,       one upstream succeeded (at once)
//                                else upstream_failed if none succeeded
//   one_failed                   all ended and none failed: skipped        one upstream failed or upstream_failed
//   none_failed                  upstream_failed if any failed / u_f      every upstream succeeded or skipped
//   none_failed_min_one_success  as none_failed; skipped if all skipped   every upstream succeeded or skipped
//   none_skipped                 skipped if any skipped                   every upstream ended, none skipped
//   always                       -                                        at once ("dependencies are just for show")
// A task without upstreams runs at once whatever its rule (trigger_rule_dep: "no upstream").
// The states a decision depends on are terminal, so once decided a task stays decided.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ringsim {

enum class TriggerRule : std::uint8_t {
  kAllSuccess,
  kAllFailed,
  kAllDone,
  kOneSuccess,
  kOneFailed,
  kNoneFailed,
  kNoneFailedMinOneSuccess,
  kNoneSkipped,
  kAlways,
};

// "all_success", ...; nullopt for an unknown name.
std::optional<TriggerRule> trigger_rule_from_name(std::string_view name);
const char* trigger_rule_name(TriggerRule rule);
// Every name, comma-separated, for error messages.
std::string trigger_rule_names();

struct UpstreamCounts {
  std::uint32_t total = 0;
  std::uint32_t success = 0;
  std::uint32_t failed = 0;
  std::uint32_t upstream_failed = 0;
  std::uint32_t skipped = 0;
  std::uint32_t done() const { return success + failed + upstream_failed + skipped; }
};

enum class TriggerDecision : std::uint8_t { kWait, kRun, kSkip, kUpstreamFailed };

TriggerDecision evaluate_trigger_rule(TriggerRule rule, const UpstreamCounts& counts);

}  // namespace ringsim
