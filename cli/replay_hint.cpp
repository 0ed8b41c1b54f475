#include "cli/replay_hint.h"

#include <vector>

#include "cli/invoked_as.h"
#include "cli/scenario_diff.h"
#include "cli/sweep_plan.h"

namespace ringsim {
namespace {

// A value as --set reads it back: a string that would parse as other JSON ("8", "true")
// keeps its quotes, any other string goes bare; everything else is compact JSON.
std::string set_value_text(const nlohmann::json& value) {
  if (!value.is_string()) return value.dump();
  const std::string& text = value.get_ref<const std::string&>();
  const bool parses = !nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false).is_discarded();
  return parses || text.empty() ? value.dump() : text;
}

}  // namespace

std::string replay_details_hint(const std::string& golden_path, const std::string& scenario_path,
                                const nlohmann::json& recorded, const nlohmann::json& current,
                                const std::vector<std::string>& tolerance_texts) {
  // The keys a golden ignores (cli/scenario_diff.h) are not carried either.
  const nlohmann::json a = run_relevant_document(recorded);
  const nlohmann::json b = run_relevant_document(current);
  std::vector<std::string> sets;
  std::vector<std::string> removed;
  for (const ScenarioEdit& edit : scenario_edits(a, b)) {
    if (edit.op == "remove" || edit.path.empty()) {
      removed.push_back(edit.path.empty() ? "/" : edit.path);
    } else {
      // An appended element keeps diff's ".../-": --set appends it the same way.
      sets.push_back(edit.path + "=" + set_value_text(b.at(edit.resolved)));
    }
  }
  std::string replay = invoked_command("replay") + " " + shell_quote(golden_path);
  for (const std::string& text : tolerance_texts) replay += " --tolerance " + shell_quote(text);
  if (removed.empty() && sets.size() <= kReplayHintSetsMax) {
    std::string line = replay;
    for (const std::string& set : sets) line += " --set " + shell_quote(set);
    return line;
  }
  std::string why = !removed.empty() ? "removes " + removed.front() + (removed.size() > 1 ? " (+" + std::to_string(removed.size() - 1) + " more)" : "")
                                     : "changes " + std::to_string(sets.size()) + " keys";
  return replay + " replays the golden's own scenario, and this edit " + why +
         ", which --set cannot carry; see what it does with: " + invoked_command("run") + " " + shell_quote(scenario_path) + " --report run.html";
}

}  // namespace ringsim
