#include "viz/series_lookup.h"

#include <cmath>

namespace ringsim::viz {

const std::vector<TimePoint>* SeriesLookup::find(const Metrics& metrics, std::uint64_t generation,
                                                 const std::string& name) {
  const std::vector<std::string>& names = metrics.series_names();
  if (generation != generation_ || names.size() < indexed_) {
    index_.clear();
    indexed_ = 0;
    generation_ = generation;
  }
  for (; indexed_ < names.size(); ++indexed_) index_.emplace(names[indexed_], static_cast<SeriesId>(indexed_));
  const auto it = index_.find(name);
  return it == index_.end() ? nullptr : &metrics.series(it->second);
}

double SeriesLookup::last_value(const Metrics& metrics, std::uint64_t generation, const std::string& name,
                                double fallback) {
  const std::vector<TimePoint>* series = find(metrics, generation, name);
  if (series == nullptr || series->empty() || std::isnan(series->back().value)) return fallback;
  return series->back().value;
}

}  // namespace ringsim::viz
