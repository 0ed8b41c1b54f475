// k-means (Lloyd's algorithm with k-means++ seeding) on a seeded sample of vectors, and the
// nearest-centroid lookups that IVF-style partitioning and routing need.
//
// Shapes: vectors are row-major float arrays of `dim` floats; centroids likewise, k rows.
// Distances are squared Euclidean whatever the collection's metric (a partition only has
// to group neighbours; for cosine data the vectors are normalised, where L2 and cosine
// order neighbours alike).
// Determinism: every draw comes from the Rng passed in; ties go to the lower index; sums
// run in a fixed order. Empty clusters are re-seeded with the sampled vector farthest from
// its centroid, so every centroid stays a real place in the data.
// Sources: Lloyd (1982) "Least squares quantization in PCM"; Arthur and Vassilvitskii
// (2007) "k-means++: the advantages of careful seeding".
#pragma once

#include <cstdint>
#include <vector>

#include "sim/random.h"

namespace ringsim {

struct KMeansInput {
  const float* vectors = nullptr;  // count x dim
  std::uint64_t count = 0;
  std::uint32_t dim = 0;
  std::uint32_t k = 1;               // 1 <= k
  std::uint64_t sample = 10'000;     // vectors drawn (without replacement) to train on
  std::uint32_t iterations = 20;     // Lloyd rounds at most (stops early when stable)
};

// k centroids (k x dim). When fewer than k vectors are sampled, the missing centroids
// repeat sampled vectors.
std::vector<float> kmeans(const KMeansInput& input, Rng& rng);

float squared_distance(const float* a, const float* b, std::uint32_t dim);
// Index of the centroid nearest `vector` (ties: lower index).
std::uint32_t nearest_centroid(const std::vector<float>& centroids, std::uint32_t dim, const float* vector);
// The `count` centroids nearest `vector`, nearest first (ties: lower index); count <= k.
void nearest_centroids(const std::vector<float>& centroids, std::uint32_t dim, const float* vector,
                       std::uint32_t count, std::vector<std::uint32_t>& out);

}  // namespace ringsim
