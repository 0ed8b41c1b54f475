#include "sim/dag/trigger_rule.h"

#include <array>
#include <utility>

namespace ringsim {

namespace {

constexpr std::array<std::pair<TriggerRule, const char*>, 9> kNames = {{
    {TriggerRule::kAllSuccess, "all_success"},
    {TriggerRule::kAllFailed, "all_failed"},
    {TriggerRule::kAllDone, "all_done"},
    {TriggerRule::kOneSuccess, "one_success"},
    {TriggerRule::kOneFailed, "one_failed"},
    {TriggerRule::kNoneFailed, "none_failed"},
    {TriggerRule::kNoneFailedMinOneSuccess, "none_failed_min_one_success"},
    {TriggerRule::kNoneSkipped, "none_skipped"},
    {TriggerRule::kAlways, "always"},
}};

// The state change trigger_rule_dep makes with flag_upstream_failed, if any.
TriggerDecision terminal_decision(TriggerRule rule, const UpstreamCounts& c) {
  const bool all_done = c.done() == c.total;
  const bool any_failed = c.failed > 0 || c.upstream_failed > 0;
  switch (rule) {
    case TriggerRule::kAllSuccess:
      if (any_failed) return TriggerDecision::kUpstreamFailed;
      if (c.skipped > 0) return TriggerDecision::kSkip;
      break;
    case TriggerRule::kAllFailed:
      if (c.success > 0 || c.skipped > 0) return TriggerDecision::kSkip;
      break;
    case TriggerRule::kOneSuccess:
      if (all_done && c.done() == c.skipped) return TriggerDecision::kSkip;
      if (all_done && c.success == 0) return TriggerDecision::kUpstreamFailed;
      break;
    case TriggerRule::kOneFailed:
      if (all_done && !any_failed) return TriggerDecision::kSkip;
      break;
    case TriggerRule::kNoneFailed:
      if (any_failed) return TriggerDecision::kUpstreamFailed;
      break;
    case TriggerRule::kNoneFailedMinOneSuccess:
      if (any_failed) return TriggerDecision::kUpstreamFailed;
      if (c.skipped == c.total) return TriggerDecision::kSkip;
      break;
    case TriggerRule::kNoneSkipped:
      if (c.skipped > 0) return TriggerDecision::kSkip;
      break;
    case TriggerRule::kAllDone:
    case TriggerRule::kAlways:
      break;
  }
  return TriggerDecision::kWait;
}

bool passes(TriggerRule rule, const UpstreamCounts& c) {
  switch (rule) {
    case TriggerRule::kAllSuccess:
      return c.success == c.total;
    case TriggerRule::kAllFailed:
      return c.failed + c.upstream_failed == c.total;
    case TriggerRule::kAllDone:
      return c.done() == c.total;
    case TriggerRule::kOneSuccess:
      return c.success > 0;
    case TriggerRule::kOneFailed:
      return c.failed > 0 || c.upstream_failed > 0;
    case TriggerRule::kNoneFailed:
    case TriggerRule::kNoneFailedMinOneSuccess:
      return c.success + c.skipped == c.total;
    case TriggerRule::kNoneSkipped:
      return c.done() == c.total && c.skipped == 0;
    case TriggerRule::kAlways:
      return true;
  }
  return false;
}

}  // namespace

std::optional<TriggerRule> trigger_rule_from_name(std::string_view name) {
  for (const auto& [rule, text] : kNames) {
    if (name == text) return rule;
  }
  return std::nullopt;
}

const char* trigger_rule_name(TriggerRule rule) {
  for (const auto& [candidate, text] : kNames) {
    if (candidate == rule) return text;
  }
  return "?";
}

std::string trigger_rule_names() {
  std::string names;
  for (const auto& [rule, text] : kNames) names += std::string(names.empty() ? "" : ", ") + text;
  return names;
}

TriggerDecision evaluate_trigger_rule(TriggerRule rule, const UpstreamCounts& counts) {
  if (counts.total == 0 || rule == TriggerRule::kAlways) return TriggerDecision::kRun;
  const TriggerDecision terminal = terminal_decision(rule, counts);
  if (terminal != TriggerDecision::kWait) return terminal;
  return passes(rule, counts) ? TriggerDecision::kRun : TriggerDecision::kWait;
}

}  // namespace ringsim
