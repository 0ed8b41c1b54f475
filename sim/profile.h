// Where a run's wall time goes, without the core ever reading a clock: a front end that
// wants the breakdown (cli: summary.json "wall_breakdown_s", `ringsim run --profile`) passes a
// WallProfiler whose clock it owns; the core only brackets its costly phases with
// ProfileScope. Nothing measured flows back into the simulation, its events or its trace
// hash; with no profiler (the default, the GUI, tests) a scope is one null check.
#pragma once

#include <cstddef>

namespace ringsim {

enum class ProfilePhase : std::size_t {
  kIndexBuild = 0,  // Building the initial HNSW indexes.
  kSearch = 1,      // HNSW shard searches.
  kRecall = 2,      // Brute-force ground truth for sampled searches (recall_sample_rate).
  kCount = 3,
};

class WallProfiler {
 public:
  virtual ~WallProfiler() = default;
  virtual void begin(ProfilePhase phase) = 0;
  virtual void end(ProfilePhase phase) = 0;
};

class ProfileScope {
 public:
  ProfileScope(WallProfiler* profiler, ProfilePhase phase) : profiler_(profiler), phase_(phase) {
    if (profiler_ != nullptr) profiler_->begin(phase_);
  }
  ~ProfileScope() {
    if (profiler_ != nullptr) profiler_->end(phase_);
  }
  ProfileScope(const ProfileScope&) = delete;
  ProfileScope& operator=(const ProfileScope&) = delete;

 private:
  WallProfiler* profiler_;
  ProfilePhase phase_;
};

}  // namespace ringsim
