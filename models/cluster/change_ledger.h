// What the migration driver needs of the changes log as its ranges finish: the change record
// a range belongs to (transfers open, keys/bytes/shards moved, completion time) and the
// per-key account (refresh a key whose holders changed, settle one whose source copy is
// dropped). ChangePlanner implements it and the driver is handed it (MigrationDriver::
// set_ledger), so the planner, which starts ranges through the driver, and the driver do not
// call each other back through their concrete types.
#pragma once

#include "cluster/replica_map.h"
#include "models/cluster/change_record.h"

namespace ringsim {

class ChangeLedger {
 public:
  virtual ~ChangeLedger() = default;
  virtual ChangeRecord& change(ChangeId id) = 0;
  // The key's holders changed: its under-replication account is brought up to date.
  virtual void refresh_key(KeyId key) = 0;
  // Drops the key's copies the placement no longer wants, once every wanted one is live.
  virtual void settle_key(KeyId key) = 0;
  // Aborts with a message when an accounting invariant is broken. O(keys).
  virtual void check_invariants() const = 0;
};

}  // namespace ringsim
