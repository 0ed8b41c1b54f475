#include "cli/wall_profile.h"

#include <algorithm>
#include <cstdio>

namespace ringsim {

double WallBreakdown::engine_and_rest_s() const { return std::max(0.0, run_s - search_s - recall_s); }

WallBreakdown wall_breakdown(const ChronoProfiler& profiler, double setup_s, double run_s) {
  WallBreakdown breakdown;
  breakdown.setup_s = setup_s;
  breakdown.run_s = run_s;
  breakdown.index_build_s = profiler.seconds(ProfilePhase::kIndexBuild);
  breakdown.search_s = profiler.seconds(ProfilePhase::kSearch);
  breakdown.recall_s = profiler.seconds(ProfilePhase::kRecall);
  return breakdown;
}

nlohmann::ordered_json wall_breakdown_json(const WallBreakdown& breakdown) {
  return {{"setup", breakdown.setup_s},         {"index_build", breakdown.index_build_s},
          {"run", breakdown.run_s},             {"search", breakdown.search_s},
          {"recall_check", breakdown.recall_s}, {"engine_and_rest", breakdown.engine_and_rest_s()}};
}

void print_wall_breakdown(std::ostream& out, const WallBreakdown& breakdown) {
  const auto share = [&](double seconds) {
    char text[64];
    std::snprintf(text, sizeof text, "%.2f s (%.0f %%)", seconds, breakdown.run_s > 0 ? 100 * seconds / breakdown.run_s : 0.0);
    return std::string(text);
  };
  char head[128];
  std::snprintf(head, sizeof head, "wall: setup %.2f s (index build %.2f s); run %.2f s = ", breakdown.setup_s,
                breakdown.index_build_s, breakdown.run_s);
  out << head << "searches " << share(breakdown.search_s) << ", recall checks " << share(breakdown.recall_s)
      << ", engine and the rest " << share(breakdown.engine_and_rest_s()) << "\n";
}

}  // namespace ringsim
