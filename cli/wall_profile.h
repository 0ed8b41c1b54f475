// The wall-time breakdown of `ringsim run` (summary.json "wall_breakdown_s", the console's
// "wall:" line; docs/outputs.md): the front end's clock behind the core's ProfileScope
// brackets (sim/profile.h). Seconds of this machine; never part of the simulation, its
// trace hash or its goldens.
#pragma once

#include <array>
#include <chrono>
#include <ostream>

#include <nlohmann/json.hpp>

#include "sim/profile.h"

namespace ringsim {

class ChronoProfiler final : public WallProfiler {
 public:
  void begin(ProfilePhase phase) override { started_[index(phase)] = Clock::now(); }
  void end(ProfilePhase phase) override {
    seconds_[index(phase)] += std::chrono::duration<double>(Clock::now() - started_[index(phase)]).count();
  }
  double seconds(ProfilePhase phase) const { return seconds_[index(phase)]; }

 private:
  using Clock = std::chrono::steady_clock;
  static std::size_t index(ProfilePhase phase) { return static_cast<std::size_t>(phase); }
  std::array<Clock::time_point, static_cast<std::size_t>(ProfilePhase::kCount)> started_{};
  std::array<double, static_cast<std::size_t>(ProfilePhase::kCount)> seconds_{};
};

struct WallBreakdown {
  double setup_s = 0;  // Building the model (the initial HNSW indexes among it).
  double run_s = 0;    // Advancing virtual time (wall_time_s).
  double index_build_s = 0;
  double search_s = 0;
  double recall_s = 0;
  // run_s minus searches and recall checks: the engine, the model's other work, outputs
  // observed during the run.
  double engine_and_rest_s() const;
};

WallBreakdown wall_breakdown(const ChronoProfiler& profiler, double setup_s, double run_s);
nlohmann::ordered_json wall_breakdown_json(const WallBreakdown& breakdown);
// "wall: setup 2.10 s (index build 2.05 s); run 5.30 s = searches 3.00 s (57 %), ..."
void print_wall_breakdown(std::ostream& out, const WallBreakdown& breakdown);

}  // namespace ringsim
