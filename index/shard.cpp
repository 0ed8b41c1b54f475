#include "index/shard.h"

#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/assert.h"

namespace ringsim {

namespace {

constexpr std::size_t kInitialCapacity = 1024;

// hnswlib calls its distance function through a plain function pointer with one opaque
// parameter; this parameter carries the real function and a counter to bump.
struct CountingParam {
  hnswlib::DISTFUNC<float> inner = nullptr;
  void* inner_param = nullptr;
  mutable std::uint64_t count = 0;
};

float counting_distance(const void* a, const void* b, const void* param) {
  const auto* counting = static_cast<const CountingParam*>(param);
  counting->count += 1;
  return counting->inner(a, b, counting->inner_param);
}

class CountingSpace final : public hnswlib::SpaceInterface<float> {
 public:
  explicit CountingSpace(std::unique_ptr<hnswlib::SpaceInterface<float>> inner) : inner_(std::move(inner)) {
    param_.inner = inner_->get_dist_func();
    param_.inner_param = inner_->get_dist_func_param();
  }
  size_t get_data_size() override { return inner_->get_data_size(); }
  hnswlib::DISTFUNC<float> get_dist_func() override { return counting_distance; }
  void* get_dist_func_param() override { return &param_; }
  std::uint64_t count() const { return param_.count; }

 private:
  std::unique_ptr<hnswlib::SpaceInterface<float>> inner_;
  CountingParam param_;
};

std::uint64_t mix(std::uint64_t hash, std::uint64_t value) {
  hash ^= value + 0x9e3779b97f4a7c15ULL + (hash << 6) + (hash >> 2);
  return hash * 0xff51afd7ed558ccdULL;
}

}  // namespace

struct Shard::Impl {
  HnswConfig config;
  std::unique_ptr<CountingSpace> space;
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> index;
  std::vector<float> scratch;  // normalised copy for cosine
};

Shard::Shard(const HnswConfig& config) : impl_(std::make_unique<Impl>()) {
  RINGSIM_ASSERT(config.dim > 0);
  impl_->config = config;
  std::unique_ptr<hnswlib::SpaceInterface<float>> inner;
  if (config.metric == VectorMetric::kL2) {
    inner = std::make_unique<hnswlib::L2Space>(config.dim);
  } else {
    inner = std::make_unique<hnswlib::InnerProductSpace>(config.dim);
  }
  impl_->space = std::make_unique<CountingSpace>(std::move(inner));
  impl_->index = std::make_unique<hnswlib::HierarchicalNSW<float>>(impl_->space.get(), kInitialCapacity, config.m,
                                                                   config.ef_construction, config.level_seed);
  impl_->scratch.resize(config.dim);
}

Shard::~Shard() = default;

std::uint64_t Shard::upsert(std::uint32_t id, const float* vector) {
  hnswlib::HierarchicalNSW<float>& index = *impl_->index;
  if (index.cur_element_count >= index.max_elements_ && index.label_lookup_.count(id) == 0) {
    index.resizeIndex(index.max_elements_ * 2);
  }
  const float* data = vector;
  if (impl_->config.metric == VectorMetric::kCosine) {
    double norm_squared = 0;
    for (std::uint32_t i = 0; i < impl_->config.dim; ++i) norm_squared += double{vector[i]} * vector[i];
    const double scale = norm_squared > 0 ? 1.0 / std::sqrt(norm_squared) : 0.0;
    for (std::uint32_t i = 0; i < impl_->config.dim; ++i) impl_->scratch[i] = static_cast<float>(vector[i] * scale);
    data = impl_->scratch.data();
  }
  const std::uint64_t before = impl_->space->count();
  index.addPoint(data, id);
  return impl_->space->count() - before;
}

void Shard::remove(std::uint32_t id) {
  hnswlib::HierarchicalNSW<float>& index = *impl_->index;
  const auto found = index.label_lookup_.find(id);
  if (found == index.label_lookup_.end() || index.isMarkedDeleted(found->second)) return;
  index.markDelete(id);
}

bool Shard::contains(std::uint32_t id) const {
  const hnswlib::HierarchicalNSW<float>& index = *impl_->index;
  const auto found = index.label_lookup_.find(id);
  return found != index.label_lookup_.end() && !index.isMarkedDeleted(found->second);
}

std::uint64_t Shard::search(const float* query, std::uint32_t k, std::uint32_t ef,
                            std::vector<SearchHit>& hits) const {
  hits.clear();
  hnswlib::HierarchicalNSW<float>& index = *impl_->index;
  if (index.cur_element_count == 0 || k == 0) return 0;
  const float* data = query;
  std::vector<float> normalised;
  if (impl_->config.metric == VectorMetric::kCosine) {
    double norm_squared = 0;
    for (std::uint32_t i = 0; i < impl_->config.dim; ++i) norm_squared += double{query[i]} * query[i];
    const double scale = norm_squared > 0 ? 1.0 / std::sqrt(norm_squared) : 0.0;
    normalised.resize(impl_->config.dim);
    for (std::uint32_t i = 0; i < impl_->config.dim; ++i) normalised[i] = static_cast<float>(query[i] * scale);
    data = normalised.data();
  }
  index.setEf(std::max<std::size_t>(ef, k));
  const std::uint64_t before = impl_->space->count();
  auto result = index.searchKnn(data, k);
  const std::uint64_t work = impl_->space->count() - before;
  hits.resize(result.size());
  // hnswlib returns a farthest-first heap; fill from the back for closest-first.
  for (std::size_t i = hits.size(); i-- > 0;) {
    hits[i] = SearchHit{static_cast<std::uint32_t>(result.top().second), result.top().first};
    result.pop();
  }
  std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
    return a.distance < b.distance || (a.distance == b.distance && a.id < b.id);
  });
  return work;
}

std::uint64_t Shard::live_count() const { return impl_->index->cur_element_count - impl_->index->num_deleted_; }

std::uint64_t Shard::capacity() const { return impl_->index->max_elements_; }

std::uint64_t Shard::memory_bytes() const {
  const hnswlib::HierarchicalNSW<float>& index = *impl_->index;
  // Everything hnswlib allocates per index: the level-0 block per slot, upper-level links
  // per element, per-slot level and lock arrays, its fixed table of update locks (65536
  // mutexes per index, the largest item for small shards), one visited list of two bytes
  // per slot (single-threaded searches keep one), and the label map (an unordered_map
  // node is about four words).
  constexpr std::uint64_t kLabelMapBytesPerEntry = 32;
  constexpr std::uint64_t kVisitedListBytesPerSlot = sizeof(unsigned short);
  std::uint64_t upper_bytes = 0;
  for (std::size_t i = 0; i < index.cur_element_count; ++i) {
    upper_bytes += static_cast<std::uint64_t>(index.element_levels_[i]) * index.size_links_per_element_;
  }
  const std::uint64_t per_slot_bytes = index.size_data_per_element_ + sizeof(int) + sizeof(std::mutex) +
                                       sizeof(void*) + kVisitedListBytesPerSlot;
  return index.max_elements_ * per_slot_bytes + upper_bytes +
         index.link_list_update_locks_.size() * sizeof(std::mutex) +
         index.cur_element_count * kLabelMapBytesPerEntry;
}

std::uint64_t Shard::structure_digest() const {
  const hnswlib::HierarchicalNSW<float>& index = *impl_->index;
  std::uint64_t digest = index.cur_element_count;
  digest = mix(digest, static_cast<std::uint64_t>(index.maxlevel_));
  digest = mix(digest, index.enterpoint_node_);
  for (std::size_t i = 0; i < index.cur_element_count; ++i) {
    digest = mix(digest, index.getExternalLabel(static_cast<hnswlib::tableint>(i)));
    const int levels = index.element_levels_[i];
    for (int level = 0; level <= levels; ++level) {
      unsigned int* links = index.get_linklist_at_level(static_cast<hnswlib::tableint>(i), level);
      const unsigned int count = index.getListCount(links);
      digest = mix(digest, count);
      for (unsigned int j = 1; j <= count; ++j) digest = mix(digest, links[j]);
    }
  }
  return digest;
}

}  // namespace ringsim
