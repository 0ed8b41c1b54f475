#include "workloads/kmeans.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <numeric>

#include "sim/assert.h"

namespace ringsim {

float squared_distance(const float* a, const float* b, std::uint32_t dim) {
  float sum = 0;
  for (std::uint32_t i = 0; i < dim; ++i) {
    const float d = a[i] - b[i];
    sum += d * d;
  }
  return sum;
}

std::uint32_t nearest_centroid(const std::vector<float>& centroids, std::uint32_t dim, const float* vector) {
  const auto k = static_cast<std::uint32_t>(centroids.size() / dim);
  std::uint32_t best = 0;
  float best_distance = std::numeric_limits<float>::infinity();
  for (std::uint32_t c = 0; c < k; ++c) {
    const float distance = squared_distance(&centroids[std::size_t{c} * dim], vector, dim);
    if (distance < best_distance) best = c, best_distance = distance;
  }
  return best;
}

void nearest_centroids(const std::vector<float>& centroids, std::uint32_t dim, const float* vector,
                       std::uint32_t count, std::vector<std::uint32_t>& out) {
  const auto k = static_cast<std::uint32_t>(centroids.size() / dim);
  RINGSIM_ASSERT(count <= k);
  std::vector<std::pair<float, std::uint32_t>> ranked(k);
  for (std::uint32_t c = 0; c < k; ++c) ranked[c] = {squared_distance(&centroids[std::size_t{c} * dim], vector, dim), c};
  std::partial_sort(ranked.begin(), ranked.begin() + count, ranked.end());
  out.resize(count);
  for (std::uint32_t i = 0; i < count; ++i) out[i] = ranked[i].second;
}

namespace {

// A sample without replacement: the first `size` of a seeded partial Fisher-Yates shuffle.
std::vector<std::uint64_t> draw_sample(std::uint64_t count, std::uint64_t size, Rng& rng) {
  std::vector<std::uint64_t> ids(count);
  std::iota(ids.begin(), ids.end(), 0);
  size = std::min(size, count);
  for (std::uint64_t i = 0; i < size; ++i) std::swap(ids[i], ids[i + rng.next_below(count - i)]);
  ids.resize(size);
  return ids;
}

// k-means++: the first centre uniform, each next one drawn with probability proportional
// to the squared distance to the nearest centre chosen so far.
std::vector<float> seed_centroids(const KMeansInput& in, const std::vector<std::uint64_t>& sample, Rng& rng) {
  const std::uint32_t dim = in.dim;
  std::vector<float> centroids(std::size_t{in.k} * dim);
  std::vector<double> nearest(sample.size(), std::numeric_limits<double>::infinity());
  std::uint64_t pick = rng.next_below(sample.size());
  for (std::uint32_t c = 0; c < in.k; ++c) {
    std::memcpy(&centroids[std::size_t{c} * dim], in.vectors + sample[pick] * dim, sizeof(float) * dim);
    double total = 0;
    for (std::size_t i = 0; i < sample.size(); ++i) {
      nearest[i] = std::min(nearest[i], double{squared_distance(in.vectors + sample[i] * dim, &centroids[std::size_t{c} * dim], dim)});
      total += nearest[i];
    }
    if (total <= 0) {
      pick = rng.next_below(sample.size());  // Every point is a centre already: repeat one.
      continue;
    }
    double draw = rng.next_unit() * total;
    pick = sample.size() - 1;
    for (std::size_t i = 0; i < sample.size(); ++i) {
      if (draw < nearest[i]) {
        pick = i;
        break;
      }
      draw -= nearest[i];
    }
  }
  return centroids;
}

}  // namespace

std::vector<float> kmeans(const KMeansInput& in, Rng& rng) {
  RINGSIM_ASSERT(in.k >= 1 && in.dim >= 1 && in.count >= 1 && in.vectors != nullptr);
  const std::uint32_t dim = in.dim;
  const std::vector<std::uint64_t> sample = draw_sample(in.count, std::max<std::uint64_t>(in.sample, 1), rng);
  std::vector<float> centroids = seed_centroids(in, sample, rng);
  std::vector<std::uint32_t> owner(sample.size(), in.k);
  std::vector<double> sums(std::size_t{in.k} * dim);
  std::vector<std::uint64_t> sizes(in.k);
  for (std::uint32_t round = 0; round < in.iterations; ++round) {
    bool changed = false;
    for (std::size_t i = 0; i < sample.size(); ++i) {
      const std::uint32_t c = nearest_centroid(centroids, dim, in.vectors + sample[i] * dim);
      changed = changed || c != owner[i];
      owner[i] = c;
    }
    if (!changed) break;
    std::fill(sums.begin(), sums.end(), 0.0);
    std::fill(sizes.begin(), sizes.end(), 0);
    for (std::size_t i = 0; i < sample.size(); ++i) {
      sizes[owner[i]] += 1;
      for (std::uint32_t d = 0; d < dim; ++d) sums[std::size_t{owner[i]} * dim + d] += in.vectors[sample[i] * dim + d];
    }
    for (std::uint32_t c = 0; c < in.k; ++c) {
      if (sizes[c] == 0) continue;
      for (std::uint32_t d = 0; d < dim; ++d) {
        centroids[std::size_t{c} * dim + d] = static_cast<float>(sums[std::size_t{c} * dim + d] / static_cast<double>(sizes[c]));
      }
    }
    for (std::uint32_t c = 0; c < in.k; ++c) {
      if (sizes[c] > 0) continue;
      // An empty cluster takes the sampled vector farthest from its own centroid.
      std::size_t farthest = 0;
      float farthest_distance = -1;
      for (std::size_t i = 0; i < sample.size(); ++i) {
        const float distance =
            squared_distance(in.vectors + sample[i] * dim, &centroids[std::size_t{owner[i]} * dim], dim);
        if (distance > farthest_distance) farthest = i, farthest_distance = distance;
      }
      std::memcpy(&centroids[std::size_t{c} * dim], in.vectors + sample[farthest] * dim, sizeof(float) * dim);
      owner[farthest] = c;
    }
  }
  return centroids;
}

}  // namespace ringsim
