#include "cli/check_golden.h"

#include <filesystem>

#include "cli/invoked_as.h"
#include "cli/golden_consistency.h"
#include "cli/golden_report.h"
#include "cli/golden_tolerances.h"
#include "cli/replay_hint.h"
#include "sim/config_error.h"

namespace ringsim {

// "ringsim record X --golden G" with this check's --set/--seed, so the re-recorded golden
// matches what check runs; the shipped goldens also have ./dev.sh goldens. No --tolerance:
// check's gate comes from the scenario file and its own --tolerance, never from a golden
// (cli/golden_tolerances.h), so a tolerance repeated into the golden would only be reported.
std::string record_command(const std::string& source_path, const std::string& golden_path, const CheckOptions& options) {
  std::string command = invoked_command("record") + " " + source_path + " --golden " + golden_path;
  for (const std::string& text : options.set_texts) command += " --set " + text;
  if (options.seed) command += " --seed " + std::to_string(*options.seed);
  const std::filesystem::path golden(golden_path);
  const bool shipped = golden.parent_path().filename() == "golden" &&
                       golden.parent_path().parent_path().filename() == "scenarios" &&
                       std::filesystem::exists(golden.parent_path().parent_path().parent_path() / "dev.sh") &&
                       options.set_texts.empty() && !options.seed;
  if (shipped) command += "   (or ./dev.sh goldens: every shipped golden)";
  return command;
}

// "/index/ef_search: 24 -> 10" or "/index/ef_search: 24 -> 10 (+3 more)": a headline names
// the first changed key and how many others changed.
namespace {

std::string first_change_text(const std::vector<std::string>& changed) {
  if (changed.empty()) return "";
  return changed.front() + (changed.size() > 1 ? " (+" + std::to_string(changed.size() - 1) + " more)" : "");
}

}  // namespace

void compare_with_golden(CheckedScenario& checked, const Golden& actual, const CheckContext& context) {
  const Golden& expected = *checked.expected;
  const std::string record = record_command(checked.source_path, checked.golden_path, context.options);
  // An edited golden is bad input (exit 2), not a behaviour change to explain.
  if (const std::optional<GoldenInconsistency> found = inconsistency_against_run(expected, actual)) {
    checked.golden_matched = false;
    checked.input_error = ConfigError(checked.golden_path, found->pointer, inconsistent_golden_message(found->what, record)).what();
    checked.golden_headline = checked.input_error;
    return;
  }
  const std::vector<std::string> changed = scenario_differences(expected.scenario_document, checked.scenario.document, 50);
  // The scenario file's current tolerances and --tolerance gate, the golden's recorded ones
  // never (editing the scenario's does not stale the golden).
  const ToleranceChoice choice =
      choose_tolerances(expected, &checked.scenario.tolerances, context.tolerances, context.options.exact);
  const std::vector<MetricTolerance>& tolerances = choice.used;
  std::string changed_text;
  if (!changed.empty()) {
    changed_text = "the scenario changed since the golden was recorded; keys that differ (golden -> now):\n";
    for (const std::string& line : changed) changed_text += "  " + line + "\n";
  }
  // A bare replay re-runs the golden's own scenario: the hint carries this run's edit.
  const std::string details =
      "details: " + replay_details_hint(checked.golden_path, checked.source_path, expected.scenario_document,
                                        checked.scenario.document, context.options.tolerance_texts) + "\n";
  GoldenComparison comparison = compare_goldens(expected, actual, tolerances);
  comparison.unused_tolerances = choice.unused;
  comparison.unused_tolerances_reason = choice.unused_reason;
  // Exact mode: a golden only means something for the scenario it recorded, so an edit
  // fails; what the edit did is still shown (the run has happened). With tolerances an
  // edited scenario is judged by them (the event stream is reported, not gated).
  const bool edit_fails = !changed.empty() && tolerances.empty();
  checked.golden_matched = comparison.matched && !edit_fails;
  checked.golden_within_tolerance = *checked.golden_matched && comparison.mode != GoldenComparison::Mode::kExact;
  if (*checked.golden_matched && comparison.mode == GoldenComparison::Mode::kExact) {
    // An exact match; the golden's recorded tolerances that did not gate are still said.
    if (!choice.unused.empty()) checked.golden_message = unused_tolerances_text(comparison) + "\n";
    return;
  }
  GoldenReport report = report_golden_comparison(expected, checked.scenario, comparison, context.options.moved_shown);
  if (edit_fails) {
    checked.golden_headline = "the scenario changed since the golden was recorded (" + first_change_text(changed) + ")" +
                              (comparison.matched ? "; the run still matches" : "; " + report.headline);
    // With nothing under it (the edited run matches), no header.
    const std::string what_it_did = report.text.empty() ? "" : "what the edit did (compared exactly with the golden):\n" + report.text;
    checked.golden_message = changed_text + what_it_did + details +
                             "if the change is intended, re-record: " + record + "\n" +
                             "(or judge the edit by tolerances: --tolerance METRIC=LIMIT, docs/ci.md)\n";
    return;
  }
  // A pass within tolerance says in one line what moved (shown under -q too).
  const std::string headline = comparison.matched ? within_tolerance_summary(comparison) : report.headline;
  checked.golden_headline = (changed.empty() ? std::string() : "scenario edited (" + first_change_text(changed) + "); ") + headline;
  if (!comparison.matched) report.text += details + "if intended, re-record: " + record + "\n";
  checked.golden_message = changed_text + report.text;
}

}  // namespace ringsim
