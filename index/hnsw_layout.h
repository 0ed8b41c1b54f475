// hnswlib's memory layout (hnswlib 0.6.2, hnswalg.h: HierarchicalNSW's constructor, addPoint
// and resizeIndex), written once: what the run estimate (run/estimate.cpp), the snapshot
// transfer's bytes per key (models/cluster/cluster_core.cpp) and the shard's own account
// (index/shard.cpp, which reads the live index's fields) are computed from.
//
// Per slot (max_elements_ of them, doubling from kInitialCapacity as the shard grows):
//   the level-0 record, size_data_per_element_: the vector (dim floats), the level-0 link
//   list (2M links of 4 bytes + a 4-byte count) and the label (8 bytes);
//   beside it: the element's level (int), its lock (a std::mutex), the pointer to its upper
//   lists, and one entry of the visited list (unsigned short).
// Per element on upper levels: one list of M links + a count (size_links_per_element_) per
// level; level l >= 1 is reached with probability M^-l, so 1/(M-1) levels on average.
// Per index: a fixed table of 65,536 update locks; per label, an unordered_map node.
// All sizes are bytes; inputs and results are doubles (the estimate works in doubles).
#pragma once

#include <algorithm>

namespace ringsim::hnsw_layout {

inline constexpr double kFloatBytes = 4;
inline constexpr double kLinkBytes = 4;        // tableint
inline constexpr double kLinkCountBytes = 4;   // linklistsizeint
inline constexpr double kLabelBytes = 8;       // labeltype (size_t)
inline constexpr double kMutexBytes = 40;      // sizeof(std::mutex), glibc on 64-bit
inline constexpr double kVisitedBytesPerSlot = 2;  // vl_type (unsigned short)
inline constexpr double kLabelMapBytesPerEntry = 32;  // an unordered_map node: about four words
inline constexpr double kUpdateLocks = 65536;  // MAX_LABEL_OPERATION_LOCKS
inline constexpr double kInitialCapacity = 1024;  // index/shard.cpp's first max_elements

// size_data_per_element_: the vector, the level-0 list, the label.
inline double level0_record_bytes(double dim, double m) {
  return dim * kFloatBytes + (2 * m * kLinkBytes + kLinkCountBytes) + kLabelBytes;
}
// Beside each slot's record: level, lock, upper-lists pointer, visited-list entry.
inline constexpr double kSlotOverheadBytes = 4 + kMutexBytes + 8 + kVisitedBytesPerSlot;
// size_links_per_element_: one upper-level list.
inline double upper_list_bytes(double m) { return m * kLinkBytes + kLinkCountBytes; }
// Expected upper-level bytes of `elements` elements (1/(M-1) levels each).
inline double expected_upper_bytes(double elements, double m) {
  return elements * upper_list_bytes(m) / std::max(1.0, m - 1);
}
// The per-index fixed cost: the update locks.
inline constexpr double kFixedBytes = kUpdateLocks * kMutexBytes;

}  // namespace ringsim::hnsw_layout
