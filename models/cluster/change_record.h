// One membership change and what it cost: a plain record of the model's changes log
// (ChangePlanner keeps it, ClusterView::changes shows it). Front ends tell changes apart by
// `kind`, never by parsing `action`, which is the text shown to people.
//
// Units: times in virtual ns (-1 while not reached); copies and shards as counts; bytes in
// bytes. Invariant: id is the record's index in the log; at_ns never decreases along it.
#pragma once

#include <cstdint>
#include <string>

#include "cluster/migration.h"
#include "sim/time.h"

namespace ringsim {

enum class ChangeKind : std::uint8_t {
  kJoin,            // nodes joined (timeline join_node, autoscaler, runbook)
  kRemoveNode,      // a graceful remove (drain)
  kFailNode,        // a crash
  kDeclaredDead,    // the failure detector declared a crashed node dead
  kRecoverNode,     // a failed node came back
  kAutoscaleOut,    // the autoscaler's scale-out decision (its joins follow as kJoin)
  kAutoscaleIn,     // the autoscaler's scale-in decision
  kTimelineAction,  // any other timeline action: `action` starts with its registered name
};

struct ChangeRecord {
  ChangeId id = 0;
  TimeNs at_ns = 0;
  ChangeKind kind = ChangeKind::kTimelineAction;
  bool skipped = false;      // asked for but not applicable (e.g. removing a node not up)
  std::string action;        // "join", "remove_node", "fail_node", "declared_dead", "set_rate 900 qps"...
  std::string subject;       // the nodes or keys concerned, e.g. "8,9" or "key 17"
  std::uint32_t members_before = 0;
  std::uint32_t members_after = 0;
  std::uint64_t keys_moved = 0;  // replica copies installed by this change's transfers
  double keys_moved_ideal = 0;   // the minimum any placement must move for this change
  // Vector mode: shard replicas installed, and the minimum in shards (keys_moved_ideal x
  // shards / keys unless the change says otherwise, e.g. 1 for a move_shard).
  std::uint64_t shards_moved = 0;
  double shards_moved_ideal = 0;
  double bytes_moved = 0;
  std::uint64_t transfers_open = 0;
  TimeNs completed_ns = -1;            // all its transfers ended
  TimeNs fully_replicated_ns = -1;     // first time afterwards with no under-replicated key
};

}  // namespace ringsim
