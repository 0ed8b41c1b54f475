// Exact nearest neighbours by scanning every vector: the ground truth that recall is
// measured against. Uses the same distance definitions as Shard (L2 squared; 1 - dot for
// inner product; 1 - cosine similarity), in double precision.
#pragma once

#include <cstdint>
#include <vector>

#include "index/shard.h"

namespace ringsim {

float exact_distance(VectorMetric metric, const float* a, const float* b, std::uint32_t dim);

// The k nearest of the candidate ids (vectors[id * dim ...]), closest first, ties by id.
void brute_force_search(VectorMetric metric, const std::vector<float>& vectors, std::uint32_t dim,
                        const std::vector<std::uint32_t>& candidate_ids, const float* query, std::uint32_t k,
                        std::vector<SearchHit>& hits);

// |found ∩ truth| / |truth| by id (1 when truth is empty).
double recall(const std::vector<SearchHit>& found, const std::vector<SearchHit>& truth);

}  // namespace ringsim
