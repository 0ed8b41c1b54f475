#include "index/cost_model.h"

#include <cmath>

#include "sim/assert.h"

namespace ringsim {

const std::vector<DistanceCostRow>& default_distance_costs() {
  static const std::vector<DistanceCostRow> table = {
      {16, 45.4}, {32, 49.2}, {64, 53.2}, {128, 63.4}, {256, 96.3}, {512, 243.5}, {768, 378.3}, {1024, 587.6},
  };
  return table;
}

double CostModel::ns_per_distance(std::uint32_t dim) const {
  RINGSIM_ASSERT(!distance_costs.empty());
  if (dim <= distance_costs.front().dim) return distance_costs.front().ns_per_distance;
  for (std::size_t i = 1; i < distance_costs.size(); ++i) {
    const DistanceCostRow& low = distance_costs[i - 1];
    const DistanceCostRow& high = distance_costs[i];
    if (dim <= high.dim) {
      const double fraction = static_cast<double>(dim - low.dim) / static_cast<double>(high.dim - low.dim);
      return low.ns_per_distance + fraction * (high.ns_per_distance - low.ns_per_distance);
    }
  }
  const DistanceCostRow& last = distance_costs.back();
  return last.ns_per_distance * static_cast<double>(dim) / static_cast<double>(last.dim);
}

TimeNs CostModel::search_ns(std::uint64_t distance_computations, std::uint32_t dim) const {
  return search_overhead_ns +
         static_cast<TimeNs>(std::llround(static_cast<double>(distance_computations) * ns_per_distance(dim)));
}

TimeNs CostModel::insert_ns(std::uint64_t distance_computations, std::uint32_t dim) const {
  return insert_overhead_ns +
         static_cast<TimeNs>(std::llround(static_cast<double>(distance_computations) * ns_per_distance(dim)));
}

}  // namespace ringsim
