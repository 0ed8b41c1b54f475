#include "index/shard.h"

#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <vector>

#include "index/hnsw_layout.h"
#include "sim/assert.h"

namespace ringsim {

namespace {

constexpr auto kInitialCapacity = static_cast<std::size_t>(hnsw_layout::kInitialCapacity);

// hnswlib calls its distance function through a plain function pointer with one opaque
// parameter; this parameter carries the real function and a counter to bump.
struct CountingParam {
  hnswlib::DISTFUNC<float> inner = nullptr;
  void* inner_param = nullptr;
  const hnswlib::HierarchicalNSW<float>* index = nullptr;  // set once the index exists
  mutable std::uint64_t count = 0;
  mutable std::uint64_t deleted_count = 0;
};

// hnswlib passes the stored entry as the second argument (the query or the inserted point
// first); an entry lives in its level-0 block, so its slot follows from the address.
bool is_deleted_entry(const hnswlib::HierarchicalNSW<float>& index, const void* entry) {
  if (index.num_deleted_ == 0) return false;
  const char* base = index.data_level0_memory_;
  const auto* at = static_cast<const char*>(entry);
  if (at < base || at >= base + index.max_elements_ * index.size_data_per_element_) return false;
  const auto slot = static_cast<hnswlib::tableint>(static_cast<std::size_t>(at - base) / index.size_data_per_element_);
  return slot < index.cur_element_count && index.isMarkedDeleted(slot);
}

float counting_distance(const void* a, const void* b, const void* param) {
  const auto* counting = static_cast<const CountingParam*>(param);
  counting->count += 1;
  if (counting->index != nullptr && is_deleted_entry(*counting->index, b)) counting->deleted_count += 1;
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
  std::uint64_t deleted_count() const { return param_.deleted_count; }
  void watch(const hnswlib::HierarchicalNSW<float>* index) { param_.index = index; }

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
  std::deque<hnswlib::tableint> deleted_slots;  // replace_deleted: oldest deletion first
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
  impl_->space->watch(impl_->index.get());
  impl_->scratch.resize(config.dim);
}

Shard::~Shard() = default;

std::uint64_t Shard::upsert(std::uint32_t id, const float* vector) {
  hnswlib::HierarchicalNSW<float>& index = *impl_->index;
  const bool is_new = index.label_lookup_.count(id) == 0;
  if (is_new && impl_->config.replace_deleted) {
    if (const std::optional<std::uint64_t> work = replace_deleted_slot(id, vector)) return *work;
  }
  if (index.cur_element_count >= index.max_elements_ && is_new) {
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

const float* Shard::prepared(const float* vector) const {
  if (impl_->config.metric != VectorMetric::kCosine) return vector;
  double norm_squared = 0;
  for (std::uint32_t i = 0; i < impl_->config.dim; ++i) norm_squared += double{vector[i]} * vector[i];
  const double scale = norm_squared > 0 ? 1.0 / std::sqrt(norm_squared) : 0.0;
  for (std::uint32_t i = 0; i < impl_->config.dim; ++i) impl_->scratch[i] = static_cast<float>(vector[i] * scale);
  return impl_->scratch.data();
}

std::optional<std::uint64_t> Shard::replace_deleted_slot(std::uint32_t id, const float* vector) {
  hnswlib::HierarchicalNSW<float>& index = *impl_->index;
  std::deque<hnswlib::tableint>& slots = impl_->deleted_slots;
  while (!slots.empty() && !index.isMarkedDeleted(slots.front())) slots.pop_front();  // undeleted since
  if (slots.empty()) return std::nullopt;
  const hnswlib::tableint slot = slots.front();
  slots.pop_front();
  // As hnswlib 0.7 does: the slot takes the new label, is undeleted, and its vector and
  // links are updated in place.
  index.label_lookup_.erase(index.getExternalLabel(slot));
  index.label_lookup_[id] = slot;
  index.setExternalLabel(slot, id);
  index.unmarkDeletedInternal(slot);
  const float* data = prepared(vector);
  const std::uint64_t before = impl_->space->count();
  index.updatePoint(data, slot, 1.0f);
  return impl_->space->count() - before;
}

void Shard::remove(std::uint32_t id) {
  hnswlib::HierarchicalNSW<float>& index = *impl_->index;
  const auto found = index.label_lookup_.find(id);
  if (found == index.label_lookup_.end() || index.isMarkedDeleted(found->second)) return;
  index.markDelete(id);
  if (impl_->config.replace_deleted) impl_->deleted_slots.push_back(found->second);
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

std::uint64_t Shard::element_count() const { return impl_->index->cur_element_count; }

double Shard::tombstone_ratio() const {
  const hnswlib::HierarchicalNSW<float>& index = *impl_->index;
  return index.cur_element_count == 0
             ? 0.0
             : static_cast<double>(index.num_deleted_) / static_cast<double>(index.cur_element_count);
}

std::uint64_t Shard::deleted_visits() const { return impl_->space->deleted_count(); }

std::uint64_t Shard::capacity() const { return impl_->index->max_elements_; }

std::unique_ptr<Shard> Shard::compacted(std::uint64_t& work) const {
  const hnswlib::HierarchicalNSW<float>& index = *impl_->index;
  auto fresh = std::make_unique<Shard>(impl_->config);
  work = 0;
  for (hnswlib::tableint slot = 0; slot < index.cur_element_count; ++slot) {
    if (index.isMarkedDeleted(slot)) continue;
    // Stored vectors are already normalised for cosine; normalising again changes nothing.
    const auto* data = reinterpret_cast<const float*>(index.getDataByInternalId(slot));
    work += fresh->upsert(static_cast<std::uint32_t>(index.getExternalLabel(slot)), data);
  }
  return fresh;
}

std::uint64_t Shard::memory_bytes() const {
  const hnswlib::HierarchicalNSW<float>& index = *impl_->index;
  // Everything hnswlib allocates per index: the level-0 block per slot, upper-level links
  // per element, per-slot level and lock arrays, its fixed table of update locks (65536
  // mutexes per index, the largest item for small shards), one visited list of two bytes
  // per slot (single-threaded searches keep one), and the label map (an unordered_map
  // node is about four words).
  constexpr auto kLabelMapBytesPerEntry = static_cast<std::uint64_t>(hnsw_layout::kLabelMapBytesPerEntry);
  constexpr auto kVisitedListBytesPerSlot = static_cast<std::uint64_t>(hnsw_layout::kVisitedBytesPerSlot);
  static_assert(sizeof(unsigned short) == hnsw_layout::kVisitedBytesPerSlot);
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
