// Finds a metrics time series by name ("get.p99_ms", "node.3.utilization"). Names never
// change once registered, so the name index is rebuilt only when the run is rebuilt or
// new series appear (a node joined); the values are always read from the run.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/metrics.h"

namespace ringsim::viz {

class SeriesLookup {
 public:
  // nullptr when the run has no such series.
  const std::vector<TimePoint>* find(const Metrics& metrics, std::uint64_t generation, const std::string& name);
  // The latest closed window's value, or `fallback` when none closed yet or it has no
  // value (kNoValue: a down node's utilization, a window without samples).
  double last_value(const Metrics& metrics, std::uint64_t generation, const std::string& name, double fallback);

 private:
  std::uint64_t generation_ = 0;
  std::size_t indexed_ = 0;
  std::map<std::string, SeriesId> index_;
};

}  // namespace ringsim::viz
