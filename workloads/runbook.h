// A streaming runbook in the big-ann-benchmarks format (NeurIPS'23 streaming track,
// https://github.com/harsha-simhadri/big-ann-benchmarks, neurips23/streaming/*.yaml):
//
//   <dataset>:
//     max_pts: 10000            # most vectors live at once (optional)
//     1: {operation: insert, start: 0, end: 7500}     # ids [start, end) of the data set
//     2: {operation: search}                          # the query set, recall vs live vectors
//     3: {operation: replace, tags_start: 0, tags_end: 2500, ids_start: 7500, ids_end: 10000}
//     4: {operation: delete, start: 2500, end: 5000}
//     gt_url: "..."             # ignored (ringsim computes the truth by brute force)
//
// Steps run in ascending number. A replace gives tags [tags_start, tags_end) the vectors of
// ids [ids_start, ids_end) (a tag keeps its identity, its vector changes). Input: bad
// YAML, an unknown operation, a missing or reversed range, ranges of unequal length, or an
// id beyond `ids_max` is a ConfigError naming the file and the step ("/<dataset>/<step>").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ringsim {

struct RunbookStep {
  enum class Operation : std::uint8_t { kInsert, kDelete, kReplace, kSearch };
  std::uint32_t number = 0;
  Operation operation = Operation::kSearch;
  std::uint64_t start = 0;  // insert/delete: ids; replace: tags
  std::uint64_t end = 0;
  std::uint64_t ids_start = 0;  // replace: the vectors' ids
  std::uint64_t ids_end = 0;
};

struct Runbook {
  std::string dataset;
  std::uint64_t max_pts = 0;  // 0 when the file does not say
  std::vector<RunbookStep> steps;
};

const char* runbook_operation_name(RunbookStep::Operation operation);

// Reads entry `dataset` of the YAML runbook at `path`; every id must be below `ids_max`.
Runbook read_runbook(const std::string& path, const std::string& dataset, std::uint64_t ids_max);

}  // namespace ringsim
