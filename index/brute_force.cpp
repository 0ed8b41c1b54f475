#include "index/brute_force.h"

#include <algorithm>
#include <cmath>

namespace ringsim {

float exact_distance(VectorMetric metric, const float* a, const float* b, std::uint32_t dim) {
  if (metric == VectorMetric::kL2) {
    double sum = 0;
    for (std::uint32_t i = 0; i < dim; ++i) {
      const double difference = double{a[i]} - b[i];
      sum += difference * difference;
    }
    return static_cast<float>(sum);
  }
  double dot = 0;
  double norm_a = 0;
  double norm_b = 0;
  for (std::uint32_t i = 0; i < dim; ++i) {
    dot += double{a[i]} * b[i];
    norm_a += double{a[i]} * a[i];
    norm_b += double{b[i]} * b[i];
  }
  if (metric == VectorMetric::kCosine) {
    const double norms = std::sqrt(norm_a * norm_b);
    return static_cast<float>(norms > 0 ? 1.0 - dot / norms : 1.0);
  }
  return static_cast<float>(1.0 - dot);
}

void brute_force_search(VectorMetric metric, const std::vector<float>& vectors, std::uint32_t dim,
                        const std::vector<std::uint32_t>& candidate_ids, const float* query, std::uint32_t k,
                        std::vector<SearchHit>& hits) {
  hits.clear();
  hits.reserve(candidate_ids.size());
  for (const std::uint32_t id : candidate_ids) {
    hits.push_back(SearchHit{id, exact_distance(metric, query, &vectors[std::size_t{id} * dim], dim)});
  }
  const auto closer = [](const SearchHit& a, const SearchHit& b) {
    return a.distance < b.distance || (a.distance == b.distance && a.id < b.id);
  };
  const std::size_t keep = std::min<std::size_t>(k, hits.size());
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(keep), hits.end(), closer);
  hits.resize(keep);
}

double recall(const std::vector<SearchHit>& found, const std::vector<SearchHit>& truth) {
  if (truth.empty()) return 1.0;
  std::size_t matched = 0;
  for (const SearchHit& expected : truth) {
    for (const SearchHit& hit : found) {
      if (hit.id == expected.id) {
        matched += 1;
        break;
      }
    }
  }
  return static_cast<double>(matched) / static_cast<double>(truth.size());
}

}  // namespace ringsim
