// Turns counted work into virtual time. A search or insert on a shard costs
//   overhead_ns + distance_computations x ns_per_distance(dim)
// where ns_per_distance comes from an explicit calibration table (below), never from the
// wall clock of the running simulation, so virtual times are identical on every machine.
//
// The table was measured with `build/bin/ringsim calibrate` (see docs/vectors.md), which
// times hnswlib's distance function through a real search on this kind of machine and
// prints a fresh table in this format. Between rows the cost is interpolated linearly in
// the dimension; beyond the last row it grows proportionally.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/time.h"

namespace ringsim {

struct DistanceCostRow {
  std::uint32_t dim;
  double ns_per_distance;
};

// Measured on the 2-core CI machine kind (AMD EPYC, g++ 12 -O3, SSE code path) with
// `ringsim calibrate --vectors 10000 --searches 3000`, mean of two runs on 2026-11-24. A
// counted distance's cost includes the graph walk around it and the counting wrapper.
const std::vector<DistanceCostRow>& default_distance_costs();

struct CostModel {
  std::vector<DistanceCostRow> distance_costs = default_distance_costs();
  TimeNs search_overhead_ns = 20 * kNsPerUs;  // request parsing, result serialisation
  TimeNs insert_overhead_ns = 10 * kNsPerUs;

  double ns_per_distance(std::uint32_t dim) const;
  TimeNs search_ns(std::uint64_t distance_computations, std::uint32_t dim) const;
  TimeNs insert_ns(std::uint64_t distance_computations, std::uint32_t dim) const;
};

}  // namespace ringsim
