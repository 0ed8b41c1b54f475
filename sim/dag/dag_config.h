// Reads a user-defined DAG from scenario JSON, strictly (unknown keys are errors):
//
//   {"name": "ingest",
//    "tasks": [
//      {"name": "extract", "kind": "extract",
//       "cost": {"type": "constant", "value_ms": 5},
//       "retries": 2, "backoff_ms": 10, "timeout_ms": 1000, "runs_on": "any"},
//      {"name": "chunk", "after": ["extract"],
//       "cost": {"type": "work", "terms": [{"what": "items", "units": 64, "per_unit_ms": 0.05}]}}]}
//
// Dependencies are written per task as "after": [names] (there is no separate edge list),
// so an error points at the task and the entry that is wrong. Every key is listed with its
// unit and range in docs/dag.md. Errors are ConfigErrors naming the JSON pointer:
// a duplicate name points at /tasks/i/name, a missing or repeated dependency and the edge
// closing a cycle at /tasks/i/after/k.
#pragma once

#include "sim/dag/dag.h"
#include "sim/json_reader.h"

namespace ringsim {

// Bounds of the millisecond keys (1 h), matching kDagDurationNsMax.
inline constexpr double kDagDurationMsMax = 3.6e6;
// Bound of one work term's unit count (items, tokens, bytes).
inline constexpr double kDagWorkUnitsMax = 1e12;

DagSpec read_dag(ObjectReader reader);

}  // namespace ringsim
